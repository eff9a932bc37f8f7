import type { Caller } from '../../authn/caller.js';
import type { CompiledPolicy, ContextInputValue } from '../../evaluation/index.js';
import type { Arn } from '../../kernel/index.js';
import type { IamEntityRecord } from '../../store/port.js';
import { type RoleData, dataOf } from '../records.js';
import type { EntityReads } from './reads.js';
import { compileSource } from './snapshot.js';

/** A role and its trust policy compiled as the role's resource-based policy. */
export interface RoleTrust {
  readonly role: IamEntityRecord;
  readonly policy: CompiledPolicy;
}

/** The STS actions whose resource is a role and whose resource-based policy is the role's trust policy. */
export const TRUST_ACTIONS: ReadonlySet<string> = new Set(['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity']);

/**
 * The role `roleArn` names, with its trust policy: AWS evaluates the trust policy as the role's
 * resource-based policy, which must allow even within one account
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html,
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html). Undefined when no role has
 * exactly this ARN (path included): the engine then finds no resource policy and denies, as AWS answers
 * AccessDenied for a role that does not exist.
 */
export async function roleTrust(reads: EntityReads, roleArn: string, arn: Arn): Promise<RoleTrust | undefined> {
  if (arn.service !== 'iam' || !arn.resource.startsWith('role/')) return undefined;
  const role = await reads.getEntity(arn.account, 'role', arn.resource.slice(arn.resource.lastIndexOf('/') + 1));
  if (role === undefined || role.arn !== roleArn) return undefined;
  const document = dataOf<RoleData>(role).assumeRolePolicyDocument;
  return { role, policy: compileSource({ kind: 'inline', id: 'trust', document }) };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * The keys AssumeRole adds to the request context the trust policy sees
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-sts):
 * sts:ExternalId, sts:RoleSessionName, sts:TransitiveTagKeys, sts:SourceIdentity (requested, or the
 * caller session's, which is sticky), and aws:MultiFactorAuthPresent when the request carried a verified
 * MFA code. aws:RequestTag/* and aws:TagKeys come from `Tags` with every tagging call; inherited
 * transitive tags join them (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_role-chaining).
 */
export function trustContextKeys(caller: Caller, input: Readonly<Record<string, unknown>>, mfaVerified: boolean): Record<string, ContextInputValue> {
  const keys: Record<string, ContextInputValue> = {};
  if (typeof input.ExternalId === 'string') keys['sts:ExternalId'] = input.ExternalId;
  if (typeof input.RoleSessionName === 'string') keys['sts:RoleSessionName'] = input.RoleSessionName;
  const transitive = strings(input.TransitiveTagKeys);
  if (transitive.length > 0) keys['sts:TransitiveTagKeys'] = transitive;
  const session = caller.kind === 'anonymous' ? undefined : caller.session;
  const sourceIdentity = typeof input.SourceIdentity === 'string' ? input.SourceIdentity : session?.sourceIdentity;
  if (sourceIdentity !== undefined) keys['sts:SourceIdentity'] = sourceIdentity;
  const inherited = inheritedTransitiveTags(caller);
  if (inherited.length > 0) {
    for (const tag of inherited) keys[`aws:RequestTag/${tag.Key}`] = tag.Value;
    const requested = Array.isArray(input.Tags) ? (input.Tags as { Key?: unknown }[]).map((t) => t.Key).filter((k): k is string => typeof k === 'string') : [];
    keys['aws:TagKeys'] = [...requested, ...inherited.map((t) => t.Key)];
  }
  if (mfaVerified) keys['aws:MultiFactorAuthPresent'] = true;
  return keys;
}

/** The caller session's tags that pass to a chained role session. */
export function inheritedTransitiveTags(caller: Caller): readonly { Key: string; Value: string }[] {
  if (caller.kind !== 'assumed-role') return [];
  const keys = new Set((caller.session.transitiveTagKeys ?? []).map((k) => k.toLowerCase()));
  return (caller.session.tags ?? []).filter((t) => keys.has(t.Key.toLowerCase()));
}
