import { Hash } from '@smithy/hash-node';
import { getSigningKey } from '@smithy/signature-v4';
import type { CredentialScope } from './parse-authentication.js';

const sha256 = Hash.bind(null, 'sha256');

/**
 * How many derived keys are kept: one per access key, day, region and service in use. Past it the oldest
 * goes first; a key derived again goes through smithy's `getSigningKey` (its own small cache, else four
 * HMACs).
 */
export const SIGNING_KEY_CACHE_SIZE = 4096;

interface Entry {
  readonly secretAccessKey: string;
  readonly key: Uint8Array;
}

const cache = new Map<string, Entry>();

/**
 * The SigV4 signing key of a secret for a credential scope, derived by smithy (`getSigningKey`: four HMACs
 * from `AWS4` + secret) and kept here by access key id and scope. smithy keeps keys too (50), but finds
 * one through an HMAC of the secret on every call, which costs as much as the signature itself; a hit here
 * costs a map lookup. An entry counts only for the very secret it was derived from, so a key id that came
 * back with another secret derives anew.
 */
export async function signingKeyFor(
  accessKeyId: string, secretAccessKey: string, scope: CredentialScope,
): Promise<Uint8Array> {
  const name = `${accessKeyId}/${scope.date}/${scope.region}/${scope.service}`;
  const found = cache.get(name);
  if (found !== undefined && found.secretAccessKey === secretAccessKey) return found.key;
  const key = await getSigningKey(sha256, { accessKeyId, secretAccessKey }, scope.date, scope.region, scope.service);
  cache.delete(name);
  if (cache.size >= SIGNING_KEY_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(name, { secretAccessKey, key });
  return key;
}
