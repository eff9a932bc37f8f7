import type { IamEntityRecord } from '../../store/port.js';
import { IamErrors } from '../errors.js';
import type { IamDeps, OperationContext } from '../operation.js';
import { pageRequest, toPage } from '../paging.js';
import { type Tag, type UserData, dataOf } from '../records.js';
import { accountOf, requiredString } from './caller-account.js';
import { MAX_TAGS_PER_ENTITY, applyTags, removeTags, tagKeysOf, tagsOf } from './tags.js';

/**
 * TagUser (https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagUser.html): "If a tag with the same
 * key name already exists, then that tag is overwritten with the new value"; "if any one of the tags is
 * invalid or if you exceed the allowed maximum number of tags, then the entire request fails".
 */
export async function tagUser(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const added = tagsOf(input);
  return changeTags(deps, caller, requiredString(input, 'UserName'), (tags) => applyTags(tags, added, MAX_TAGS_PER_ENTITY));
}

/** UntagUser (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagUser.html): keys not present are ignored. */
export async function untagUser(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const keys = tagKeysOf(input);
  return changeTags(deps, caller, requiredString(input, 'UserName'), (tags) => removeTags(tags, keys));
}

/** ListUserTags (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUserTags.html), paged. */
export async function listUserTags(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const accountId = accountOf(caller);
  const userName = requiredString(input, 'UserName');
  const { after, maxItems } = pageRequest(input);
  const user = await deps.store.getEntity(accountId, 'user', userName);
  if (user === undefined) throw IamErrors.noSuchEntity('user', userName);
  const tags = dataOf<UserData>(user).tags ?? [];
  // Tags keep their order; the marker is the lower-case key of the last tag answered.
  const start = after === undefined ? 0 : tags.findIndex((t) => t.Key.toLowerCase() === after) + 1;
  const page = toPage(tags.slice(start, start + maxItems + 1), maxItems, (t) => t.Key.toLowerCase());
  return { Tags: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
}

async function changeTags(
  deps: IamDeps, caller: OperationContext['caller'], userName: string, change: (tags: readonly Tag[]) => Tag[],
): Promise<Record<string, unknown>> {
  const accountId = accountOf(caller);
  await deps.store.transaction(async (tx) => {
    const user = await tx.getEntity(accountId, 'user', userName);
    if (user === undefined) throw IamErrors.noSuchEntity('user', userName);
    const data = dataOf<UserData>(user);
    const tags = change(data.tags ?? []);
    const { tags: _old, ...rest } = data;
    const updated: IamEntityRecord = { ...user, data: { ...rest, ...(tags.length > 0 ? { tags } : {}) } };
    await tx.updateEntity(updated);
  });
  deps.changed(accountId);
  return {};
}
