import type { IamDeps, OperationTable } from '../operation.js';

/** The groups operations of IAM. */
export function groupOperations(_deps: IamDeps): OperationTable {
  return {};
}
