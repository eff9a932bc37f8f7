import { checkBoundaryPolicy, setBoundary } from '../boundaries.js';
import { accountOf, isoNow, requiredString, write } from '../caller-account.js';
import { entityOrThrow } from '../lookups.js';
import type { IamDeps, OperationTable } from '../operation.js';
import { refuseIfServiceLinked } from './protected-roles.js';

/**
 * The operations that set and remove permissions boundaries of users and roles. The rules (which policy
 * may be a boundary, how it is kept) are `src/iam/boundaries.ts`'s, shared with CreateUser and CreateRole.
 */

/** Put/Delete{User,Role}PermissionsBoundary. */
export function boundaryOperations(deps: IamDeps): OperationTable {
  return {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPermissionsBoundary.html
    PutUserPermissionsBoundary: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const userName = requiredString(input, 'UserName');
      const arn = requiredString(input, 'PermissionsBoundary');
      await write(deps, async (tx) => {
        const user = await entityOrThrow(tx, accountId, 'user', userName);
        await setBoundary(tx, user, await checkBoundaryPolicy(tx, deps, accountId, arn), isoNow(deps.clock));
      });
      return {};
    },
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUserPermissionsBoundary.html
    DeleteUserPermissionsBoundary: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const userName = requiredString(input, 'UserName');
      await write(deps, async (tx) => {
        const user = await entityOrThrow(tx, accountId, 'user', userName);
        await setBoundary(tx, user, undefined, isoNow(deps.clock));
      });
      return {};
    },
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePermissionsBoundary.html
    PutRolePermissionsBoundary: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const roleName = requiredString(input, 'RoleName');
      const arn = requiredString(input, 'PermissionsBoundary');
      await write(deps, async (tx) => {
        const role = await entityOrThrow(tx, accountId, 'role', roleName);
        refuseIfServiceLinked(role);
        await setBoundary(tx, role, await checkBoundaryPolicy(tx, deps, accountId, arn), isoNow(deps.clock));
      });
      return {};
    },
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePermissionsBoundary.html
    DeleteRolePermissionsBoundary: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const roleName = requiredString(input, 'RoleName');
      await write(deps, async (tx) => {
        const role = await entityOrThrow(tx, accountId, 'role', roleName);
        refuseIfServiceLinked(role);
        await setBoundary(tx, role, undefined, isoNow(deps.clock));
      });
      return {};
    },
  };
}
