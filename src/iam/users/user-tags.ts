import type { IamDeps, OperationContext } from '../operation.js';
import { type UserData, dataOf } from '../records.js';
import { accountOf, requiredString, write } from '../caller-account.js';
import { entityOrThrow } from '../lookups.js';
import { applyTags, removeTags, retag, tagKeysOf, tagPage, tagsOf } from '../tags.js';

/**
 * TagUser (https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagUser.html): "If a tag with the same
 * key name already exists, then that tag is overwritten with the new value"; "if any one of the tags is
 * invalid or if you exceed the allowed maximum number of tags, then the entire request fails".
 */
export async function tagUser(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const added = tagsOf(input);
  return changeTags(deps, accountOf(caller), requiredString(input, 'UserName'), (tags) => applyTags(tags, added));
}

/** UntagUser (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagUser.html): keys not present are ignored. */
export async function untagUser(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const keys = tagKeysOf(input);
  return changeTags(deps, accountOf(caller), requiredString(input, 'UserName'), (tags) => removeTags(tags, keys));
}

/** ListUserTags (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUserTags.html), paged. */
export async function listUserTags(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const userName = requiredString(input, 'UserName');
  const user = await entityOrThrow(deps.store, accountOf(caller), 'user', userName);
  return tagPage(dataOf<UserData>(user).tags ?? [], input);
}

async function changeTags(
  deps: IamDeps, accountId: string, userName: string, change: Parameters<typeof retag>[2],
): Promise<Record<string, unknown>> {
  await write(deps, async (tx) => {
    const user = await entityOrThrow(tx, accountId, 'user', userName);
    await retag(tx, user, change);
  });
  return {};
}
