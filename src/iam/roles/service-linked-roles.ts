import { IdPrefix, type RandomSource, newEntityId } from '../../kernel/index.js';
import type { IamEntityRecord } from '../../store/port.js';
import { iamError } from '../errors.js';
import type { IamDeps, OperationTable } from '../operation.js';
import type { RoleData } from '../records.js';
import { unlinkBoundary } from '../boundaries.js';
import { accountOf, isoNow, optionalString, requiredString, write } from '../caller-account.js';
import { entityOrThrow } from '../lookups.js';
import { SERVICE_LINKED_PATH_PREFIX, isServiceLinked } from './protected-roles.js';
import { roleView } from './role-view.js';
import { DEFAULT_MAX_SESSION_DURATION, roleArn } from './roles.js';
import { serviceLinkedRoleSpec } from './service-linked-catalogue.js';

/**
 * Service-linked roles (https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html):
 * a role at `/aws-service-role/<service principal>/` named by its service, trusting only that service, that
 * no caller may change (see protected-roles.ts) except its description.
 *
 * Deletion: AWS checks with the service that no resource still uses the role, asynchronously, and answers a
 * task id; no AWS service runs against Ward, so nothing can use the role and the deletion succeeds at once.
 * The task's outcome is kept as a store setting (`iam-slr-deletion/ACCOUNT/TASK`) so that
 * GetServiceLinkedRoleDeletionStatus can answer for it, and only for the account that deleted the role.
 */

const TASK_PREFIX = 'task/aws-service-role/';

function taskSetting(accountId: string, taskId: string): string {
  return `iam-slr-deletion/${accountId}/${taskId}`;
}

/** A random (version 4) UUID from the injected random source. */
function uuid(random: RandomSource): string {
  const b = Array.from(random.bytes(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The trust policy IAM gives a service-linked role: only its service may assume it. */
function serviceTrustPolicy(service: string): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
}

/** CreateServiceLinkedRole, DeleteServiceLinkedRole, GetServiceLinkedRoleDeletionStatus. */
export function serviceLinkedRoleOperations(deps: IamDeps): OperationTable {
  return {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceLinkedRole.html
    CreateServiceLinkedRole: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const service = requiredString(input, 'AWSServiceName');
      const suffix = optionalString(input, 'CustomSuffix');
      const description = optionalString(input, 'Description');
      const spec = serviceLinkedRoleSpec(service);
      if (spec === undefined) {
        throw iamError('InvalidInput', `The service principal ${service} does not support service-linked roles in Ward.`);
      }
      // IAM's words when a service takes no suffix, as clients report them for es.amazonaws.com.
      if (suffix !== undefined && !spec.customSuffix) throw iamError('InvalidInput', `Custom suffix is not allowed for ${service}`);
      const name = suffix === undefined ? spec.roleName : `${spec.roleName}_${suffix}`;
      if (name.length > 64) throw iamError('InvalidInput', `The role name ${name} is longer than 64 characters.`);
      const path = `${SERVICE_LINKED_PATH_PREFIX}${service}/`;
      // A taken name is InvalidInput, not EntityAlreadyExists, in IAM's words.
      const taken = () => iamError('InvalidInput', `Service role name ${name} has been taken in this account, please try a different suffix.`);
      const role = await write(deps, async (tx) => {
        if (await tx.getEntity(accountId, 'role', name) !== undefined) throw taken();
        const data: RoleData = {
          maxSessionDuration: DEFAULT_MAX_SESSION_DURATION,
          assumeRolePolicyDocument: serviceTrustPolicy(service),
          ...(description !== undefined ? { description } : {}),
        };
        const record: IamEntityRecord = {
          accountId, kind: 'role', name, path, id: newEntityId(IdPrefix.Role, deps.random),
          arn: roleArn(deps.partition, accountId, path, name), createdAt: isoNow(deps.clock), data: { ...data },
        };
        await tx.createEntity(record);
        return record;
      }, taken);
      return { Role: roleView(role, 'create') };
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteServiceLinkedRole.html
    DeleteServiceLinkedRole: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const roleName = requiredString(input, 'RoleName');
      const taskId = await write(deps, async (tx) => {
        const role = await entityOrThrow(tx, accountId, 'role', roleName);
        if (!isServiceLinked(role)) throw iamError('InvalidInput', `Role ${role.name} is not a service-linked role.`);
        const service = role.path.slice(SERVICE_LINKED_PATH_PREFIX.length, -1);
        const id = `${TASK_PREFIX}${service}/${role.name}/${uuid(deps.random)}`;
        const key = role.name.toLowerCase();
        // The service owns what hangs on its role; deleting the role takes it along.
        await tx.removeLinksOf(accountId, 'role-policy', key, 'from');
        await tx.removeLinksOf(accountId, 'instance-profile-role', key, 'to');
        for (const inline of await tx.listInlinePolicies(accountId, 'role', role.name)) {
          await tx.deleteInlinePolicy(accountId, 'role', role.name, inline.policyName);
        }
        await unlinkBoundary(tx, accountId, 'role', role.name);
        await tx.deleteEntity(accountId, 'role', role.name);
        await tx.setSetting(taskSetting(accountId, id), JSON.stringify({ status: 'SUCCEEDED', createdAt: isoNow(deps.clock) }));
        return id;
      });
      return { DeletionTaskId: taskId };
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetServiceLinkedRoleDeletionStatus.html
    GetServiceLinkedRoleDeletionStatus: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const taskId = requiredString(input, 'DeletionTaskId');
      if (!taskId.startsWith(TASK_PREFIX) || taskId.split('/').length !== 5) {
        throw iamError('InvalidInput', `Invalid deletion task id ${taskId}: expected task/aws-service-role/<service-principal-name>/<role-name>/<task-uuid>.`);
      }
      const saved = await deps.store.getSetting(taskSetting(accountId, taskId));
      if (saved === undefined) throw iamError('NoSuchEntity', `Deletion task ${taskId} cannot be found.`);
      const status = (JSON.parse(saved) as { status: string }).status;
      return { Status: status };
    },
  };
}
