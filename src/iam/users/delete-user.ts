import { IamErrors } from '../errors.js';
import type { IamDeps, OperationContext } from '../operation.js';
import { unlinkBoundary } from '../boundaries.js';
import { accountOf, keyOf, requiredString } from '../caller-account.js';
import { entityOrThrow } from '../lookups.js';
import { checkNoCredentials } from '../credentials/index.js';
import { type UserData, dataOf } from '../records.js';

/**
 * DeleteUser (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUser.html): refused with
 * DeleteConflict while the user has access keys, inline policies, attached managed policies or group
 * memberships or enabled MFA devices ("you must delete the items attached to the user manually"), with
 * AWS's messages ("Cannot delete entity, must delete access keys first." / "must delete MFA device first."
 * / "must delete policies first." / "must detach all policies first." / "must remove users from group
 * first."). A
 * permissions boundary does not hold a user back: its link goes with the user.
 */
export async function deleteUser(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const accountId = accountOf(caller);
  const userName = requiredString(input, 'UserName');
  await deps.store.transaction(async (tx) => {
    const user = await entityOrThrow(tx, accountId, 'user', userName);
    const key = keyOf(user.name);
    if ((await tx.listAccessKeys(accountId, { kind: 'user', userName: user.name })).length > 0) {
      throw IamErrors.deleteConflict('delete access keys');
    }
    if ((dataOf<UserData>(user).mfaDevices ?? []).length > 0) throw IamErrors.deleteConflict('delete MFA device');
    if ((await tx.listInlinePolicies(accountId, 'user', user.name, { limit: 1 })).length > 0) {
      throw IamErrors.deleteConflict('delete policies');
    }
    if ((await tx.countLinksFrom(accountId, 'user-policy', key)) > 0) throw IamErrors.deleteConflict('detach all policies');
    if ((await tx.countLinksTo(accountId, 'group-member', key)) > 0) throw IamErrors.deleteConflict('remove users from group');
    // Login profile, signing certificates, SSH public keys, service-specific credentials (src/iam/credentials/).
    await checkNoCredentials(tx, user);
    await unlinkBoundary(tx, accountId, 'user', user.name);
    await tx.deleteEntity(accountId, 'user', user.name);
  });
  return {};
}
