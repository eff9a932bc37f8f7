import { createHash, timingSafeEqual } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { signatureDoesNotMatch, tooManyQueryParameters } from './auth-errors.js';
import type { ParsedAuthentication } from './parse-authentication.js';
import { parseRequestTarget } from './request-target.js';
import { checkRequestTime } from './request-time.js';
import { firstHeader, headerValues, type SignedRequest } from './signed-request.js';

const sha256 = Hash.bind(null, 'sha256');

/**
 * The most distinct query parameter names a verified request may carry. smithy clones the query object
 * with a spread per key (quadratic): 3,000 names cost a second of CPU per signature, 500 about 15 ms.
 * IAM's largest query calls (50 tags) need about 110; a bigger call belongs in a form-encoded body.
 */
export const MAX_QUERY_PARAMETERS = 500;

/**
 * Recomputes the request's SigV4 signature with `secretAccessKey` and throws `SignatureDoesNotMatch` unless
 * it equals the one sent (compared in constant time). Checks the request time first (see
 * {@link checkRequestTime}) and that an `x-amz-content-sha256` header is the body's real hash.
 *
 * Only the headers the client listed in SignedHeaders are given to the signer, with the client's date,
 * region and service. The derived signing key is cached by smithy itself: `getSigningKey` in
 * `@smithy/signature-v4/dist-es/credentialDerivation.js` keeps a module-level cache (50 entries, FIFO) keyed by
 * date, region, service, an HMAC of the secret with the key id, and the session token — so a busy key costs
 * one HMAC for the lookup instead of five to derive.
 */
export async function verifySignature(
  request: SignedRequest, parsed: ParsedAuthentication, secretAccessKey: string, now: number,
): Promise<void> {
  checkRequestTime(parsed, now);
  const declaredHash = firstHeader(request, 'x-amz-content-sha256');
  if (declaredHash !== undefined) {
    const actual = createHash('sha256').update(request.body).digest('hex');
    // A non-S3 service hashes the body itself, so a false declaration can only end in a signature mismatch.
    if (declaredHash.trim().toLowerCase() !== actual) throw signatureDoesNotMatch();
  }
  if (Object.keys(parseRequestTarget(request.path).query).length > MAX_QUERY_PARAMETERS) {
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
  const target = parseRequestTarget(request.path);
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
        // No copies: smithy clones the request before it changes anything (`prepareRequest` in both
        // `presign` and `sign`), and the parsed query is frozen.
        request: new HttpRequest({ method: request.method, path, query: query as Record<string, string | string[]>, headers, body: request.body }),
      });
    }
  }
  return out;
}

async function computeSignature(
  candidate: Candidate, parsed: ParsedAuthentication, secretAccessKey: string,
): Promise<string> {
  const signer = new SignatureV4({
    credentials: { accessKeyId: parsed.accessKeyId, secretAccessKey },
    region: parsed.credentialScope.region,
    service: parsed.credentialScope.service,
    sha256,
    uriEscapePath: candidate.uriEscapePath,
    // Otherwise smithy would add an x-amz-content-sha256 header the client may not have signed.
    applyChecksum: false,
  });
  const signableHeaders = new Set(parsed.signedHeaders);
  if (parsed.kind === 'query') {
    const presigned = await signer.presign(candidate.request, {
      signingDate: parsed.amzDate,
      expiresIn: parsed.expiresSeconds ?? 0,
      signableHeaders,
      // Signed x-amz-* headers stayed headers in the client's request; do not let smithy move them.
      unhoistableHeaders: signableHeaders,
    });
    const signature = presigned.query?.['X-Amz-Signature'];
    return typeof signature === 'string' ? signature : '';
  }
  const signed = await signer.sign(candidate.request, { signingDate: parsed.amzDate, signableHeaders });
  return /Signature=([0-9a-f]+)$/.exec(signed.headers['authorization'] ?? '')?.[1] ?? '';
}

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
