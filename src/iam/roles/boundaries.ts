import { parseArn } from '../../kernel/index.js';
import type { IamEntityRecord, StoreTransaction } from '../../store/port.js';
import { iamError } from '../errors.js';
import type { IamDeps, OperationTable } from '../operation.js';
import { awsManagedPolicy } from '../policies/index.js';
import { type RoleData, type UserData, dataOf } from '../records.js';
import { accountOf, required, write } from './context.js';
import { roleOrThrow, userOrThrow } from './lookups.js';
import { refuseIfServiceLinked } from './protected-roles.js';

/**
 * Permissions boundaries of users and roles
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html): one managed policy,
 * customer managed in the same account or AWS managed, set with Put{User,Role}PermissionsBoundary or at
 * creation, removed with Delete{User,Role}PermissionsBoundary. The boundary is kept as its ARN in the
 * identity's data (`permissionsBoundary`); deleting the policy is the policies service's concern.
 */

/** The `PermissionsBoundary` member of a User or Role, as IAM answers it. */
export function boundaryView(arn: string | undefined): Record<string, unknown> | undefined {
  return arn === undefined ? undefined : { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: arn };
}

/**
 * Checks that `arn` names a managed policy that can be a boundary in `accountId`, and returns it.
 * - not an IAM policy ARN: InvalidInput "ARN X is not valid." (the wording of the attach operations);
 * - no such policy (another account, another partition, a deleted one): NoSuchEntity
 *   "Scope ARN: X does not exist or is not attachable." — IAM's text for a boundary, as clients report it
 *   from CreateRole / CreateUser / Put*PermissionsBoundary.
 * AWS managed policies (`arn:PARTITION:iam::aws:policy/...`) must be in the catalogue Ward serves.
 */
export async function checkBoundaryPolicy(tx: StoreTransaction, deps: IamDeps, accountId: string, arn: string): Promise<string> {
  const parsed = parseArn(arn);
  if (parsed === undefined || parsed.service !== 'iam' || parsed.region !== '' || !parsed.resource.startsWith('policy/') ||
      parsed.resource.endsWith('/')) {
    throw iamError('InvalidInput', `ARN ${arn} is not valid.`);
  }
  const missing = () => iamError('NoSuchEntity', `Scope ARN: ${arn} does not exist or is not attachable.`);
  if (parsed.partition !== deps.partition) throw missing();
  if (parsed.account === 'aws') {
    if (awsManagedPolicy(arn, deps.partition) === undefined) throw missing();
    return arn;
  }
  if (parsed.account !== accountId) throw missing();
  const name = parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1);
  const policy = await tx.getEntity(accountId, 'policy', name);
  // The path is part of a policy's ARN: the same name under another path is another (absent) policy.
  if (policy === undefined || policy.arn !== arn) throw missing();
  return arn;
}

/** Replaces the boundary of an identity (`undefined` removes it), keeping the rest of its data. */
async function setBoundary(tx: StoreTransaction, entity: IamEntityRecord, arn: string | undefined): Promise<void> {
  const { permissionsBoundary: _old, ...rest } = dataOf<UserData | RoleData>(entity) as Record<string, unknown>;
  await tx.updateEntity({ ...entity, data: arn === undefined ? rest : { ...rest, permissionsBoundary: arn } });
}

/** Put/Delete{User,Role}PermissionsBoundary. */
export function boundaryOperations(deps: IamDeps): OperationTable {
  return {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPermissionsBoundary.html
    PutUserPermissionsBoundary: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const userName = required(input, 'UserName');
      const arn = required(input, 'PermissionsBoundary');
      await write(deps, accountId, async (tx) => {
        const user = await userOrThrow(tx, accountId, userName);
        await setBoundary(tx, user, await checkBoundaryPolicy(tx, deps, accountId, arn));
      });
      return {};
    },
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUserPermissionsBoundary.html
    DeleteUserPermissionsBoundary: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const userName = required(input, 'UserName');
      await write(deps, accountId, async (tx) => {
        const user = await userOrThrow(tx, accountId, userName);
        await setBoundary(tx, user, undefined);
      });
      return {};
    },
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePermissionsBoundary.html
    PutRolePermissionsBoundary: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const roleName = required(input, 'RoleName');
      const arn = required(input, 'PermissionsBoundary');
      await write(deps, accountId, async (tx) => {
        const role = await roleOrThrow(tx, accountId, roleName);
        refuseIfServiceLinked(role);
        await setBoundary(tx, role, await checkBoundaryPolicy(tx, deps, accountId, arn));
      });
      return {};
    },
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePermissionsBoundary.html
    DeleteRolePermissionsBoundary: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const roleName = required(input, 'RoleName');
      await write(deps, accountId, async (tx) => {
        const role = await roleOrThrow(tx, accountId, roleName);
        refuseIfServiceLinked(role);
        await setBoundary(tx, role, undefined);
      });
      return {};
    },
  };
}
