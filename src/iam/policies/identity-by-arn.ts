import { type AwsError, parseArn } from '../../kernel/index.js';
import { type PrincipalPolicies, loadPrincipalPolicies } from '../authorization/index.js';
import { IamErrors } from '../errors.js';
import type { IamDeps } from '../operation.js';
import { resolveManagedPolicyDocument } from './managed-policy.js';

/** The user, group or role an ARN names, loaded with its policies (see {@link loadIdentityByArn}). */
export interface IdentityByArn {
  readonly kind: 'user' | 'group' | 'role';
  readonly loaded: PrincipalPolicies;
}

/**
 * The user, group or role an ARN names in the caller's account, with its policies (the simulator's
 * PolicySourceArn, ListPoliciesGrantingServiceAccess's Arn). AWS validates IAM ARNs strictly — the caller's
 * partition, service `iam`, no region, a 12-digit account, an IAM resource type (IAM's notice of 2024,
 * quoted in cloud-gov/aws-broker#383): anything else is `invalid(text)`, each operation's own error. An ARN
 * of another account, or whose path is not the identity's, is `NoSuchEntity`, as for a missing identity.
 */
export async function loadIdentityByArn(
  deps: IamDeps, accountId: string, text: string, invalid: (text: string) => AwsError,
): Promise<IdentityByArn> {
  const arn = parseArn(text);
  const kind = arn?.resource.slice(0, arn.resource.indexOf('/'));
  const name = arn?.resource.slice(arn.resource.lastIndexOf('/') + 1);
  if (arn === undefined || arn.partition !== deps.partition || arn.service !== 'iam' || arn.region !== '' || !/^\d{12}$/.test(arn.account)
    || (kind !== 'user' && kind !== 'group' && kind !== 'role') || name === undefined || name === '') {
    throw invalid(text);
  }
  const loaded = arn.account === accountId
    ? await deps.store.read((tx) => loadPrincipalPolicies(tx, resolveManagedPolicyDocument, deps.partition, accountId, kind, name))
    : undefined;
  if (loaded === undefined || loaded.entity.arn !== text) throw IamErrors.noSuchEntity(kind, name);
  return { kind, loaded };
}
