import { type IamEntityRecord, type IamLinkKind, StoreConflict } from '../../store/port.js';
import { IamErrors } from '../errors.js';
import type { IamDeps, OperationContext, OperationTable } from '../operation.js';
import { pageRequest, toPage } from '../paging.js';
import { boundaryHolders } from './boundaries.js';
import { accountOf, optionalString, requiredString } from '../caller-account.js';
import { entityOrThrow } from '../lookups.js';
import { PolicyErrors } from './errors.js';
import { findManagedPolicy } from './managed-policy.js';
import { parsePolicyArn, requirePolicyArn } from './policy-arn.js';

/**
 * At most 10 managed policies attached to one user, group or role (IAM's default quota,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html; AWS answers
 * "Cannot exceed quota for PoliciesPerRole: 10").
 */
export const MAX_ATTACHED_POLICIES = 10;

type IdentityKind = 'user' | 'group' | 'role';

const LINK: Readonly<Record<IdentityKind, IamLinkKind>> = { user: 'user-policy', group: 'group-policy', role: 'role-policy' };
const QUOTA: Readonly<Record<IdentityKind, string>> = { user: 'PoliciesPerUser', group: 'PoliciesPerGroup', role: 'PoliciesPerRole' };
const NAME_MEMBER: Readonly<Record<IdentityKind, string>> = { user: 'UserName', group: 'GroupName', role: 'RoleName' };
const TITLE: Readonly<Record<IdentityKind, string>> = { user: 'User', group: 'Group', role: 'Role' };

function attachOperations(deps: IamDeps, kind: IdentityKind): OperationTable {
  const { store } = deps;
  const link = LINK[kind];
  const title = TITLE[kind];
  /** The account, the identity's name and the policy ARN (checked for its form) an Attach/Detach call names. */
  const named = (context: OperationContext) => {
    const accountId = accountOf(context.caller);
    const name = requiredString(context.input, NAME_MEMBER[kind]);
    const arn = requiredString(context.input, 'PolicyArn');
    requirePolicyArn(arn);
    return { accountId, name, arn };
  };
  return {
    /** https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html (Group, Role alike). */
    [`Attach${title}Policy`]: async (context: OperationContext) => {
      const { accountId, name, arn } = named(context);
      await store.transaction(async (tx) => {
        const identity = await entityOrThrow(tx, accountId, kind, name);
        const policy = await findManagedPolicy(tx, deps.partition, accountId, arn);
        if (policy === undefined) throw PolicyErrors.notAttachable(arn);
        const key = identity.name.toLowerCase();
        const attached = await tx.listLinksFrom(accountId, link, key);
        // INVARIANT: at most 10 attachments per identity; attaching an attached policy again changes nothing.
        if (attached.some((l) => l.to === policy.arn)) return;
        if (attached.length >= MAX_ATTACHED_POLICIES) throw IamErrors.quotaExceeded(QUOTA[kind], MAX_ATTACHED_POLICIES);
        try {
          await tx.addLink({ accountId, kind: link, from: key, to: policy.arn, createdAt: new Date(deps.clock.now()).toISOString() });
        } catch (error) {
          if (!(error instanceof StoreConflict)) throw error;
        }
      });
      return {};
    },

    [`Detach${title}Policy`]: async (context: OperationContext) => {
      const { accountId, name, arn } = named(context);
      await store.transaction(async (tx) => {
        const identity = await entityOrThrow(tx, accountId, kind, name);
        const removed = await tx.removeLink(accountId, link, identity.name.toLowerCase(), arn);
        if (!removed) throw PolicyErrors.notFound(arn);
      });
      return {};
    },

    [`ListAttached${title}Policies`]: async (context: OperationContext) => {
      const accountId = accountOf(context.caller);
      const name = requiredString(context.input, NAME_MEMBER[kind]);
      const pathPrefix = optionalString(context.input, 'PathPrefix') ?? '/';
      const { after, maxItems } = pageRequest(context.input);
      return store.read(async (tx) => {
        const identity = await entityOrThrow(tx, accountId, kind, name);
        // At most 10 (20 with a raised quota) per identity: read them all, then page.
        const links = await tx.listLinksFrom(accountId, link, identity.name.toLowerCase());
        const rows = links
          .map((l) => ({ arn: l.to, parts: parsePolicyArn(l.to) }))
          .filter((r) => r.parts !== undefined && r.parts.path.startsWith(pathPrefix) && (after === undefined || r.arn > after))
          .sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
        const page = toPage(rows, maxItems, (r) => r.arn);
        return {
          AttachedPolicies: page.items.map((r) => ({ PolicyName: r.parts?.name, PolicyArn: r.arn })),
          IsTruncated: page.IsTruncated,
          ...(page.Marker !== undefined ? { Marker: page.Marker } : {}),
        };
      });
    },
  };
}

const ENTITY_KINDS: readonly { kind: IdentityKind; filter: string }[] = [
  { kind: 'group', filter: 'Group' }, { kind: 'user', filter: 'User' }, { kind: 'role', filter: 'Role' },
];

function entityShape(kind: IdentityKind, entity: IamEntityRecord): Record<string, unknown> {
  if (kind === 'group') return { GroupName: entity.name, GroupId: entity.id };
  if (kind === 'user') return { UserName: entity.name, UserId: entity.id };
  return { RoleName: entity.name, RoleId: entity.id };
}

/**
 * ListEntitiesForPolicy (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListEntitiesForPolicy.html):
 * groups, then users, then roles; the marker is `<kind>/<lower-case name>`.
 */
function listEntitiesForPolicy(deps: IamDeps): OperationTable {
  const { store } = deps;
  return {
    ListEntitiesForPolicy: async (context) => {
      const { input } = context;
      const accountId = accountOf(context.caller);
      const arn = requiredString(input, 'PolicyArn');
      const entityFilter = optionalString(input, 'EntityFilter');
      const pathPrefix = optionalString(input, 'PathPrefix') ?? '/';
      const usageFilter = optionalString(input, 'PolicyUsageFilter');
      const { after, maxItems } = pageRequest(input);
      requirePolicyArn(arn);
      return store.read(async (tx) => {
        const policy = await findManagedPolicy(tx, deps.partition, accountId, arn);
        if (policy === undefined) throw PolicyErrors.notFound(arn);
        const policyKindMatches = entityFilter === 'LocalManagedPolicy' ? policy.owner === 'customer'
          : entityFilter === 'AWSManagedPolicy' ? policy.owner === 'aws' : true;
        const rows: { key: string; kind: IdentityKind; entity: IamEntityRecord }[] = [];
        const afterKindIndex = after === undefined ? 0 : ENTITY_KINDS.findIndex((k) => after.startsWith(`${k.kind}/`));
        for (const [index, { kind, filter }] of ENTITY_KINDS.entries()) {
          if (!policyKindMatches || (entityFilter !== undefined && ['User', 'Group', 'Role'].includes(entityFilter) && entityFilter !== filter)) continue;
          if (index < afterKindIndex) continue;
          const cursor = after !== undefined && index === afterKindIndex ? after.slice(kind.length + 1) : undefined;
          const found = new Map<string, IamEntityRecord>();
          if (usageFilter !== 'PermissionsBoundary') {
            for (const l of await tx.listLinksTo(accountId, LINK[kind], policy.arn)) {
              const entity = await tx.getEntity(accountId, kind, l.from);
              if (entity !== undefined) found.set(entity.name.toLowerCase(), entity);
            }
          }
          if (usageFilter !== 'PermissionsPolicy' && kind !== 'group') {
            for (const entity of await boundaryHolders(tx, accountId, kind, policy.arn)) found.set(entity.name.toLowerCase(), entity);
          }
          for (const [name, entity] of [...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
            if ((cursor !== undefined && name <= cursor) || !entity.path.startsWith(pathPrefix)) continue;
            rows.push({ key: `${kind}/${name}`, kind, entity });
          }
          if (rows.length > maxItems) break;
        }
        const page = toPage(rows, maxItems, (r) => r.key);
        const of = (kind: IdentityKind) => page.items.filter((r) => r.kind === kind).map((r) => entityShape(kind, r.entity));
        return {
          PolicyGroups: of('group'),
          PolicyUsers: of('user'),
          PolicyRoles: of('role'),
          IsTruncated: page.IsTruncated,
          ...(page.Marker !== undefined ? { Marker: page.Marker } : {}),
        };
      });
    },
  };
}

/** Attach/Detach/ListAttached for users, groups and roles, and ListEntitiesForPolicy. */
export function attachmentOperations(deps: IamDeps): OperationTable {
  return {
    ...attachOperations(deps, 'user'),
    ...attachOperations(deps, 'group'),
    ...attachOperations(deps, 'role'),
    ...listEntitiesForPolicy(deps),
  };
}
