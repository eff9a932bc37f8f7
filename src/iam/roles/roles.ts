import { IdPrefix, newEntityId } from '../../kernel/index.js';
import type { IamEntityRecord, StoreTransaction } from '../../store/port.js';
import { IamErrors, iamError } from '../errors.js';
import type { IamDeps, OperationTable } from '../operation.js';
import { pageRequest, toPage } from '../paging.js';
import { type RoleData, dataOf } from '../records.js';
import { checkBoundaryPolicy, linkNewBoundary, unlinkBoundary } from '../boundaries.js';
import { accountOf, isoNow, optionalInteger, optionalString, requiredString, write } from '../caller-account.js';
import { entityOrThrow } from '../lookups.js';
import { applyTags, removeTags, retag, tagKeysOf, tagPage, tagsOf } from '../tags.js';
import { SERVICE_LINKED_PATH_PREFIX, refuseIfServiceLinked } from './protected-roles.js';
import { roleView } from './role-view.js';
import { checkTrustPolicy } from './trust-policy.js';

/** MaxSessionDuration when CreateRole names none (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html). */
export const DEFAULT_MAX_SESSION_DURATION = 3600;

/** `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME` (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html). */
export function roleArn(partition: string, accountId: string, path: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:role${path}${name}`;
}

/** Inserts a new role, answering EntityAlreadyExists "Role with name X already exists." for a taken name. */
export async function insertRole(tx: StoreTransaction, role: IamEntityRecord): Promise<void> {
  if (await tx.getEntity(role.accountId, 'role', role.name) !== undefined) throw IamErrors.entityAlreadyExists('role', role.name);
  await tx.createEntity(role);
}

async function updateRoleData(tx: StoreTransaction, role: IamEntityRecord, change: Partial<RoleData>): Promise<IamEntityRecord> {
  const data: Record<string, unknown> = { ...dataOf<RoleData>(role), ...change };
  for (const key of Object.keys(data)) if (data[key] === undefined) delete data[key];
  const updated = { ...role, data };
  await tx.updateEntity(updated);
  return updated;
}

/**
 * Role operations: CreateRole, GetRole, UpdateRole, UpdateRoleDescription, UpdateAssumeRolePolicy,
 * DeleteRole, ListRoles, TagRole, UntagRole, ListRoleTags
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Operations.html).
 */
export function roleCoreOperations(deps: IamDeps): OperationTable {
  const conflict = (name: string) => () => IamErrors.entityAlreadyExists('role', name);
  return {
    CreateRole: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const name = requiredString(input, 'RoleName');
      const path = optionalString(input, 'Path') ?? '/';
      // Service-linked roles are made by CreateServiceLinkedRole only; their path marks them protected.
      if (path.startsWith(SERVICE_LINKED_PATH_PREFIX)) {
        throw iamError('InvalidInput', `The path ${SERVICE_LINKED_PATH_PREFIX} is reserved for service-linked roles: use CreateServiceLinkedRole.`);
      }
      const document = requiredString(input, 'AssumeRolePolicyDocument');
      checkTrustPolicy(document);
      const tags = applyTags([], tagsOf(input));
      const description = optionalString(input, 'Description');
      const boundary = optionalString(input, 'PermissionsBoundary');
      const role = await write(deps, async (tx) => {
        const data: RoleData = {
          maxSessionDuration: optionalInteger(input, 'MaxSessionDuration') ?? DEFAULT_MAX_SESSION_DURATION,
          assumeRolePolicyDocument: document,
          ...(description !== undefined ? { description } : {}),
          ...(boundary !== undefined ? { permissionsBoundary: await checkBoundaryPolicy(tx, deps, accountId, boundary) } : {}),
          ...(tags.length > 0 ? { tags } : {}),
        };
        const record: IamEntityRecord = {
          accountId, kind: 'role', name, path, id: newEntityId(IdPrefix.Role, deps.random),
          arn: roleArn(deps.partition, accountId, path, name), createdAt: isoNow(deps.clock), data: { ...data },
        };
        await insertRole(tx, record);
        await linkNewBoundary(tx, record);
        return record;
      }, conflict(name));
      return { Role: roleView(role, 'create') };
    },

    GetRole: async ({ caller, input }) => {
      const role = await entityOrThrow(deps.store, accountOf(caller), 'role', requiredString(input, 'RoleName'));
      return { Role: roleView(role, 'full') };
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateRole.html
    UpdateRole: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const description = optionalString(input, 'Description');
      const duration = optionalInteger(input, 'MaxSessionDuration');
      await write(deps, async (tx) => {
        const role = await entityOrThrow(tx, accountId, 'role', requiredString(input, 'RoleName'));
        // A service-linked role's description may be edited; nothing else of it
        // (https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html).
        if (duration !== undefined) refuseIfServiceLinked(role);
        await updateRoleData(tx, role, {
          ...(description !== undefined ? { description } : {}),
          ...(duration !== undefined ? { maxSessionDuration: duration } : {}),
        });
      });
      return {};
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateRoleDescription.html
    UpdateRoleDescription: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const description = requiredString(input, 'Description');
      const role = await write(deps, async (tx) => {
        const found = await entityOrThrow(tx, accountId, 'role', requiredString(input, 'RoleName'));
        return updateRoleData(tx, found, { description });
      });
      return { Role: roleView(role, 'full') };
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html
    UpdateAssumeRolePolicy: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const document = requiredString(input, 'PolicyDocument');
      await write(deps, async (tx) => {
        const role = await entityOrThrow(tx, accountId, 'role', requiredString(input, 'RoleName'));
        refuseIfServiceLinked(role);
        checkTrustPolicy(document);
        await updateRoleData(tx, role, { assumeRolePolicyDocument: document });
      });
      return {};
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html: the role must first leave its
    // instance profiles and lose its attached and inline policies; each refusal is DeleteConflict in IAM's words.
    DeleteRole: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      await write(deps, async (tx) => {
        const role = await entityOrThrow(tx, accountId, 'role', requiredString(input, 'RoleName'));
        refuseIfServiceLinked(role);
        const key = role.name.toLowerCase();
        if (await tx.countLinksTo(accountId, 'instance-profile-role', key) > 0) {
          throw IamErrors.deleteConflict('remove roles from instance profile');
        }
        if (await tx.countLinksFrom(accountId, 'role-policy', key) > 0) throw IamErrors.deleteConflict('detach all policies');
        if ((await tx.listInlinePolicies(accountId, 'role', role.name, { limit: 1 })).length > 0) {
          throw IamErrors.deleteConflict('delete policies');
        }
        await unlinkBoundary(tx, accountId, 'role', role.name);
        await tx.deleteEntity(accountId, 'role', role.name);
      });
      return {};
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html
    ListRoles: async ({ caller, input }) => {
      const request = pageRequest(input);
      const pathPrefix = optionalString(input, 'PathPrefix');
      const rows = await deps.store.listEntities(accountOf(caller), 'role', {
        ...(request.after !== undefined ? { after: request.after } : {}),
        limit: request.limit,
        ...(pathPrefix !== undefined ? { pathPrefix } : {}),
      });
      const page = toPage(rows, request.maxItems, (r) => r.name.toLowerCase());
      return { Roles: page.items.map((r) => roleView(r, 'list')), IsTruncated: page.IsTruncated, ...(page.Marker !== undefined ? { Marker: page.Marker } : {}) };
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagRole.html
    TagRole: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const added = tagsOf(input);
      await write(deps, async (tx) => {
        await retag(tx, await entityOrThrow(tx, accountId, 'role', requiredString(input, 'RoleName')), (tags) => applyTags(tags, added));
      });
      return {};
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagRole.html
    UntagRole: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const keys = tagKeysOf(input);
      await write(deps, async (tx) => {
        await retag(tx, await entityOrThrow(tx, accountId, 'role', requiredString(input, 'RoleName')), (tags) => removeTags(tags, keys));
      });
      return {};
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoleTags.html
    ListRoleTags: async ({ caller, input }) => {
      const role = await entityOrThrow(deps.store, accountOf(caller), 'role', requiredString(input, 'RoleName'));
      return tagPage(dataOf<RoleData>(role).tags ?? [], input);
    },
  };
}
