import type { IamDeps, OperationTable } from '../operation.js';
import { boundaryOperations } from './boundaries.js';
import { instanceProfileOperations } from './instance-profiles.js';
import { roleCoreOperations } from './roles.js';
import { serviceLinkedRoleOperations } from './service-linked-roles.js';

/** The roles, instance profiles, permissions boundaries and service-linked roles operations of IAM. */
export function roleOperations(deps: IamDeps): OperationTable {
  return {
    ...roleCoreOperations(deps),
    ...boundaryOperations(deps),
    ...serviceLinkedRoleOperations(deps),
    ...instanceProfileOperations(deps),
  };
}
