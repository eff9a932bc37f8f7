import { StoreConflict } from '../../store/port.js';
import { IamErrors } from '../errors.js';
import type { IamDeps, OperationContext } from '../operation.js';
import { accountOf, isoNow, keyOf, requiredString } from '../caller-account.js';
import { entityOrThrow } from '../lookups.js';

/** "Groups an IAM user can be a member of: 10" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). */
export const MAX_GROUPS_PER_USER = 10;

/**
 * AddUserToGroup (https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html). Adding a
 * member again changes nothing and succeeds, as AWS does. The quota is checked in the same serializable
 * transaction as the insert, so concurrent adds cannot make an 11th membership.
 */
export async function addUserToGroup(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const accountId = accountOf(caller);
  const groupName = requiredString(input, 'GroupName');
  const userName = requiredString(input, 'UserName');
  const createdAt = isoNow(deps.clock);
  await deps.store.transaction(async (tx) => {
    const group = await entityOrThrow(tx, accountId, 'group', groupName);
    const user = await entityOrThrow(tx, accountId, 'user', userName);
    const from = keyOf(group.name);
    const to = keyOf(user.name);
    const memberships = await tx.listLinksTo(accountId, 'group-member', to);
    if (memberships.some((link) => link.from === from)) return;
    if (memberships.length >= MAX_GROUPS_PER_USER) throw IamErrors.quotaExceeded('GroupsPerUser', MAX_GROUPS_PER_USER);
    try {
      await tx.addLink({ accountId, kind: 'group-member', from, to, createdAt });
    } catch (error) {
      if (!(error instanceof StoreConflict)) throw error;
    }
  });
  return {};
}

/**
 * RemoveUserFromGroup (https://docs.aws.amazon.com/IAM/latest/APIReference/API_RemoveUserFromGroup.html):
 * NoSuchEntity when the group or the user does not exist. Removing a user that is not a member succeeds
 * and changes nothing, as AWS answers (observed against AWS in cloud-custodian/cloud-custodian#4730: "in
 * both the cases [already a member / not a member] there's no error returned").
 */
export async function removeUserFromGroup(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const accountId = accountOf(caller);
  const groupName = requiredString(input, 'GroupName');
  const userName = requiredString(input, 'UserName');
  await deps.store.transaction(async (tx) => {
    const group = await entityOrThrow(tx, accountId, 'group', groupName);
    const user = await entityOrThrow(tx, accountId, 'user', userName);
    await tx.removeLink(accountId, 'group-member', keyOf(group.name), keyOf(user.name));
  });
  return {};
}
