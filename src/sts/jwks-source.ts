import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type JSONWebKeySet, type JWTVerifyGetKey, createLocalJWKSet, createRemoteJWKSet } from 'jose';
import { stsError } from './errors.js';

/**
 * Where the keys that sign an issuer's tokens come from. `keysFor` answers jose's key resolver for the
 * issuer (the token's `iss`, exactly as written); it throws IDPCommunicationError when the keys cannot
 * be reached, as STS answers when it cannot talk to the IdP
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html, "Errors").
 */
export interface JwksSource {
  keysFor(issuer: string): Promise<JWTVerifyGetKey>;
}

/** How long a discovery document and its key set are kept (jose also re-fetches a key set on an unknown `kid`). */
const CACHE_MS = 5 * 60_000;
const FETCH_TIMEOUT_MS = 5_000;

function communicationError(issuer: string): Error {
  return stsError('IDPCommunicationError', `Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements`
    + ` (issuer ${issuer}).`);
}

/**
 * The file an offline install keeps an issuer's JWKS in: `<WARD_OIDC_JWKS_DIR>/<encodeURIComponent(iss)>.json`,
 * for example `https%3A%2F%2Fidp.example.com%2Frealms%2Fmain.json` for `https://idp.example.com/realms/main`.
 */
export function jwksFileName(issuer: string): string {
  return `${encodeURIComponent(issuer)}.json`;
}

/**
 * Keys from a directory of JWKS files (`WARD_OIDC_JWKS_DIR`), one per issuer named by {@link jwksFileName}.
 * **Decision**: a file is read on first use and kept for {@link CACHE_MS}, so a rotated key set is picked up
 * without a restart; an issuer with no file falls through to `fallback` (the network), or is
 * IDPCommunicationError when there is none.
 */
export function directoryJwksSource(dir: string, fallback?: JwksSource, now: () => number = Date.now): JwksSource {
  const cache = new Map<string, { at: number; keys: JWTVerifyGetKey }>();
  return {
    async keysFor(issuer) {
      const hit = cache.get(issuer);
      if (hit !== undefined && now() - hit.at < CACHE_MS) return hit.keys;
      let text: string;
      try {
        text = readFileSync(join(dir, jwksFileName(issuer)), 'utf8');
      } catch {
        if (fallback !== undefined) return fallback.keysFor(issuer);
        throw communicationError(issuer);
      }
      let keys: JWTVerifyGetKey;
      try {
        keys = createLocalJWKSet(JSON.parse(text) as JSONWebKeySet);
      } catch {
        throw communicationError(issuer);
      }
      cache.set(issuer, { at: now(), keys });
      return keys;
    },
  };
}

/**
 * Keys from the issuer itself: its discovery document (`<iss>/.well-known/openid-configuration`, OpenID
 * Connect Discovery 1.0 §4) names `jwks_uri`, which jose fetches and caches (and re-fetches on an unknown
 * `kid`, at most every 30 s). The discovery answer is kept for {@link CACHE_MS}. The JWKS endpoint's TLS
 * chain is checked against the system's CAs (see `src/iam/providers/oidc-rules.ts` on thumbprints).
 */
export function remoteJwksSource(fetcher: typeof fetch = fetch, now: () => number = Date.now): JwksSource {
  const cache = new Map<string, { at: number; keys: JWTVerifyGetKey }>();
  return {
    async keysFor(issuer) {
      const hit = cache.get(issuer);
      if (hit !== undefined && now() - hit.at < CACHE_MS) return hit.keys;
      let jwksUri: URL;
      try {
        const response = await fetcher(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
        if (!response.ok) throw new Error(`status ${response.status}`);
        const discovery = await response.json() as { jwks_uri?: unknown };
        if (typeof discovery.jwks_uri !== 'string') throw new Error('no jwks_uri');
        jwksUri = new URL(discovery.jwks_uri);
      } catch {
        throw communicationError(issuer);
      }
      const remote = createRemoteJWKSet(jwksUri, { timeoutDuration: FETCH_TIMEOUT_MS, cooldownDuration: 30_000, cacheMaxAge: CACHE_MS });
      const keys: JWTVerifyGetKey = async (header, token) => {
        try {
          return await remote(header, token);
        } catch (error) {
          // A key set that answers but lacks the key is the token's fault (bad signature), not the IdP's.
          if (error instanceof Error && 'code' in error && (error.code === 'ERR_JWKS_NO_MATCHING_KEY' || error.code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS')) throw error;
          throw communicationError(issuer);
        }
      };
      cache.set(issuer, { at: now(), keys });
      return keys;
    },
  };
}
