import type { IamEntityRecord } from '../../store/port.js';
import type { IamDeps, OperationContext } from '../operation.js';
import { pageRequest, toPage } from '../paging.js';
import { accountOf, keyOf, optionalString, requiredString } from '../caller-account.js';
import { entityOrThrow } from '../lookups.js';
import { userOutput } from '../users/index.js';
import { groupOutput } from './group-view.js';

/**
 * GetGroup (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetGroup.html): the group and one
 * page of its users, by name ignoring case. Reads in one transaction so the page matches the group.
 */
export async function getGroup(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const accountId = accountOf(caller);
  const groupName = requiredString(input, 'GroupName');
  const { after, limit, maxItems } = pageRequest(input);
  return deps.store.read(async (tx) => {
    const group = await entityOrThrow(tx, accountId, 'group', groupName);
    const links = await tx.listLinksFrom(accountId, 'group-member', keyOf(group.name), { ...(after !== undefined ? { after } : {}), limit });
    const page = toPage(links, maxItems, (link) => link.to);
    const users: IamEntityRecord[] = [];
    for (const link of page.items) {
      const user = await tx.getEntity(accountId, 'user', link.to);
      if (user !== undefined) users.push(user);
    }
    return { Group: groupOutput(group), Users: users.map((u) => userOutput(u, false)), IsTruncated: page.IsTruncated, Marker: page.Marker };
  });
}

/** ListGroups (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListGroups.html): by PathPrefix, paged. */
export async function listGroups(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const accountId = accountOf(caller);
  const { after, limit, maxItems } = pageRequest(input);
  const pathPrefix = optionalString(input, 'PathPrefix') ?? '/';
  const rows = await deps.store.listEntities(accountId, 'group', { ...(after !== undefined ? { after } : {}), limit, pathPrefix });
  const page = toPage(rows, maxItems, (entity) => entity.name.toLowerCase());
  return { Groups: page.items.map(groupOutput), IsTruncated: page.IsTruncated, Marker: page.Marker };
}

/** ListGroupsForUser (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListGroupsForUser.html), paged. */
export async function listGroupsForUser(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const accountId = accountOf(caller);
  const userName = requiredString(input, 'UserName');
  const { after, limit, maxItems } = pageRequest(input);
  return deps.store.read(async (tx) => {
    const user = await entityOrThrow(tx, accountId, 'user', userName);
    const links = await tx.listLinksTo(accountId, 'group-member', keyOf(user.name), { ...(after !== undefined ? { after } : {}), limit });
    const page = toPage(links, maxItems, (link) => link.from);
    const groups: IamEntityRecord[] = [];
    for (const link of page.items) {
      const group = await tx.getEntity(accountId, 'group', link.from);
      if (group !== undefined) groups.push(group);
    }
    return { Groups: groups.map(groupOutput), IsTruncated: page.IsTruncated, Marker: page.Marker };
  });
}
