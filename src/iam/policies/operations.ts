import type { IamDeps, OperationTable } from '../operation.js';
import { attachmentOperations } from './attachments.js';
import { inlinePolicyOperations } from './inline-policies.js';
import { managedPolicyOperations } from './managed-policies.js';
import { policiesGrantingServiceAccessOperations } from './policies-granting-service-access.js';

/**
 * The policies operations of IAM: managed policies and versions, attachments, inline policies, and
 * ListPoliciesGrantingServiceAccess.
 */
export function policyOperations(deps: IamDeps): OperationTable {
  return {
    ...managedPolicyOperations(deps),
    ...attachmentOperations(deps),
    ...inlinePolicyOperations(deps),
    ...policiesGrantingServiceAccessOperations(deps),
  };
}
