import { Hash } from '@smithy/hash-node';
import { getSigningKey } from '@smithy/signature-v4';
import type { CredentialScope, ParsedAuthentication } from './parse-authentication.js';

const sha256 = Hash.bind(null, 'sha256');

/**
 * How many derived keys are kept: one per access key, day, region and service in use. Past it the oldest
 * goes first; a key derived again costs four HMACs.
 */
export const SIGNING_KEY_CACHE_SIZE = 4096;

interface Entry {
  readonly secretAccessKey: string;
  readonly key: Uint8Array;
}

const cache = new Map<string, Entry>();

/** `date/region/service/aws4_request`: the scope string of a parsed request's credential. */
export function credentialScope(parsed: ParsedAuthentication): string {
  const { date, region, service } = parsed.credentialScope;
  return `${date}/${region}/${service}/aws4_request`;
}

/**
 * The SigV4 signing key of a secret for a credential scope, derived by smithy (`getSigningKey`: four HMACs
 * from `AWS4` + secret) and kept by access key id and scope. smithy keeps one too, but finds it by an HMAC
 * of the secret, which costs as much as the signature itself on a busy key; here an entry counts only for
 * the very secret it was derived from, so a key id that came back with another secret derives anew.
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
