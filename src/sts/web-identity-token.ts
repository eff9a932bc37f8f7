import { type JWTPayload, decodeJwt, errors as joseErrors, jwtVerify } from 'jose';
import type { ContextInputValue } from '../evaluation/index.js';
import { stsError } from './errors.js';
import type { JwksSource } from './jwks-source.js';

/** The OIDC provider a token's issuer names, as IAM keeps it (`src/iam/providers`). */
export interface RegisteredOidcProvider {
  readonly arn: string;
  readonly clientIds: readonly string[];
}

/** What the verifier needs: the role account's providers by name (URL without `https://`), the keys, the time. */
export interface WebIdentityVerifierDeps {
  readonly findProvider: (name: string) => Promise<RegisteredOidcProvider | undefined>;
  readonly jwks: JwksSource;
  /** Milliseconds since the epoch. */
  readonly now: number;
}

/** A verified web identity token. */
export interface WebIdentity {
  /** The `iss` claim as written. */
  readonly issuer: string;
  /** The issuer as IAM names its provider: host and path, `https://` stripped. */
  readonly providerName: string;
  readonly providerArn: string;
  readonly subject: string;
  /** The client id the token was issued to (the `azp` when that matched, else the matching `aud`). */
  readonly audience: string;
  /** Session tags from the `https://aws.amazon.com/tags` claim (`principal_tags`, `transitive_tag_keys`). */
  readonly tags: readonly { Key: string; Value: string }[];
  readonly transitiveTagKeys: readonly string[];
  /** The `https://aws.amazon.com/source_identity` claim. */
  readonly sourceIdentity?: string;
  /** The keys the trust policy sees (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif). */
  readonly conditionKeys: Readonly<Record<string, ContextInputValue>>;
}

/** "a small clock tolerance" for `exp` / `nbf`: clocks of IdPs and Ward differ by seconds, not minutes. */
export const CLOCK_TOLERANCE_SECONDS = 30;
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

function invalid(message: string): Error {
  return stsError('InvalidIdentityToken', message);
}

/** The provider name AWS derives from `iss`: `https://` stripped (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html). */
export function oidcProviderNameOf(issuer: string): string {
  return issuer.toLowerCase().startsWith('https://') ? issuer.slice('https://'.length) : issuer;
}

function audiences(payload: JWTPayload): string[] {
  const aud = payload.aud;
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}

/**
 * Verifies a web identity token as AssumeRoleWithWebIdentity does
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html):
 * 1. a JWT with an `iss`, whose provider (`iss` without `https://`) is registered in the role's account —
 *    else InvalidIdentityToken "No OpenIDConnect provider found in your account for <iss>";
 * 2. signed by a key of the issuer's JWKS (asymmetric algorithms only) — else InvalidIdentityToken; keys
 *    that cannot be fetched are IDPCommunicationError;
 * 3. `exp` (required) and `nbf` within {@link CLOCK_TOLERANCE_SECONDS} — ExpiredTokenException with AWS's
 *    "Token expired: current date/time X must be before the expiration date/time Y" (epoch seconds);
 * 4. an audience among the provider's client ids: the `aud` (a string or any item of a list), or the `azp`
 *    when the token has one, as AWS does for Google (`accounts.google.com:aud` is then the `azp` and
 *    `accounts.google.com:oaud` the `aud`, "Available keys for AWS web identity federation") — else
 *    InvalidIdentityToken "Incorrect token audience".
 */
export async function verifyWebIdentityToken(token: string, deps: WebIdentityVerifierDeps): Promise<WebIdentity> {
  let unverified: JWTPayload;
  try {
    unverified = decodeJwt(token);
  } catch {
    throw invalid('The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)');
  }
  const issuer = unverified.iss;
  if (typeof issuer !== 'string' || issuer === '') throw invalid('The ID Token provided does not have an issuer (iss) claim.');
  const providerName = oidcProviderNameOf(issuer);
  const provider = await deps.findProvider(providerName);
  if (provider === undefined) throw invalid(`No OpenIDConnect provider found in your account for ${issuer}`);

  const keys = await deps.jwks.keysFor(issuer);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keys, {
      algorithms: ALGORITHMS, currentDate: new Date(deps.now), clockTolerance: CLOCK_TOLERANCE_SECONDS, requiredClaims: ['exp'],
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) {
      const exp = typeof unverified.exp === 'number' ? unverified.exp : 0;
      throw stsError('ExpiredTokenException', `Token expired: current date/time ${Math.floor(deps.now / 1000)} must be before the expiration date/time ${exp}`);
    }
    if (error instanceof joseErrors.JWTClaimValidationFailed) throw invalid(`The ID Token is not valid: ${error.claim} check failed.`);
    // An IDPCommunicationError from the key source passes through.
    if (error instanceof Error && 'code' in error && error.code === 'IDPCommunicationError') throw error;
    throw invalid('The signature of the ID Token could not be verified with the keys of its issuer.');
  }

  const auds = audiences(payload);
  const azp = typeof payload.azp === 'string' ? payload.azp : undefined;
  const clientIds = new Set(provider.clientIds);
  const audience = azp !== undefined && clientIds.has(azp) ? azp : auds.find((a) => clientIds.has(a));
  if (audience === undefined) throw invalid('Incorrect token audience');
  const subject = typeof payload.sub === 'string' ? payload.sub : '';
  if (subject === '') throw invalid('The ID Token provided does not have a subject (sub) claim.');

  const keysForTrust: Record<string, ContextInputValue> = {
    [`${providerName}:aud`]: audience,
    [`${providerName}:sub`]: subject,
    'aws:FederatedProvider': provider.arn,
  };
  if (audience === azp) keysForTrust[`${providerName}:oaud`] = auds.length === 1 ? (auds[0] as string) : auds;
  const amr = payload.amr;
  if (typeof amr === 'string' || Array.isArray(amr)) keysForTrust[`${providerName}:amr`] = typeof amr === 'string' ? amr : amr.filter((v): v is string => typeof v === 'string');
  const { tags, transitiveTagKeys } = sessionTagsClaim(payload['https://aws.amazon.com/tags']);
  const sourceIdentity = payload['https://aws.amazon.com/source_identity'];
  return {
    issuer, providerName, providerArn: provider.arn, subject, audience, conditionKeys: keysForTrust, tags, transitiveTagKeys,
    ...(typeof sourceIdentity === 'string' ? { sourceIdentity } : {}),
  };
}

/**
 * The session tags claim ("Passing session tags using AssumeRoleWithWebIdentity",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_adding-assume-role-idp):
 * `{"principal_tags": {"Key": ["Value"]}, "transitive_tag_keys": ["Key"]}`; each tag has one value.
 */
function sessionTagsClaim(claim: unknown): { tags: { Key: string; Value: string }[]; transitiveTagKeys: string[] } {
  if (typeof claim !== 'object' || claim === null) return { tags: [], transitiveTagKeys: [] };
  const { principal_tags: principal, transitive_tag_keys: transitive } = claim as { principal_tags?: unknown; transitive_tag_keys?: unknown };
  const tags: { Key: string; Value: string }[] = [];
  if (typeof principal === 'object' && principal !== null) {
    for (const [Key, value] of Object.entries(principal)) {
      const one = Array.isArray(value) ? value[0] : value;
      if (typeof one !== 'string') throw invalid(`The session tag ${Key} in the https://aws.amazon.com/tags claim must have one string value.`);
      tags.push({ Key, Value: one });
    }
  }
  const transitiveTagKeys = Array.isArray(transitive) ? transitive.filter((k): k is string => typeof k === 'string') : [];
  return { tags, transitiveTagKeys };
}
