import { parseArn } from '../../kernel/index.js';
import type { IamEntityRecord, InlinePolicyRecord, StoreReads } from '../../store/port.js';
import { listAll } from '../paging.js';
import { type PolicyData, type RoleData, type UserData, dataOf } from '../records.js';

/**
 * The document of a managed policy (customer or AWS managed) by ARN: the default version's JSON text, or
 * undefined when the account has no such policy. `src/iam/policies` provides the full one (AWS managed
 * catalogue included); {@link customerManagedPolicyDocument} is the fallback for customer policies only.
 */
export type ManagedPolicyResolver = (tx: StoreReads, partition: string, accountId: string, policyArn: string) => Promise<string | undefined>;

/** Where one policy of a principal comes from, for reasons, messages and simulation. */
export interface PolicySource {
  readonly kind: 'inline' | 'managed';
  /** The inline policy's name or the managed policy's ARN. */
  readonly id: string;
  /** For inline policies: the user, group or role that embeds it. */
  readonly owner?: { readonly kind: 'user' | 'group' | 'role'; readonly name: string };
  readonly document: string;
}

/** A user's applicable policies, as stored: identity policies in evaluation order and the boundary. */
export interface UserPolicies {
  readonly user: IamEntityRecord;
  readonly identity: readonly PolicySource[];
  readonly boundary?: PolicySource;
}

/** The policies of a user, group or role (for the simulator): the entity, identity policies, boundary. */
export interface PrincipalPolicies {
  readonly entity: IamEntityRecord;
  readonly identity: readonly PolicySource[];
  readonly boundary?: PolicySource;
}

/** A customer managed policy's default version, read from its entity (`PolicyData`). */
export const customerManagedPolicyDocument: ManagedPolicyResolver = async (tx, _partition, accountId, policyArn) => {
  const arn = parseArn(policyArn);
  if (arn === undefined || arn.account !== accountId || !arn.resource.startsWith('policy/')) return undefined;
  const entity = await tx.getEntity(accountId, 'policy', arn.resource.slice(arn.resource.lastIndexOf('/') + 1));
  if (entity === undefined || entity.arn !== policyArn) return undefined;
  const data = dataOf<PolicyData>(entity);
  return data.versions.find((v) => v.versionId === data.defaultVersionId)?.document;
};

function inlineSources(records: readonly InlinePolicyRecord[], owner: { kind: 'user' | 'group' | 'role'; name: string }): PolicySource[] {
  return records.map((r) => ({ kind: 'inline', id: r.policyName, owner, document: r.document }));
}

async function managedSources(
  tx: StoreReads, resolve: ManagedPolicyResolver, partition: string, accountId: string, arns: readonly string[],
): Promise<PolicySource[]> {
  const sources: PolicySource[] = [];
  for (const arn of arns) {
    const document = await resolve(tx, partition, accountId, arn);
    if (document !== undefined) sources.push({ kind: 'managed', id: arn, document });
  }
  return sources;
}

/**
 * Loads an IAM user's applicable policies: its inline and attached managed policies, then those of each
 * of its groups, and its permissions boundary
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_id-based). Undefined
 * when the user does not exist. A boundary whose policy no longer exists allows nothing (as in AWS, where
 * a boundary policy in use cannot be deleted).
 */
export async function loadUserPolicies(
  tx: StoreReads, resolve: ManagedPolicyResolver, partition: string, accountId: string, userName: string,
): Promise<UserPolicies | undefined> {
  const user = await tx.getEntity(accountId, 'user', userName);
  if (user === undefined) return undefined;
  const userKey = user.name.toLowerCase();
  const identity: PolicySource[] = await ownPolicies(tx, resolve, partition, user);

  const memberships = await listAll((p) => tx.listLinksTo(accountId, 'group-member', userKey, p), (l) => l.from);
  for (const membership of memberships) {
    const group = await tx.getEntity(accountId, 'group', membership.from);
    if (group !== undefined) identity.push(...(await ownPolicies(tx, resolve, partition, group)));
  }
  const boundary = await boundaryOf(tx, resolve, partition, user);
  return { user, identity, ...(boundary !== undefined ? { boundary } : {}) };
}

/** The inline and attached managed policies of one user, group or role. */
async function ownPolicies(tx: StoreReads, resolve: ManagedPolicyResolver, partition: string, entity: IamEntityRecord): Promise<PolicySource[]> {
  const kind = entity.kind === 'group' ? 'group' : entity.kind === 'role' ? 'role' : 'user';
  const inline = await listAll((p) => tx.listInlinePolicies(entity.accountId, kind, entity.name, p), (r) => r.policyName.toLowerCase());
  const attached = await listAll((p) => tx.listLinksFrom(entity.accountId, `${kind}-policy`, entity.name.toLowerCase(), p), (l) => l.to);
  return [
    ...inlineSources(inline, { kind, name: entity.name }),
    ...(await managedSources(tx, resolve, partition, entity.accountId, attached.map((l) => l.to))),
  ];
}

/**
 * A user's or role's permissions boundary. A boundary whose policy no longer exists allows nothing
 * (AWS refuses to delete a policy in use as a boundary).
 */
async function boundaryOf(tx: StoreReads, resolve: ManagedPolicyResolver, partition: string, entity: IamEntityRecord): Promise<PolicySource | undefined> {
  const arn = entity.kind === 'user' || entity.kind === 'role' ? dataOf<UserData | RoleData>(entity).permissionsBoundary : undefined;
  if (arn === undefined) return undefined;
  const document = await resolve(tx, partition, entity.accountId, arn);
  return { kind: 'managed', id: arn, document: document ?? '{"Version":"2012-10-17","Statement":[]}' };
}

/**
 * The policies of a user (with its groups'), a group, or a role, and the boundary of a user or role: what
 * SimulatePrincipalPolicy evaluates for its PolicySourceArn. Undefined when there is no such entity.
 */
export async function loadPrincipalPolicies(
  tx: StoreReads, resolve: ManagedPolicyResolver, partition: string, accountId: string, kind: 'user' | 'group' | 'role', name: string,
): Promise<PrincipalPolicies | undefined> {
  if (kind === 'user') {
    const loaded = await loadUserPolicies(tx, resolve, partition, accountId, name);
    return loaded === undefined ? undefined : { entity: loaded.user, identity: loaded.identity, ...(loaded.boundary !== undefined ? { boundary: loaded.boundary } : {}) };
  }
  const entity = await tx.getEntity(accountId, kind, name);
  if (entity === undefined) return undefined;
  const identity = await ownPolicies(tx, resolve, partition, entity);
  const boundary = await boundaryOf(tx, resolve, partition, entity);
  return { entity, identity, ...(boundary !== undefined ? { boundary } : {}) };
}
