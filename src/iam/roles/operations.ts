import type { IamDeps, OperationTable } from '../operation.js';

/** The roles and instance profiles operations of IAM. */
export function roleOperations(_deps: IamDeps): OperationTable {
  return {};
}
