/**
 * IAM's policies: customer managed policies with versions, the AWS managed catalogue, attachments and
 * inline policies. The enforcement path reads managed policy documents through
 * {@link resolveManagedPolicyDocument}.
 */
export { policyOperations } from './operations.js';
export { awsManagedPolicy, awsManagedPolicies, type AwsManagedPolicy } from './aws-managed-catalogue.js';
export { encodePolicyDocument } from './documents.js';
export { resolveManagedPolicyDocument } from './managed-policy.js';
export { type IdentityByArn, loadIdentityByArn } from './identity-by-arn.js';
