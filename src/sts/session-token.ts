import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Caller, SessionFacts, SessionTag } from '../authn/caller.js';
import type { RandomSource } from '../kernel/index.js';
import { expiredToken, invalidSessionToken } from './errors.js';

/**
 * Who a session token was issued to. `user-session` / `root-session` are GetSessionToken credentials;
 * `federated-user` is GetFederationToken's; `assumed-role` is AssumeRole's.
 */
export type SessionPrincipal =
  | { readonly kind: 'assumed-role'; readonly accountId: string; readonly roleArn: string; readonly roleId: string; readonly roleName: string; readonly sessionName: string }
  | { readonly kind: 'federated-user'; readonly accountId: string; readonly name: string; readonly userName?: string }
  | { readonly kind: 'user-session'; readonly accountId: string; readonly userArn: string; readonly userId: string; readonly userName: string; readonly path: string }
  | { readonly kind: 'root-session'; readonly accountId: string };

/** Everything a session token carries: verifying it needs no database read. */
export interface SessionClaims extends SessionFacts {
  readonly secretAccessKey: string;
  readonly principal: SessionPrincipal;
}

/** Seals and opens session tokens. */
export interface SessionTokenCodec {
  /** The session token for `accessKeyId` (an `ASIA…` id, bound as associated data). */
  seal(accessKeyId: string, claims: SessionClaims): string;
  /** The claims; throws InvalidClientTokenId for any token that does not open for `accessKeyId`. Expiry is not checked. */
  open(accessKeyId: string, token: string): SessionClaims;
}

/** HKDF info of the session-token key: never the key that seals stored secrets. */
const TOKEN_KEY_INFO = 'ward/sts/session-token/v1';
/** Format byte: JSON claims as is, or deflated (worth it only for long claims: inflating costs microseconds). */
const PLAIN = 1;
const DEFLATED = 2;
const DEFLATE_FROM = 600;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

function associatedData(format: number, accessKeyId: string): Buffer {
  const data = Buffer.allocUnsafe(1 + Buffer.byteLength(accessKeyId, 'utf8'));
  data[0] = format;
  data.write(accessKeyId, 1, 'utf8');
  return data;
}

/** A 32-byte key derived from the master key with HKDF-SHA256 for one purpose (`info`). */
export function deriveKey(masterKey: Uint8Array, info: string): Buffer {
  if (masterKey.length !== 32) throw new Error(`master key must be 32 bytes, got ${masterKey.length}`);
  return Buffer.from(hkdfSync('sha256', masterKey, new Uint8Array(0), info, 32));
}

/** The wire form of the claims: short member names, times in seconds, empty members left out. */
interface Wire {
  s: string; i: number; x: number; p: SessionPrincipal;
  m?: number; po?: string; pa?: readonly string[]; t?: readonly (readonly [string, string])[]; tt?: readonly string[]; si?: string; c?: 1; fp?: string;
}

function toWire(c: SessionClaims): Wire {
  // Assigned member by member (in this order) rather than spread: sealing is on AssumeRole's hot path.
  const w: Wire = { s: c.secretAccessKey, i: c.issuedAt, x: c.expiresAt, p: c.principal };
  if (c.mfaAuthTime !== undefined) w.m = c.mfaAuthTime;
  if (c.policy !== undefined) w.po = c.policy;
  if (c.policyArns !== undefined && c.policyArns.length > 0) w.pa = c.policyArns;
  if (c.tags !== undefined && c.tags.length > 0) w.t = c.tags.map((t) => [t.Key, t.Value] as const);
  if (c.transitiveTagKeys !== undefined && c.transitiveTagKeys.length > 0) w.tt = c.transitiveTagKeys;
  if (c.sourceIdentity !== undefined) w.si = c.sourceIdentity;
  if (c.chained === true) w.c = 1;
  if (c.federatedProvider !== undefined) w.fp = c.federatedProvider;
  return w;
}

function fromWire(w: Wire): SessionClaims {
  return {
    secretAccessKey: w.s, issuedAt: w.i, expiresAt: w.x, principal: w.p,
    ...(w.m !== undefined ? { mfaAuthTime: w.m } : {}),
    ...(w.po !== undefined ? { policy: w.po } : {}),
    ...(w.pa !== undefined ? { policyArns: w.pa } : {}),
    ...(w.t !== undefined ? { tags: w.t.map(([Key, Value]): SessionTag => ({ Key, Value })) } : {}),
    ...(w.tt !== undefined ? { transitiveTagKeys: w.tt } : {}),
    ...(w.si !== undefined ? { sourceIdentity: w.si } : {}),
    ...(w.c === 1 ? { chained: true } : {}),
    ...(w.fp !== undefined ? { federatedProvider: w.fp } : {}),
  };
}

/**
 * The session token codec over the master key: AES-256-GCM under a key derived with HKDF-SHA256 (info
 * {@link TOKEN_KEY_INFO}), a random 96-bit nonce per token, the access key id as associated data (a token
 * presented with another key id does not open). The claims are JSON, deflated before sealing when long, so that
 * a 2 KB session policy and 50 tags stay a few KB, as AWS's tokens do. Format: base64url(format byte |
 * nonce | ciphertext | tag); the format byte is authenticated along with the key id.
 */
export function createSessionTokenCodec(masterKey: Uint8Array, random: RandomSource): SessionTokenCodec {
  const key = deriveKey(masterKey, TOKEN_KEY_INFO);
  return {
    seal(accessKeyId, claims) {
      // INVARIANT: a nonce is never reused under one key (96 random bits, NIST SP 800-38D's bound): `random`
      // is a cryptographically strong source that hands out each byte once (the server's pool does).
      const nonce = random.bytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
      const json = Buffer.from(JSON.stringify(toWire(claims)), 'utf8');
      const format = json.length >= DEFLATE_FROM ? DEFLATED : PLAIN;
      // The format byte is authenticated with the key id.
      cipher.setAAD(associatedData(format, accessKeyId));
      const body = cipher.update(format === DEFLATED ? deflateRawSync(json) : json);
      // GCM is a stream mode: final() returns no bytes (the tag comes from getAuthTag); kept in the output all the same.
      const rest = cipher.final();
      return Buffer.concat([Buffer.of(format), nonce, body, rest, cipher.getAuthTag()]).toString('base64url');
    },
    open(accessKeyId, token) {
      if (!/^[A-Za-z0-9_-]+$/.test(token)) throw invalidSessionToken();
      const bytes = Buffer.from(token, 'base64url');
      const format = bytes[0];
      if (bytes.length < 1 + NONCE_BYTES + TAG_BYTES || (format !== PLAIN && format !== DEFLATED)) throw invalidSessionToken();
      const nonce = bytes.subarray(1, 1 + NONCE_BYTES);
      const body = bytes.subarray(1 + NONCE_BYTES, bytes.length - TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(format, accessKeyId));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(body), decipher.final()]);
      } catch {
        throw invalidSessionToken();
      }
      // Authenticated: only Ward sealed these bytes, so they parse.
      return fromWire(JSON.parse((format === DEFLATED ? inflateRawSync(plain) : plain).toString('utf8')) as Wire);
    },
  };
}

/** The caller a session's claims describe. */
export function sessionCaller(partition: string, accessKeyId: string, claims: SessionClaims): Caller {
  const { principal: p, secretAccessKey: _secret, ...session } = claims;
  switch (p.kind) {
    case 'assumed-role':
      return {
        kind: 'assumed-role', accountId: p.accountId, arn: `arn:${partition}:sts::${p.accountId}:assumed-role/${p.roleName}/${p.sessionName}`,
        userId: `${p.roleId}:${p.sessionName}`, roleArn: p.roleArn, roleId: p.roleId, roleName: p.roleName, sessionName: p.sessionName, accessKeyId, session,
      };
    case 'federated-user':
      return {
        kind: 'federated-user', accountId: p.accountId, arn: `arn:${partition}:sts::${p.accountId}:federated-user/${p.name}`,
        userId: `${p.accountId}:${p.name}`, federatedName: p.name, ...(p.userName !== undefined ? { userName: p.userName } : {}), accessKeyId, session,
      };
    case 'user-session':
      return { kind: 'user', accountId: p.accountId, arn: p.userArn, userId: p.userId, userName: p.userName, path: p.path, accessKeyId, session };
    case 'root-session':
      return { kind: 'root', accountId: p.accountId, arn: `arn:${partition}:iam::${p.accountId}:root`, userId: p.accountId, accessKeyId, session };
  }
}

/** A temporary credential resolved from its key id and session token. */
export interface ResolvedSession {
  readonly secretAccessKey: string;
  readonly caller: Caller;
}

/**
 * `(accessKeyId, sessionToken, now) → {secretAccessKey, caller}` for the authenticator: throws
 * InvalidClientTokenId for a missing or altered token, ExpiredToken after the expiration. `now` is
 * milliseconds since the epoch.
 */
export type SessionCredentialResolver = (accessKeyId: string, sessionToken: string | undefined, now: number) => ResolvedSession;

const CACHE_LIMIT = 10_000;

/**
 * A resolver over the codec. Opened tokens are kept in memory by key id (with the exact token text), so a
 * session's later requests cost one map lookup and a string comparison; expiry is checked on every call.
 */
export function createSessionCredentialResolver(codec: SessionTokenCodec, partition: string): SessionCredentialResolver {
  const cache = new Map<string, { token: string; expiresAt: number; resolved: ResolvedSession }>();
  return (accessKeyId, sessionToken, now) => {
    if (sessionToken === undefined || sessionToken === '') throw invalidSessionToken();
    let entry = cache.get(accessKeyId);
    if (entry === undefined || entry.token !== sessionToken) {
      const claims = codec.open(accessKeyId, sessionToken);
      entry = { token: sessionToken, expiresAt: claims.expiresAt, resolved: { secretAccessKey: claims.secretAccessKey, caller: sessionCaller(partition, accessKeyId, claims) } };
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(accessKeyId, entry);
    }
    if (now >= entry.expiresAt) {
      cache.delete(accessKeyId);
      throw expiredToken();
    }
    return entry.resolved;
  };
}
