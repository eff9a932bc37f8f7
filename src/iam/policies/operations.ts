import type { IamDeps, OperationTable } from '../operation.js';

/** The policies operations of IAM. */
export function policyOperations(_deps: IamDeps): OperationTable {
  return {};
}
