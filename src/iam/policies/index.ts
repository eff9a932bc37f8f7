/**
 * IAM's policies: customer managed policies with versions, the AWS managed catalogue, attachments and
 * inline policies. The enforcement path reads managed policy documents through
 * {@link resolveManagedPolicyDocument}.
 */
import type { StoreReads } from '../../store/port.js';
import { findManagedPolicy } from './managed-policy.js';

export { policyOperations } from './operations.js';
export { awsManagedPolicy, awsManagedPolicies, type AwsManagedPolicy } from './aws-managed-catalogue.js';
export { encodePolicyDocument } from './documents.js';

/**
 * The default version's document (JSON text) of the managed policy `policyArn` as seen from `accountId`:
 * an AWS managed policy of the catalogue or one of the account's customer managed policies. Undefined when
 * there is no such policy.
 */
export async function resolveManagedPolicyDocument(
  tx: StoreReads, partition: string, accountId: string, policyArn: string,
): Promise<string | undefined> {
  const policy = await findManagedPolicy(tx, partition, accountId, policyArn);
  return policy?.versions.find((v) => v.versionId === policy.defaultVersionId)?.document;
}
