import type { IamEntityRecord, StoreTransaction } from '../store/port.js';
import { iamError } from './errors.js';
import { pageRequest, toPage } from './paging.js';
import type { Tag } from './records.js';

/**
 * Tags on IAM users, roles, instance profiles and customer managed policies: one set of rules for every
 * taggable kind, from "Tagging IAM resources"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html#id_tags_rules) and "IAM and AWS STS
 * quotas" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html):
 * - at most 50 tags on one resource (LimitExceeded "The number of tags has reached the maximum limit.");
 * - keys are unique ignoring case: the same key twice in one request is InvalidInput "Duplicate tag keys
 *   found. Please note that Tag keys are case insensitive.", and a tag whose key matches an existing one
 *   ignoring case replaces it, in its place;
 * - the `aws:` prefix is reserved for AWS, in any case.
 * Key (1–128) and value (0–256) lengths and their characters (`[\p{L}\p{Z}\p{N}_.:/=+\-@]`) are the
 * model's constraints, checked by the protocol layer before a call reaches IAM.
 */
export const MAX_TAGS = 50;

/** Reads the `Tags` member (a list of `{Key, Value}`) of an input as the protocol layer parsed it. */
export function tagsOf(input: Readonly<Record<string, unknown>>): Tag[] {
  const value = input.Tags;
  if (!Array.isArray(value)) return [];
  return value.map((raw: unknown) => {
    const tag = (raw ?? {}) as { Key?: unknown; Value?: unknown };
    return { Key: typeof tag.Key === 'string' ? tag.Key : '', Value: typeof tag.Value === 'string' ? tag.Value : '' };
  });
}

/** Reads the `TagKeys` member (a list of keys) of an input. */
export function tagKeysOf(input: Readonly<Record<string, unknown>>): string[] {
  const value = input.TagKeys;
  return Array.isArray(value) ? value.filter((k): k is string => typeof k === 'string') : [];
}

/** Refuses a key with the reserved `aws:` prefix (any case), naming it as the caller spelled it. */
function checkTagKey(key: string): void {
  if (key.toLowerCase().startsWith('aws:')) {
    throw iamError('InvalidInput', `Tag key ${key} is invalid: tag keys starting with aws: are reserved for use by AWS.`);
  }
}

/** Checks the tags of one request: no key twice (ignoring case) and no reserved key. */
export function checkNewTags(tags: readonly Tag[]): void {
  const seen = new Set<string>();
  for (const tag of tags) {
    const key = tag.Key.toLowerCase();
    if (seen.has(key)) throw iamError('InvalidInput', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(key);
    checkTagKey(tag.Key);
  }
}

/**
 * `existing` with `added` applied (Tag* and the Tags of Create*): a tag whose key matches an existing one
 * ignoring case replaces it in its place, with the new key's spelling; the others follow in the order
 * given. The whole request fails when one tag is invalid or the result has more than 50 tags.
 */
export function applyTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  checkNewTags(added);
  const result = [...existing];
  for (const tag of added) {
    const at = result.findIndex((t) => t.Key.toLowerCase() === tag.Key.toLowerCase());
    if (at >= 0) result[at] = { Key: tag.Key, Value: tag.Value };
    else result.push({ Key: tag.Key, Value: tag.Value });
  }
  if (result.length > MAX_TAGS) throw iamError('LimitExceeded', 'The number of tags has reached the maximum limit.');
  return result;
}

/** `existing` without the tags whose keys are in `keys` (ignoring case); absent keys are ignored, as AWS does. */
export function removeTags(existing: readonly Tag[], keys: readonly string[]): Tag[] {
  for (const key of keys) checkTagKey(key);
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !drop.has(t.Key.toLowerCase()));
}

/** Tags in an output: absent when there are none, as AWS leaves the member out. */
export function tagsOutput(tags: readonly Tag[] | undefined): Tag[] | undefined {
  return tags !== undefined && tags.length > 0 ? tags.map((t) => ({ Key: t.Key, Value: t.Value })) : undefined;
}

/** `data` with its `tags` replaced; an empty list leaves the member out. */
export function withTags<T extends { readonly tags?: readonly Tag[] }>(data: T, tags: readonly Tag[]): T {
  const { tags: _old, ...rest } = data;
  return (tags.length > 0 ? { ...rest, tags } : rest) as T;
}

/** Rewrites an entity's tags (the Tag and Untag operations) inside `tx`, keeping the rest of its data. */
export async function retag(tx: StoreTransaction, entity: IamEntityRecord, change: (tags: readonly Tag[]) => Tag[]): Promise<void> {
  const data = entity.data as { readonly tags?: readonly Tag[] };
  await tx.updateEntity({ ...entity, data: { ...withTags(data, change(data.tags ?? [])) } });
}

/**
 * A page of tags (List{User,Role,InstanceProfile,Policy}Tags), in the order they were added; the marker
 * is the lower-case key of the last tag answered, so a page resumes after it.
 */
export function tagPage(tags: readonly Tag[], input: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const request = pageRequest(input);
  const start = request.after === undefined ? 0 : tags.findIndex((t) => t.Key.toLowerCase() === request.after) + 1;
  const page = toPage(tags.slice(start, start + request.limit), request.maxItems, (t) => t.Key.toLowerCase());
  return {
    Tags: page.items.map((t) => ({ Key: t.Key, Value: t.Value })),
    IsTruncated: page.IsTruncated,
    ...(page.Marker !== undefined ? { Marker: page.Marker } : {}),
  };
}
