import { iamError } from '../errors.js';
import { pageRequest, toPage } from '../paging.js';
import type { Tag } from '../records.js';

/**
 * Tags on IAM roles and instance profiles, by the rules of "Tagging IAM resources" and "IAM and AWS STS
 * quotas" (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html): at most 50 per resource;
 * keys unique ignoring case; the `aws:` prefix is reserved. Key and value lengths and characters are the
 * model's constraints, checked by the protocol layer before the call reaches IAM.
 */
export const MAX_TAGS = 50;

/** Reads the `Tags` member (a list of `{Key, Value}`) as the protocol layer parsed it. */
export function tagsInput(value: unknown): Tag[] {
  if (!Array.isArray(value)) return [];
  return value.map((raw) => {
    const tag = raw as { Key?: unknown; Value?: unknown };
    return { Key: typeof tag.Key === 'string' ? tag.Key : '', Value: typeof tag.Value === 'string' ? tag.Value : '' };
  });
}

/**
 * Checks the tags of one request: no key twice (ignoring case) and no reserved key. AWS's wording for
 * duplicates ("Duplicate tag keys found. Please note that Tag keys are case insensitive.") is the one
 * clients report from CreateRole/TagRole.
 */
export function checkTags(tags: readonly Tag[]): void {
  const seen = new Set<string>();
  for (const tag of tags) {
    const key = tag.Key.toLowerCase();
    if (seen.has(key)) throw iamError('InvalidInput', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(key);
    if (key.startsWith('aws:')) throw iamError('InvalidInput', `Tag key ${tag.Key} is invalid: tag keys starting with aws: are reserved for use by AWS.`);
  }
  if (tags.length > MAX_TAGS) throw tooManyTags();
}

/** "The number of tags has reached the maximum limit." (LimitExceeded). */
function tooManyTags(): Error {
  return iamError('LimitExceeded', 'The number of tags has reached the maximum limit.');
}

/** `existing` with `added` applied: a key already present (any case) takes the new key and value. */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  checkTags(added);
  const out = [...existing];
  for (const tag of added) {
    const at = out.findIndex((t) => t.Key.toLowerCase() === tag.Key.toLowerCase());
    if (at >= 0) out[at] = tag;
    else out.push(tag);
  }
  if (out.length > MAX_TAGS) throw tooManyTags();
  return out;
}

/** `existing` without the tags whose keys are in `keys` (ignoring case); absent keys are ignored, as AWS does. */
export function removeTags(existing: readonly Tag[], keys: readonly string[]): Tag[] {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  for (const key of drop) {
    if (key.startsWith('aws:')) throw iamError('InvalidInput', `Tag key ${key} is invalid: tag keys starting with aws: are reserved for use by AWS.`);
  }
  return existing.filter((t) => !drop.has(t.Key.toLowerCase()));
}

/** A page of tags (ListRoleTags / ListInstanceProfileTags), in the order they were added; the marker is a key. */
export function tagPage(tags: readonly Tag[], input: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const request = pageRequest(input);
  const after = request.after?.toLowerCase();
  const start = after === undefined ? 0 : tags.findIndex((t) => t.Key.toLowerCase() === after) + 1;
  const page = toPage(tags.slice(start, start + request.limit), request.maxItems, (t) => t.Key.toLowerCase());
  return { Tags: page.items, IsTruncated: page.IsTruncated, ...(page.Marker !== undefined ? { Marker: page.Marker } : {}) };
}
