import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { ALGORITHM_IDENTIFIER, createScope, getCanonicalHeaders, getPayloadHash, SignatureV4Base } from '@smithy/signature-v4';
import { signatureDoesNotMatch, tooManyQueryParameters } from './auth-errors.js';
import type { ParsedAuthentication } from './parse-authentication.js';
import { firstHeader, headerValues, type SignedRequest } from './signed-request.js';
import { signingKeyFor } from './signing-key.js';

const sha256 = Hash.bind(null, 'sha256');

/**
 * The most distinct query parameter names a verified request may carry: a bound on one signature's work
 * (490 names take about 0.3 ms to canonicalize; through smithy's `presign`, which cloned the query once per
 * name, they took 15 ms). IAM's largest query calls (50 tags) need about 110; a bigger call belongs in a
 * form-encoded body.
 */
export const MAX_QUERY_PARAMETERS = 500;

/**
 * Recomputes the request's SigV4 signature with `secretAccessKey` and throws `SignatureDoesNotMatch` unless
 * it equals the one sent (compared in constant time); first, that an `x-amz-content-sha256` header is the
 * body's real hash. The request's time is {@link authenticate}'s to check, before the key is looked up.
 *
 * Only the headers the client listed in SignedHeaders are canonicalized, with the query, date, region and
 * service exactly as the client sent them. The derived signing key comes from {@link signingKeyFor}, so a
 * busy key costs no derivation: a request costs one SHA-256 of the canonical request and one HMAC.
 */
export async function verifySignature(request: SignedRequest, parsed: ParsedAuthentication, secretAccessKey: string): Promise<void> {
  const declaredHash = firstHeader(request, 'x-amz-content-sha256');
  if (declaredHash !== undefined) {
    const actual = createHash('sha256').update(request.body).digest('hex');
    // A non-S3 service hashes the body itself, so a false declaration can only end in a signature mismatch.
    if (declaredHash.trim().toLowerCase() !== actual) throw signatureDoesNotMatch();
  }
  if (Object.keys(parsed.target.query).length > MAX_QUERY_PARAMETERS) {
    throw tooManyQueryParameters(MAX_QUERY_PARAMETERS);
  }
  for (const candidate of candidates(request, parsed)) {
    const expected = await computeSignature(candidate, parsed, secretAccessKey);
    if (sameSignature(expected, parsed.signature)) return;
  }
  throw signatureDoesNotMatch();
}

/** One way the client may have canonicalized the request; smithy computes each. */
interface Candidate {
  readonly request: HttpRequest;
  readonly uriEscapePath: boolean;
}

/**
 * The canonical forms a legitimate SigV4 client may have signed, most common first — at most four, and more
 * than one only for unusual requests:
 * - the path normalized (`.`/`..`/empty segments removed) and percent-encoded once more: what every AWS SDK
 *   does for every service but S3;
 * - when normalizing changes the path, the path as sent, only percent-encoded (S3 style, the `normalize: false`
 *   cases of the SigV4 suite);
 * - for a presigned URL carrying X-Amz-Security-Token, the query without it: some signers add the token after
 *   signing (the suite's `omit_session_token`). The token still reaches the caller, who must validate it.
 */
function candidates(request: SignedRequest, parsed: ParsedAuthentication): Candidate[] {
  const { target } = parsed;
  const headers: Record<string, string> = {};
  for (const name of parsed.signedHeaders) {
    const values = headerValues(request, name);
    // SigV4 joins a repeated header's values with a bare comma, each trimmed; smithy then folds whitespace.
    if (values !== undefined) headers[name] = values.map((value) => value.trim()).join(',');
  }
  const queries = [target.query];
  if (parsed.kind === 'query' && target.query['X-Amz-Security-Token'] !== undefined) {
    const withoutToken = { ...target.query };
    delete withoutToken['X-Amz-Security-Token'];
    queries.push(withoutToken);
  }
  const paths: { path: string; uriEscapePath: boolean }[] = [{ path: target.path, uriEscapePath: true }];
  if (/\/\/|(^|\/)\.\.?(\/|$)/.test(target.path)) {
    paths.push({ path: escapePath(target.path), uriEscapePath: false });
  }
  const out: Candidate[] = [];
  for (const query of queries) {
    for (const { path, uriEscapePath } of paths) {
      out.push({
        uriEscapePath,
        // No copies: canonicalizing only reads the request.
        request: new HttpRequest({
          method: request.method, path, query: query as Record<string, string | string[]>, headers,
          // No body is an empty one: smithy then takes the well-known hash of nothing instead of computing it.
          body: request.body.length === 0 ? undefined : request.body,
        }),
      });
    }
  }
  return out;
}

async function computeSignature(
  candidate: Candidate, parsed: ParsedAuthentication, secretAccessKey: string,
): Promise<string> {
  const { request } = candidate;
  const canonicalizer = candidate.uriEscapePath ? escapingPath : pathAsSent;
  // Only the signed headers reach the request, so every one of them is canonical (signableHeaders lets
  // smithy keep ones it would otherwise skip, such as a signed user-agent).
  const canonicalHeaders = getCanonicalHeaders(request, undefined, new Set(parsed.signedHeaders));
  // A signed x-amz-content-sha256 is the payload hash (checked against the body above); else the body's hash.
  const payloadHash = await getPayloadHash(request, sha256);
  const { date, region, service } = parsed.credentialScope;
  const stringToSign = await canonicalizer.stringToSign(request, canonicalHeaders, payloadHash, parsed.longDate, createScope(date, region, service));
  const key = await signingKeyFor(parsed.accessKeyId, secretAccessKey, parsed.credentialScope);
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

/**
 * smithy's canonical request and string to sign, without `presign`/`sign` around them: those copy the
 * request three times (`prepareRequest`, `moveHeadersToQuery`, `HttpRequest.clone` spreading the query once
 * per key), hash an HMAC of the secret to look up the signing key, and rebuild the X-Amz-* parameters the
 * client already sent. Verifying needs the client's own values, as sent, canonicalized the library's way.
 */
class Canonicalizer extends SignatureV4Base {
  constructor(uriEscapePath: boolean) {
    // smithy's base class wants credentials, a region and a service; the canonicalization reads none of them.
    super({ credentials: { accessKeyId: '', secretAccessKey: '' }, region: '', service: '', sha256, uriEscapePath, applyChecksum: false });
  }

  stringToSign(request: HttpRequest, canonicalHeaders: Record<string, string>, payloadHash: string, longDate: string, scope: string): Promise<string> {
    return this.createStringToSign(longDate, scope, this.createCanonicalRequest(request, canonicalHeaders, payloadHash), ALGORITHM_IDENTIFIER);
  }
}

const escapingPath = new Canonicalizer(true);
const pathAsSent = new Canonicalizer(false);

function sameSignature(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(provided, 'utf8');
  // The length is not secret (always 64 hex digits when right); only equal lengths can be compared in constant time.
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/** Percent-encodes a path as smithy's escapeUri does, keeping `/`; for the un-normalized candidate. */
function escapePath(path: string): string {
  return path.split('/').map((segment) => encodeURIComponent(segment).replace(
    /[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');
}
