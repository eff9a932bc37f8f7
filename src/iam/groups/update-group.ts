import { StoreConflict } from '../../store/port.js';
import { IamErrors } from '../errors.js';
import type { IamDeps, OperationContext } from '../operation.js';
import { accountOf, keyOf, optionalString, requiredString } from '../caller-account.js';
import { entityOrThrow } from '../lookups.js';
import { groupArn } from './group-view.js';

/**
 * UpdateGroup (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateGroup.html): a new path
 * and/or name; a renamed group keeps its members, attached and inline policies (carried over in the
 * rename's transaction).
 */
export async function updateGroup(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const accountId = accountOf(caller);
  const groupName = requiredString(input, 'GroupName');
  const newPath = optionalString(input, 'NewPath');
  const newGroupName = optionalString(input, 'NewGroupName');
  await deps.store.transaction(async (tx) => {
    const group = await entityOrThrow(tx, accountId, 'group', groupName);
    const name = newGroupName ?? group.name;
    const path = newPath ?? group.path;
    const updated = { ...group, name, path, arn: groupArn(deps.partition, accountId, path, name) };
    if (name === group.name) {
      await tx.updateEntity(updated);
      return;
    }
    try {
      await tx.renameEntity(accountId, 'group', group.name, updated);
    } catch (error) {
      if (error instanceof StoreConflict) throw IamErrors.entityAlreadyExists('group', name);
      throw error;
    }
    const oldKey = keyOf(group.name);
    const newKey = keyOf(name);
    if (oldKey !== newKey) {
      for (const kind of ['group-member', 'group-policy'] as const) {
        for (const link of await tx.listLinksFrom(accountId, kind, oldKey)) {
          await tx.removeLink(accountId, kind, oldKey, link.to);
          await tx.addLink({ ...link, from: newKey });
        }
      }
    }
    for (const policy of await tx.listInlinePolicies(accountId, 'group', group.name)) {
      await tx.deleteInlinePolicy(accountId, 'group', group.name, policy.policyName);
      await tx.putInlinePolicy({ ...policy, ownerName: name });
    }
  });
  return {};
}
