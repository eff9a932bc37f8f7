/**
 * Enforcement for IAM and STS calls: the action's resource ARN from AWS's service authorization reference
 * (`catalog.ts`, generated), the request context AWS builds, a principal's policies loaded from the store
 * and compiled once into an in-memory snapshot, and the decision by the pure engine (`src/evaluation`).
 */
export { createEnforcer, accessDenied, type Enforcer, type EnforcerDeps } from './enforcer.js';
export type { CallToAuthorize, CallDecision } from './call.js';
export { resolveResource, catalogAction, entityTags, type ResolvedResource } from './resource.js';
export { buildRequestContext, type ContextSource } from './context.js';
export {
  loadUserPolicies, loadPrincipalPolicies, customerManagedPolicyDocument, type ManagedPolicyResolver, type PolicySource, type UserPolicies,
  type PrincipalPolicies,
} from './principal-policies.js';
export { SnapshotCache, compileUserSnapshot, type UserSnapshot } from './snapshot.js';
export type { EntityReads } from './reads.js';
export { CATALOG_ACTIONS, CATALOG_RESOURCE_TYPES, type CatalogAction, type CatalogResourceType } from './catalog.js';
