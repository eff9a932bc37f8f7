/**
 * Roles, instance profiles, permissions boundaries and service-linked roles. Other IAM folders use
 * `checkBoundaryPolicy` / `boundaryView` (CreateUser's PermissionsBoundary, GetUser's answer) and
 * `isServiceLinked` / `refuseIfServiceLinked` (a service-linked role's policies are its service's).
 */
export { roleOperations } from './operations.js';
export { checkBoundaryPolicy, boundaryView } from './boundaries.js';
export { isServiceLinked, refuseIfServiceLinked, SERVICE_LINKED_PATH_PREFIX } from './protected-roles.js';
export { encodePolicyDocument } from './trust-policy.js';
