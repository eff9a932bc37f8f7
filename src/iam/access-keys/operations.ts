import type { IamDeps, OperationTable } from '../operation.js';

/** The access-keys operations of IAM. */
export function accessKeyOperations(_deps: IamDeps): OperationTable {
  return {};
}
