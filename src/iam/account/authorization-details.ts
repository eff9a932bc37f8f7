import type { IamEntityKind, IamEntityRecord, IamLinkKind, InlinePolicyRecord, StoreReads } from '../../store/port.js';
import { boundaryView } from '../boundaries.js';
import { accountOf } from '../caller-account.js';
import { iamError } from '../errors.js';
import type { IamDeps, OperationTable } from '../operation.js';
import { pageRequest } from '../paging.js';
import { type AwsManagedPolicy, awsManagedPolicies, encodePolicyDocument } from '../policies/index.js';
import { type PolicyData, type RoleData, type UserData, dataOf } from '../records.js';
import { tagsOutput } from '../tags.js';

/**
 * GetAccountAuthorizationDetails
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html): every
 * user, group, role and managed policy of the account with their relationships, filtered by `Filter`
 * (User, Role, Group, LocalManagedPolicy, AWSManagedPolicy; none means all), documents URL-encoded.
 *
 * AWS managed policies appear only when attached to something in the account: the catalogue is AWS's, not
 * the account's, and the aws CLI's example lists `AmazonEC2FullAccess` with `AttachmentCount: 1` among the
 * customer's policies. Boundaries alone do not make a policy "attached".
 *
 * **Decision** (paging): the answer is one listing over five sections in a fixed order — users, groups,
 * roles, customer managed policies, attached AWS managed policies — each ordered by lower-case name.
 * `MaxItems` counts items across sections; the Marker is the base64url of `SECTION:key` of the last item
 * answered, so the next page resumes after it even when items were added or removed meanwhile, and a
 * section left out by `Filter` is skipped. A page is read in one transaction, a consistent snapshot.
 */

/** The sections of the listing, named as `Filter` names them, in the order answered. */
const SECTIONS = ['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;
type Section = (typeof SECTIONS)[number];

const ENTITY_KIND: Readonly<Record<Exclude<Section, 'AWSManagedPolicy'>, IamEntityKind>> = {
  User: 'user', Group: 'group', Role: 'role', LocalManagedPolicy: 'policy',
};

const ATTACHMENTS: readonly IamLinkKind[] = ['user-policy', 'group-policy', 'role-policy'];

/** One item of the listing: an entity of the account, or an AWS managed policy. */
type Item =
  | { readonly section: Exclude<Section, 'AWSManagedPolicy'>; readonly key: string; readonly entity: IamEntityRecord }
  | { readonly section: 'AWSManagedPolicy'; readonly key: string; readonly policy: AwsManagedPolicy };

/** Where a page starts: the section and the key after which it resumes (none: from the start). */
function startOf(input: Readonly<Record<string, unknown>>): { section: number; after?: string } {
  const { after } = pageRequest(input);
  if (after === undefined) return { section: 0 };
  const colon = after.indexOf(':');
  const section = SECTIONS.indexOf(after.slice(0, colon) as Section);
  if (colon < 0 || section < 0) throw iamError('InvalidInput', 'Invalid Marker.');
  return { section, after: after.slice(colon + 1) };
}

/** Up to `limit` items of one section after `after`. */
async function listSection(
  tx: StoreReads, deps: IamDeps, accountId: string, section: Section, after: string | undefined, limit: number,
): Promise<Item[]> {
  if (section === 'AWSManagedPolicy') {
    const items: Item[] = [];
    for (const policy of awsManagedPolicies(deps.partition)) {
      if (items.length >= limit) break;
      const key = policy.name.toLowerCase();
      if (after !== undefined && key <= after) continue;
      if (await attachmentCount(tx, accountId, policy.arn) > 0) items.push({ section, key, policy });
    }
    return items;
  }
  const rows = await tx.listEntities(accountId, ENTITY_KIND[section], { ...(after !== undefined ? { after } : {}), limit });
  return rows.map((entity) => ({ section, key: entity.name.toLowerCase(), entity }));
}

async function attachmentCount(tx: StoreReads, accountId: string, arn: string): Promise<number> {
  let count = 0;
  for (const kind of ATTACHMENTS) count += await tx.countLinksTo(accountId, kind, arn);
  return count;
}

/** The inline policies of an identity as `PolicyDetail`s (name and URL-encoded document). */
async function inlinePolicies(tx: StoreReads, owner: IamEntityRecord, kind: InlinePolicyRecord['ownerKind']): Promise<Record<string, unknown>[]> {
  const policies = await tx.listInlinePolicies(owner.accountId, kind, owner.name);
  return policies.map((p) => ({ PolicyName: p.policyName, PolicyDocument: encodePolicyDocument(p.document) }));
}

/** The managed policies attached to an identity as `AttachedPolicy`s (the name is the ARN's last part). */
async function attachedPolicies(tx: StoreReads, owner: IamEntityRecord, kind: IamLinkKind): Promise<Record<string, unknown>[]> {
  const links = await tx.listLinksFrom(owner.accountId, kind, owner.name.toLowerCase());
  return links.map((l) => ({ PolicyName: l.to.slice(l.to.lastIndexOf('/') + 1), PolicyArn: l.to }));
}

/** `PermissionsBoundary` and `Tags` of a user or role, each left out when absent. */
function boundaryAndTags(data: UserData | RoleData): Record<string, unknown> {
  const boundary = boundaryView(data.permissionsBoundary);
  const tags = tagsOutput(data.tags);
  return { ...(boundary !== undefined ? { PermissionsBoundary: boundary } : {}), ...(tags !== undefined ? { Tags: tags } : {}) };
}

async function userDetail(tx: StoreReads, user: IamEntityRecord): Promise<Record<string, unknown>> {
  const groups: string[] = [];
  for (const link of await tx.listLinksTo(user.accountId, 'group-member', user.name.toLowerCase())) {
    const group = await tx.getEntity(user.accountId, 'group', link.from);
    if (group !== undefined) groups.push(group.name);
  }
  return {
    Path: user.path, UserName: user.name, UserId: user.id, Arn: user.arn, CreateDate: new Date(user.createdAt),
    UserPolicyList: await inlinePolicies(tx, user, 'user'),
    GroupList: groups,
    AttachedManagedPolicies: await attachedPolicies(tx, user, 'user-policy'),
    ...boundaryAndTags(dataOf<UserData>(user)),
  };
}

async function groupDetail(tx: StoreReads, group: IamEntityRecord): Promise<Record<string, unknown>> {
  return {
    Path: group.path, GroupName: group.name, GroupId: group.id, Arn: group.arn, CreateDate: new Date(group.createdAt),
    GroupPolicyList: await inlinePolicies(tx, group, 'group'),
    AttachedManagedPolicies: await attachedPolicies(tx, group, 'group-policy'),
  };
}

/** A role as it appears inside an instance profile: identity and trust policy only. */
function roleInProfile(role: IamEntityRecord): Record<string, unknown> {
  return {
    Path: role.path, RoleName: role.name, RoleId: role.id, Arn: role.arn, CreateDate: new Date(role.createdAt),
    AssumeRolePolicyDocument: encodePolicyDocument(dataOf<RoleData>(role).assumeRolePolicyDocument),
  };
}

async function roleDetail(tx: StoreReads, role: IamEntityRecord): Promise<Record<string, unknown>> {
  const profiles: Record<string, unknown>[] = [];
  for (const link of await tx.listLinksTo(role.accountId, 'instance-profile-role', role.name.toLowerCase())) {
    const profile = await tx.getEntity(role.accountId, 'instance-profile', link.from);
    if (profile === undefined) continue;
    const tags = tagsOutput((profile.data as { tags?: UserData['tags'] }).tags);
    profiles.push({
      Path: profile.path, InstanceProfileName: profile.name, InstanceProfileId: profile.id, Arn: profile.arn,
      CreateDate: new Date(profile.createdAt), Roles: [roleInProfile(role)], ...(tags !== undefined ? { Tags: tags } : {}),
    });
  }
  return {
    ...roleInProfile(role),
    InstanceProfileList: profiles,
    RolePolicyList: await inlinePolicies(tx, role, 'role'),
    AttachedManagedPolicies: await attachedPolicies(tx, role, 'role-policy'),
    ...boundaryAndTags(dataOf<RoleData>(role)),
    // Ward does not record role use yet: AWS answers an empty RoleLastUsed for a role never used.
    RoleLastUsed: {},
  };
}

/** A `ManagedPolicyDetail`, every version's document URL-encoded. */
async function policyDetail(tx: StoreReads, accountId: string, item: Item): Promise<Record<string, unknown>> {
  let policy: {
    name: string; id: string; arn: string; path: string; description?: string | undefined; defaultVersionId: string;
    createDate: string; updateDate: string; versions: readonly { versionId: string; document: string; createDate: string }[];
  };
  if (item.section === 'AWSManagedPolicy') {
    const p = item.policy;
    policy = {
      name: p.name, id: p.id, arn: p.arn, path: p.path, description: p.description, defaultVersionId: p.versionId,
      createDate: p.createDate, updateDate: p.updateDate, versions: [{ versionId: p.versionId, document: p.documentText, createDate: p.updateDate }],
    };
  } else {
    const e = item.entity;
    const data = dataOf<PolicyData>(e);
    policy = {
      name: e.name, id: e.id, arn: e.arn, path: e.path, description: data.description, defaultVersionId: data.defaultVersionId,
      createDate: e.createdAt, updateDate: data.updateDate, versions: data.versions,
    };
  }
  const boundaries = await tx.countLinksTo(accountId, 'user-boundary', policy.arn) + await tx.countLinksTo(accountId, 'role-boundary', policy.arn);
  return {
    PolicyName: policy.name, PolicyId: policy.id, Arn: policy.arn, Path: policy.path, DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: await attachmentCount(tx, accountId, policy.arn), PermissionsBoundaryUsageCount: boundaries, IsAttachable: true,
    ...(policy.description !== undefined ? { Description: policy.description } : {}),
    CreateDate: new Date(policy.createDate), UpdateDate: new Date(policy.updateDate),
    PolicyVersionList: policy.versions.map((v) => ({
      Document: encodePolicyDocument(v.document), VersionId: v.versionId, IsDefaultVersion: v.versionId === policy.defaultVersionId,
      CreateDate: new Date(v.createDate),
    })),
  };
}

/** The GetAccountAuthorizationDetails operation. */
export function authorizationDetailsOperations(deps: IamDeps): OperationTable {
  return {
    GetAccountAuthorizationDetails: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const { maxItems } = pageRequest(input);
      const start = startOf(input);
      const filter = Array.isArray(input.Filter) ? input.Filter.filter((f): f is Section => SECTIONS.includes(f as Section)) : [];
      const wanted = (section: Section) => filter.length === 0 || filter.includes(section);
      return deps.store.read(async (tx) => {
        const items: Item[] = [];
        let truncated = false;
        for (let s = start.section; s < SECTIONS.length && !truncated; s++) {
          const section = SECTIONS[s] as Section;
          if (!wanted(section)) continue;
          const after = s === start.section ? start.after : undefined;
          const remaining = maxItems - items.length;
          // One more than fits tells whether the listing goes on (a full page peeks at later sections).
          const rows = await listSection(tx, deps, accountId, section, after, remaining + 1);
          items.push(...rows.slice(0, remaining));
          truncated = rows.length > remaining;
        }
        const out = { UserDetailList: [] as unknown[], GroupDetailList: [] as unknown[], RoleDetailList: [] as unknown[], Policies: [] as unknown[] };
        for (const item of items) {
          if (item.section === 'User') out.UserDetailList.push(await userDetail(tx, item.entity));
          else if (item.section === 'Group') out.GroupDetailList.push(await groupDetail(tx, item.entity));
          else if (item.section === 'Role') out.RoleDetailList.push(await roleDetail(tx, item.entity));
          else out.Policies.push(await policyDetail(tx, accountId, item));
        }
        const last = items[items.length - 1];
        return {
          ...out,
          IsTruncated: truncated,
          ...(truncated && last !== undefined ? { Marker: Buffer.from(`${last.section}:${last.key}`, 'utf8').toString('base64url') } : {}),
        };
      });
    },
  };
}
