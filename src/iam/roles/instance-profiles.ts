import { IdPrefix, newEntityId } from '../../kernel/index.js';
import type { IamEntityRecord, StoreReads } from '../../store/port.js';
import { IamErrors, iamError } from '../errors.js';
import type { IamDeps, OperationTable } from '../operation.js';
import { pageRequest, toPage } from '../paging.js';
import { type InstanceProfileData, dataOf } from '../records.js';
import { accountOf, isoNow, optionalString, requiredString, write } from '../caller-account.js';
import { entityOrThrow } from '../lookups.js';
import { instanceProfileOrThrow } from './lookups.js';
import { refuseIfServiceLinked } from './protected-roles.js';
import { roleView } from './role-view.js';
import { applyTags, removeTags, retag, tagKeysOf, tagPage, tagsOf, tagsOutput } from '../tags.js';

/**
 * Instance profiles (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2_instance-profiles.html):
 * a container for ONE role that EC2 passes to an instance. The role is an `instance-profile-role` link from
 * the profile's lower-case name to the role's.
 */

/** Roles per instance profile: "InstanceSessionsPerInstanceProfile", 1, not adjustable (IAM and AWS STS quotas). */
export const ROLES_PER_INSTANCE_PROFILE = 1;

/** `arn:PARTITION:iam::ACCOUNT:instance-profile/PATH/NAME`. */
export function instanceProfileArn(partition: string, accountId: string, path: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:instance-profile${path}${name}`;
}

/** The roles of a profile (zero or one), as the store holds them. */
async function rolesOf(tx: StoreReads, profile: IamEntityRecord): Promise<IamEntityRecord[]> {
  const links = await tx.listLinksFrom(profile.accountId, 'instance-profile-role', profile.name.toLowerCase());
  const roles: IamEntityRecord[] = [];
  for (const link of links) {
    const role = await tx.getEntity(profile.accountId, 'role', link.to);
    if (role !== undefined) roles.push(role);
  }
  return roles;
}

/**
 * The InstanceProfile structure. ListInstanceProfiles and ListInstanceProfilesForRole leave out Tags
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListInstanceProfiles.html).
 */
function profileView(profile: IamEntityRecord, roles: readonly IamEntityRecord[], withTags: boolean): Record<string, unknown> {
  const tags = tagsOutput(dataOf<InstanceProfileData>(profile).tags);
  return {
    Path: profile.path,
    InstanceProfileName: profile.name,
    InstanceProfileId: profile.id,
    Arn: profile.arn,
    CreateDate: new Date(profile.createdAt),
    Roles: roles.map((r) => roleView(r, 'profile')),
    ...(withTags && tags !== undefined ? { Tags: tags } : {}),
  };
}

/** The instance profile operations of IAM. */
export function instanceProfileOperations(deps: IamDeps): OperationTable {
  const taken = (name: string) => iamError('EntityAlreadyExists', `Instance Profile ${name} already exists.`);
  return {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html
    CreateInstanceProfile: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const name = requiredString(input, 'InstanceProfileName');
      const path = optionalString(input, 'Path') ?? '/';
      const tags = applyTags([], tagsOf(input));
      const profile = await write(deps, async (tx) => {
        if (await tx.getEntity(accountId, 'instance-profile', name) !== undefined) throw taken(name);
        const record: IamEntityRecord = {
          accountId, kind: 'instance-profile', name, path, id: newEntityId(IdPrefix.InstanceProfile, deps.random),
          arn: instanceProfileArn(deps.partition, accountId, path, name), createdAt: isoNow(deps.clock),
          data: tags.length > 0 ? { tags } : {},
        };
        await tx.createEntity(record);
        return record;
      }, () => taken(name));
      return { InstanceProfile: profileView(profile, [], true) };
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetInstanceProfile.html
    GetInstanceProfile: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      return deps.store.read(async (tx) => {
        const profile = await instanceProfileOrThrow(tx, accountId, requiredString(input, 'InstanceProfileName'));
        return { InstanceProfile: profileView(profile, await rolesOf(tx, profile), true) };
      });
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteInstanceProfile.html
    DeleteInstanceProfile: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      await write(deps, async (tx) => {
        const profile = await instanceProfileOrThrow(tx, accountId, requiredString(input, 'InstanceProfileName'));
        if (await tx.countLinksFrom(accountId, 'instance-profile-role', profile.name.toLowerCase()) > 0) {
          throw IamErrors.deleteConflict('remove roles from instance profile');
        }
        await tx.deleteEntity(accountId, 'instance-profile', profile.name);
      });
      return {};
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListInstanceProfiles.html
    ListInstanceProfiles: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const request = pageRequest(input);
      const pathPrefix = optionalString(input, 'PathPrefix');
      return deps.store.read(async (tx) => {
        const rows = await tx.listEntities(accountId, 'instance-profile', {
          ...(request.after !== undefined ? { after: request.after } : {}),
          limit: request.limit,
          ...(pathPrefix !== undefined ? { pathPrefix } : {}),
        });
        const page = toPage(rows, request.maxItems, (p) => p.name.toLowerCase());
        const items: Record<string, unknown>[] = [];
        for (const profile of page.items) items.push(profileView(profile, await rolesOf(tx, profile), false));
        return { InstanceProfiles: items, IsTruncated: page.IsTruncated, ...(page.Marker !== undefined ? { Marker: page.Marker } : {}) };
      });
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddRoleToInstanceProfile.html
    AddRoleToInstanceProfile: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      await write(deps, async (tx) => {
        const profile = await instanceProfileOrThrow(tx, accountId, requiredString(input, 'InstanceProfileName'));
        const role = await entityOrThrow(tx, accountId, 'role', requiredString(input, 'RoleName'));
        refuseIfServiceLinked(role);
        // INVARIANT: a profile holds at most one role; the count is read in this serializable transaction.
        if (await tx.countLinksFrom(accountId, 'instance-profile-role', profile.name.toLowerCase()) >= ROLES_PER_INSTANCE_PROFILE) {
          throw IamErrors.quotaExceeded('InstanceSessionsPerInstanceProfile', ROLES_PER_INSTANCE_PROFILE);
        }
        await tx.addLink({
          accountId, kind: 'instance-profile-role', from: profile.name.toLowerCase(), to: role.name.toLowerCase(), createdAt: isoNow(deps.clock),
        });
      }, () => IamErrors.quotaExceeded('InstanceSessionsPerInstanceProfile', ROLES_PER_INSTANCE_PROFILE));
      return {};
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_RemoveRoleFromInstanceProfile.html
    RemoveRoleFromInstanceProfile: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const roleName = requiredString(input, 'RoleName');
      await write(deps, async (tx) => {
        const profile = await instanceProfileOrThrow(tx, accountId, requiredString(input, 'InstanceProfileName'));
        if (!await tx.removeLink(accountId, 'instance-profile-role', profile.name.toLowerCase(), roleName.toLowerCase())) {
          throw IamErrors.noSuchEntity('role', roleName);
        }
      });
      return {};
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListInstanceProfilesForRole.html
    ListInstanceProfilesForRole: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const request = pageRequest(input);
      return deps.store.read(async (tx) => {
        const role = await entityOrThrow(tx, accountId, 'role', requiredString(input, 'RoleName'));
        const links = await tx.listLinksTo(accountId, 'instance-profile-role', role.name.toLowerCase(), {
          ...(request.after !== undefined ? { after: request.after } : {}),
          limit: request.limit,
        });
        const page = toPage(links, request.maxItems, (l) => l.from);
        const items: Record<string, unknown>[] = [];
        for (const link of page.items) {
          const profile = await tx.getEntity(accountId, 'instance-profile', link.from);
          if (profile !== undefined) items.push(profileView(profile, [role], false));
        }
        return { InstanceProfiles: items, IsTruncated: page.IsTruncated, ...(page.Marker !== undefined ? { Marker: page.Marker } : {}) };
      });
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagInstanceProfile.html
    TagInstanceProfile: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const added = tagsOf(input);
      await write(deps, async (tx) => {
        await retag(tx, await instanceProfileOrThrow(tx, accountId, requiredString(input, 'InstanceProfileName')), (tags) => applyTags(tags, added));
      });
      return {};
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagInstanceProfile.html
    UntagInstanceProfile: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const keys = tagKeysOf(input);
      await write(deps, async (tx) => {
        await retag(tx, await instanceProfileOrThrow(tx, accountId, requiredString(input, 'InstanceProfileName')), (tags) => removeTags(tags, keys));
      });
      return {};
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListInstanceProfileTags.html
    ListInstanceProfileTags: async ({ caller, input }) => {
      const profile = await instanceProfileOrThrow(deps.store, accountOf(caller), requiredString(input, 'InstanceProfileName'));
      return tagPage(dataOf<InstanceProfileData>(profile).tags ?? [], input);
    },
  };
}
