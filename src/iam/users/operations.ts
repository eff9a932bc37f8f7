import type { IamDeps, OperationTable } from '../operation.js';

/** The users operations of IAM. */
export function userOperations(_deps: IamDeps): OperationTable {
  return {};
}
