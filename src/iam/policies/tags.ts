import type { Tag } from '../records.js';
import { iamError } from '../errors.js';

/**
 * At most 50 tags per IAM resource ("IAM and AWS STS quotas",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). The rules and messages are
 * the same as for users and roles (`src/iam/users/tags.ts`), from "Tagging IAM resources"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html#id_tags_rules).
 */
export const MAX_TAGS = 50;

/** The tags of the input, as IAM's protocol layer read them (Key and Value checked against the model). */
export function inputTags(value: unknown): Tag[] {
  if (!Array.isArray(value)) return [];
  return value.map((t: unknown) => {
    const tag = (t ?? {}) as { Key?: unknown; Value?: unknown };
    return { Key: String(tag.Key ?? ''), Value: String(tag.Value ?? '') };
  });
}

function checkTagKey(key: string): void {
  if (key.toLowerCase().startsWith('aws:')) {
    throw iamError('InvalidInput', `Tag key ${key} is invalid: tag keys starting with aws: are reserved for use by AWS.`);
  }
}

/**
 * `current` with `added` applied as IAM does: a tag whose key matches an existing one ignoring case
 * replaces it in its place; the same key twice in one request is `InvalidInput`; more than 50 tags in all
 * is `LimitExceeded`.
 */
export function mergeTags(current: readonly Tag[], added: readonly Tag[]): Tag[] {
  const seen = new Set<string>();
  for (const tag of added) {
    const key = tag.Key.toLowerCase();
    if (seen.has(key)) throw iamError('InvalidInput', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(key);
    checkTagKey(tag.Key);
  }
  const merged = [...current];
  for (const tag of added) {
    const at = merged.findIndex((t) => t.Key.toLowerCase() === tag.Key.toLowerCase());
    if (at >= 0) merged[at] = { Key: tag.Key, Value: tag.Value };
    else merged.push({ Key: tag.Key, Value: tag.Value });
  }
  if (merged.length > MAX_TAGS) throw iamError('LimitExceeded', 'The number of tags has reached the maximum limit.');
  return merged;
}

/** The tags left once `keys` are removed (ignoring case); unknown keys are ignored, as IAM does. */
export function removeTags(current: readonly Tag[], keys: readonly string[]): Tag[] {
  for (const key of keys) checkTagKey(key);
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return current.filter((t) => !drop.has(t.Key.toLowerCase()));
}
