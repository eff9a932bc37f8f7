import { IdPrefix, newEntityId } from '../../kernel/index.js';
import type { IamEntityRecord, StoreTransaction } from '../../store/port.js';
import { IamErrors, iamError } from '../errors.js';
import type { IamDeps, OperationTable } from '../operation.js';
import { pageRequest, toPage } from '../paging.js';
import { type RoleData, dataOf } from '../records.js';
import { checkBoundaryPolicy } from './boundaries.js';
import { accountOf, int, nowIso, required, str, write } from './context.js';
import { SERVICE_LINKED_PATH_PREFIX, refuseIfServiceLinked } from './protected-roles.js';
import { roleOrThrow } from './lookups.js';
import { roleView } from './role-view.js';
import { checkTags, mergeTags, removeTags, tagPage, tagsInput } from './tags.js';
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
      const name = required(input, 'RoleName');
      const path = str(input, 'Path') ?? '/';
      // Service-linked roles are made by CreateServiceLinkedRole only; their path marks them protected.
      if (path.startsWith(SERVICE_LINKED_PATH_PREFIX)) {
        throw iamError('InvalidInput', `The path ${SERVICE_LINKED_PATH_PREFIX} is reserved for service-linked roles: use CreateServiceLinkedRole.`);
      }
      const document = required(input, 'AssumeRolePolicyDocument');
      checkTrustPolicy(document);
      const tags = tagsInput(input.Tags);
      checkTags(tags);
      const description = str(input, 'Description');
      const boundary = str(input, 'PermissionsBoundary');
      const role = await write(deps, accountId, async (tx) => {
        const data: RoleData = {
          maxSessionDuration: int(input, 'MaxSessionDuration') ?? DEFAULT_MAX_SESSION_DURATION,
          assumeRolePolicyDocument: document,
          ...(description !== undefined ? { description } : {}),
          ...(boundary !== undefined ? { permissionsBoundary: await checkBoundaryPolicy(tx, deps, accountId, boundary) } : {}),
          ...(tags.length > 0 ? { tags } : {}),
        };
        const record: IamEntityRecord = {
          accountId, kind: 'role', name, path, id: newEntityId(IdPrefix.Role, deps.random),
          arn: roleArn(deps.partition, accountId, path, name), createdAt: nowIso(deps), data: { ...data },
        };
        await insertRole(tx, record);
        return record;
      }, conflict(name));
      return { Role: roleView(role, 'create') };
    },

    GetRole: async ({ caller, input }) => {
      const role = await roleOrThrow(deps.store, accountOf(caller), required(input, 'RoleName'));
      return { Role: roleView(role, 'full') };
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateRole.html
    UpdateRole: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const description = str(input, 'Description');
      const duration = int(input, 'MaxSessionDuration');
      await write(deps, accountId, async (tx) => {
        const role = await roleOrThrow(tx, accountId, required(input, 'RoleName'));
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
      const description = required(input, 'Description');
      const role = await write(deps, accountId, async (tx) => {
        const found = await roleOrThrow(tx, accountId, required(input, 'RoleName'));
        return updateRoleData(tx, found, { description });
      });
      return { Role: roleView(role, 'full') };
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html
    UpdateAssumeRolePolicy: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const document = required(input, 'PolicyDocument');
      await write(deps, accountId, async (tx) => {
        const role = await roleOrThrow(tx, accountId, required(input, 'RoleName'));
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
      await write(deps, accountId, async (tx) => {
        const role = await roleOrThrow(tx, accountId, required(input, 'RoleName'));
        refuseIfServiceLinked(role);
        const key = role.name.toLowerCase();
        if (await tx.countLinksTo(accountId, 'instance-profile-role', key) > 0) {
          throw IamErrors.deleteConflict('remove roles from instance profile');
        }
        if (await tx.countLinksFrom(accountId, 'role-policy', key) > 0) throw IamErrors.deleteConflict('detach all policies');
        if ((await tx.listInlinePolicies(accountId, 'role', role.name, { limit: 1 })).length > 0) {
          throw IamErrors.deleteConflict('delete policies');
        }
        await tx.deleteEntity(accountId, 'role', role.name);
      });
      return {};
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html
    ListRoles: async ({ caller, input }) => {
      const request = pageRequest(input);
      const pathPrefix = str(input, 'PathPrefix');
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
      const added = tagsInput(input.Tags);
      await write(deps, accountId, async (tx) => {
        const role = await roleOrThrow(tx, accountId, required(input, 'RoleName'));
        await updateRoleData(tx, role, { tags: mergeTags(dataOf<RoleData>(role).tags ?? [], added) });
      });
      return {};
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagRole.html
    UntagRole: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const keys = Array.isArray(input.TagKeys) ? input.TagKeys.filter((k): k is string => typeof k === 'string') : [];
      await write(deps, accountId, async (tx) => {
        const role = await roleOrThrow(tx, accountId, required(input, 'RoleName'));
        const tags = removeTags(dataOf<RoleData>(role).tags ?? [], keys);
        await updateRoleData(tx, role, { tags: tags.length > 0 ? tags : undefined });
      });
      return {};
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoleTags.html
    ListRoleTags: async ({ caller, input }) => {
      const role = await roleOrThrow(deps.store, accountOf(caller), required(input, 'RoleName'));
      return tagPage(dataOf<RoleData>(role).tags ?? [], input);
    },
  };
}
