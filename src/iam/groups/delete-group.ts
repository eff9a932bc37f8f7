import { IamErrors } from '../errors.js';
import type { IamDeps, OperationContext } from '../operation.js';
import { accountOf, keyOf, requiredString } from '../caller-account.js';
import { entityOrThrow } from '../lookups.js';

/**
 * DeleteGroup (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteGroup.html): "The group must
 * not contain any users or have any attached policies": DeleteConflict "Cannot delete entity, must remove
 * users from group first." / "must delete policies first." / "must detach all policies first.".
 */
export async function deleteGroup(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const accountId = accountOf(caller);
  const groupName = requiredString(input, 'GroupName');
  await deps.store.transaction(async (tx) => {
    const group = await entityOrThrow(tx, accountId, 'group', groupName);
    const key = keyOf(group.name);
    if ((await tx.countLinksFrom(accountId, 'group-member', key)) > 0) throw IamErrors.deleteConflict('remove users from group');
    if ((await tx.listInlinePolicies(accountId, 'group', group.name, { limit: 1 })).length > 0) {
      throw IamErrors.deleteConflict('delete policies');
    }
    if ((await tx.countLinksFrom(accountId, 'group-policy', key)) > 0) throw IamErrors.deleteConflict('detach all policies');
    await tx.deleteEntity(accountId, 'group', group.name);
  });
  return {};
}
