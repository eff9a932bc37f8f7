import { StoreConflict, type StoreTransaction } from '../../store/port.js';
import { IamErrors } from '../errors.js';
import type { IamDeps, OperationContext } from '../operation.js';
import { renameBoundary } from '../boundaries.js';
import { accountOf, keyOf, optionalString, requiredString } from '../caller-account.js';
import { entityOrThrow } from '../lookups.js';
import { userArn } from './user-view.js';

/**
 * UpdateUser (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateUser.html): a new path and/or
 * name. A renamed user keeps its group memberships, attached and inline policies and access keys
 * ("the user's ... policies, groups and access keys stay with the renamed user"), all carried over in the
 * same transaction as the rename.
 */
export async function updateUser(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const accountId = accountOf(caller);
  const userName = requiredString(input, 'UserName');
  const newPath = optionalString(input, 'NewPath');
  const newUserName = optionalString(input, 'NewUserName');
  await deps.store.transaction(async (tx) => {
    const user = await entityOrThrow(tx, accountId, 'user', userName);
    const name = newUserName ?? user.name;
    const path = newPath ?? user.path;
    const updated = { ...user, name, path, arn: userArn(deps.partition, accountId, path, name) };
    if (name === user.name) {
      await tx.updateEntity(updated);
      return;
    }
    try {
      await tx.renameEntity(accountId, 'user', user.name, updated);
    } catch (error) {
      if (error instanceof StoreConflict) throw IamErrors.entityAlreadyExists('user', name);
      throw error;
    }
    await carryOver(tx, accountId, user.name, name);
  });
  return {};
}

/** Moves what hangs on a user's old name to its new name: memberships, attachments, boundary, inline policies, keys. */
async function carryOver(tx: StoreTransaction, accountId: string, oldName: string, newName: string): Promise<void> {
  const oldKey = keyOf(oldName);
  const newKey = keyOf(newName);
  if (oldKey !== newKey) {
    for (const link of await tx.listLinksTo(accountId, 'group-member', oldKey)) {
      await tx.removeLink(accountId, 'group-member', link.from, oldKey);
      await tx.addLink({ ...link, to: newKey });
    }
    for (const link of await tx.listLinksFrom(accountId, 'user-policy', oldKey)) {
      await tx.removeLink(accountId, 'user-policy', oldKey, link.to);
      await tx.addLink({ ...link, from: newKey });
    }
  }
  await renameBoundary(tx, accountId, 'user', oldName, newName);
  for (const policy of await tx.listInlinePolicies(accountId, 'user', oldName)) {
    await tx.deleteInlinePolicy(accountId, 'user', oldName, policy.policyName);
    await tx.putInlinePolicy({ ...policy, ownerName: newName });
  }
  for (const key of await tx.listAccessKeys(accountId, { kind: 'user', userName: oldName })) {
    await tx.deleteAccessKey(key.accessKeyId);
    await tx.createAccessKey({ ...key, owner: { kind: 'user', userName: newName } });
  }
}
