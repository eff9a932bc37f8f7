import { IamErrors, iamError } from '../errors.js';
import type { Tag } from '../records.js';

/**
 * IAM's tag rules beyond what the model's shapes check (key 1–128 and value 0–256 characters of
 * `[\p{L}\p{Z}\p{N}_.:/=+\-@]`, at most 50 per request), from "Tagging IAM resources"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html#id_tags_rules) and "IAM and AWS STS
 * quotas" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html):
 * - at most 50 tags on one user or role;
 * - keys are unique ignoring case: a tag whose key differs from an existing one only in case replaces it;
 * - the `aws:` prefix is reserved for AWS, in any case.
 */
export const MAX_TAGS_PER_ENTITY = 50;

/** Reads the `Tags` member of an input as the protocol layer parsed it. */
export function tagsOf(input: Readonly<Record<string, unknown>>, name = 'Tags'): Tag[] {
  const value = input[name];
  if (!Array.isArray(value)) return [];
  return value.map((item: { Key?: unknown; Value?: unknown }) => ({ Key: String(item.Key ?? ''), Value: String(item.Value ?? '') }));
}

/** Checks the tags of one request: no duplicate keys ignoring case, no reserved prefix. */
export function checkNewTags(tags: readonly Tag[]): void {
  const seen = new Set<string>();
  for (const tag of tags) {
    const key = tag.Key.toLowerCase();
    if (seen.has(key)) throw IamErrors.invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(key);
    checkTagKey(tag.Key);
  }
}

/** Refuses a key with the reserved `aws:` prefix (any case). */
export function checkTagKey(key: string): void {
  if (key.toLowerCase().startsWith('aws:')) {
    throw IamErrors.invalidInput(`Tag key ${key} is invalid: tag keys starting with aws: are reserved for use by AWS.`);
  }
}

/**
 * `existing` with `added` applied: a new tag replaces the one whose key matches ignoring case, in its
 * place; the others follow in the order given. LimitExceeded "The number of tags has reached the maximum
 * limit." when the result has more than `limit` tags (the same words as roles' tags).
 */
export function applyTags(existing: readonly Tag[], added: readonly Tag[], limit = MAX_TAGS_PER_ENTITY): Tag[] {
  checkNewTags(added);
  const result = [...existing];
  for (const tag of added) {
    const at = result.findIndex((t) => t.Key.toLowerCase() === tag.Key.toLowerCase());
    if (at >= 0) result[at] = { Key: tag.Key, Value: tag.Value };
    else result.push({ Key: tag.Key, Value: tag.Value });
  }
  if (result.length > limit) throw iamError('LimitExceeded', 'The number of tags has reached the maximum limit.');
  return result;
}

/** `existing` without the tags whose keys are in `keys` (ignoring case); unknown keys are ignored, as AWS does. */
export function removeTags(existing: readonly Tag[], keys: readonly string[]): Tag[] {
  for (const key of keys) checkTagKey(key);
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !drop.has(t.Key.toLowerCase()));
}

/** Reads the `TagKeys` member of an input. */
export function tagKeysOf(input: Readonly<Record<string, unknown>>): string[] {
  const value = input.TagKeys;
  return Array.isArray(value) ? value.map(String) : [];
}

/** Tags in an output: absent when there are none, as AWS leaves the member out. */
export function tagsOutput(tags: readonly Tag[] | undefined): Tag[] | undefined {
  return tags !== undefined && tags.length > 0 ? tags.map((t) => ({ Key: t.Key, Value: t.Value })) : undefined;
}
