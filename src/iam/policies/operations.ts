import type { IamDeps, OperationTable } from '../operation.js';
import { attachmentOperations } from './attachments.js';
import { inlinePolicyOperations } from './inline-policies.js';
import { managedPolicyOperations } from './managed-policies.js';

/** The policies operations of IAM: managed policies and versions, attachments, inline policies. */
export function policyOperations(deps: IamDeps): OperationTable {
  return {
    ...managedPolicyOperations(deps),
    ...attachmentOperations(deps),
    ...inlinePolicyOperations(deps),
  };
}
