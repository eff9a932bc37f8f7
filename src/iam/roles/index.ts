/**
 * Roles, instance profiles, the permissions-boundary operations and service-linked roles. Other IAM
 * folders use `isServiceLinked` / `refuseIfServiceLinked` (a service-linked role's policies are its
 * service's). `checkBoundaryPolicy` / `boundaryView` are `src/iam/boundaries.ts`'s, re-exported here for
 * the code that has always found them here.
 */
export { roleOperations } from './operations.js';
export { checkBoundaryPolicy, boundaryView } from '../boundaries.js';
export { isServiceLinked, refuseIfServiceLinked, SERVICE_LINKED_PATH_PREFIX } from './protected-roles.js';
export { encodePolicyDocument } from './trust-policy.js';
