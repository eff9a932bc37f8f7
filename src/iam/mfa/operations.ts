import type { IamDeps, OperationTable } from '../operation.js';
import { assignmentOperations } from './assignments.js';
import { virtualDeviceOperations } from './virtual-devices.js';

/** IAM's virtual MFA operations: the devices, their tags, and their assignment to users. */
export function mfaOperations(deps: IamDeps): OperationTable {
  return { ...virtualDeviceOperations(deps), ...assignmentOperations(deps) };
}
