import { formatAmzDate, parseAmzDate } from './amz-date.js';
import { incompleteSignature, missingAuthenticationToken, signatureDoesNotMatch } from './auth-errors.js';
import { parseRequestTarget, queryValue, type RequestTarget } from './request-target.js';
import { firstHeader, type SignedRequest } from './signed-request.js';

/** The only algorithm Ward verifies (SigV4A's ECDSA is not supported). */
export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

/** The scope a signing key is derived for: `date/region/service/aws4_request`. */
export interface CredentialScope {
  /** `YYYYMMDD`, equal to the day of the request time. */
  readonly date: string;
  readonly region: string;
  readonly service: string;
}

/** What a SigV4 request claims, before any secret is looked up: the result of {@link parseAuthentication}. */
export interface ParsedAuthentication {
  /** `header`: an Authorization header; `query`: a presigned URL (X-Amz-* query parameters). */
  readonly kind: 'header' | 'query';
  readonly accessKeyId: string;
  readonly credentialScope: CredentialScope;
  /** Lower-case header names, in the order the client listed them. */
  readonly signedHeaders: readonly string[];
  /** The signature the client sent (hex). */
  readonly signature: string;
  /** The request time the client signed (X-Amz-Date, or the Date header). */
  readonly amzDate: Date;
  /** The same in SigV4's basic format (`20150830T123600Z`), as the string to sign carries it. */
  readonly longDate: string;
  /** The request's path and decoded query, parsed once for every step of the check. */
  readonly target: RequestTarget;
  /** X-Amz-Expires of a presigned URL, in seconds. */
  readonly expiresSeconds?: number;
  /** X-Amz-Security-Token (header or query), for temporary credentials. */
  readonly sessionToken?: string;
}

const MAX_EXPIRES_SECONDS = 604_800;

/**
 * Reads the SigV4 authentication of a request without checking it: which key, which scope, which headers,
 * which time. Throws AWS's errors, in the order AWS checks them: `MissingAuthenticationToken` when the
 * request carries no SigV4 at all, `IncompleteSignature` when it is malformed, `SignatureDoesNotMatch` when
 * the credential scope contradicts the request (wrong terminator, date, or Host left unsigned).
 */
export function parseAuthentication(request: SignedRequest): ParsedAuthentication {
  const target = parseRequestTarget(request.path);
  const authorization = firstHeader(request, 'authorization');
  const queryAuth = queryValue(target, 'X-Amz-Algorithm') !== undefined ||
    queryValue(target, 'X-Amz-Signature') !== undefined;
  if (authorization !== undefined && queryAuth) {
    throw incompleteSignature(
      "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
  }
  if (authorization !== undefined) {
    // AWS answers a non-SigV4 Authorization (a bearer token, SigV2) as if none were sent.
    if (!authorization.trim().startsWith('AWS4-')) throw missingAuthenticationToken();
    return parseHeaderAuthentication(request, target, authorization.trim());
  }
  if (queryAuth) return parseQueryAuthentication(target);
  throw missingAuthenticationToken();
}

function parseHeaderAuthentication(request: SignedRequest, target: RequestTarget, authorization: string): ParsedAuthentication {
  const space = authorization.search(/\s/);
  const algorithm = space === -1 ? authorization : authorization.slice(0, space);
  const params = new Map<string, string>();
  const rest = space === -1 ? '' : authorization.slice(space + 1);
  for (const part of rest.split(/[,\s]+/)) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq === -1) {
      throw incompleteSignature(
        `'${part}' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'`);
    }
    params.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const credential = params.get('Credential') ?? '';
  const signature = params.get('Signature') ?? '';
  const signedHeadersText = params.get('SignedHeaders') ?? '';
  const amzDateHeader = firstHeader(request, 'x-amz-date');
  const dateHeader = firstHeader(request, 'date');

  const missing: string[] = [];
  if (credential === '') missing.push("Authorization header requires 'Credential' parameter.");
  if (signature === '') missing.push("Authorization header requires 'Signature' parameter.");
  if (signedHeadersText === '') missing.push("Authorization header requires 'SignedHeaders' parameter.");
  if (amzDateHeader === undefined && dateHeader === undefined) {
    missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (missing.length > 0) throw incompleteSignature(`${missing.join(' ')} Authorization=${authorization}`);

  const amzDate = amzDateHeader !== undefined ? requireBasicDate(amzDateHeader) : requireHttpDate(dateHeader ?? '');
  const sessionToken = firstHeader(request, 'x-amz-security-token');
  return finish({
    kind: 'header', target, algorithm, credential, signature, signedHeadersText, amzDate,
    ...(sessionToken !== undefined ? { sessionToken } : {}),
  });
}

function parseQueryAuthentication(target: RequestTarget): ParsedAuthentication {
  const required = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date'];
  const missing = required.filter((name) => (queryValue(target, name) ?? '') === '');
  if (missing.length > 0) {
    throw incompleteSignature(
      `${missing.map((name) => `AWS query-string parameters must include '${name}'. `).join('')}` +
      'Re-examine the query-string parameters.');
  }
  const amzDate = requireBasicDate(queryValue(target, 'X-Amz-Date') ?? '');
  const expiresSeconds = requireExpires(queryValue(target, 'X-Amz-Expires'));
  const sessionToken = queryValue(target, 'X-Amz-Security-Token');
  return finish({
    kind: 'query',
    target,
    algorithm: queryValue(target, 'X-Amz-Algorithm') ?? '',
    credential: queryValue(target, 'X-Amz-Credential') ?? '',
    signature: queryValue(target, 'X-Amz-Signature') ?? '',
    signedHeadersText: queryValue(target, 'X-Amz-SignedHeaders') ?? '',
    amzDate,
    expiresSeconds,
    ...(sessionToken !== undefined ? { sessionToken } : {}),
  });
}

interface RawParts {
  kind: 'header' | 'query';
  target: RequestTarget;
  algorithm: string;
  credential: string;
  signature: string;
  signedHeadersText: string;
  amzDate: Date;
  expiresSeconds?: number;
  sessionToken?: string;
}

/** The checks both forms share, in AWS's order: Host signed, algorithm, credential shape, scope. */
function finish(parts: RawParts): ParsedAuthentication {
  const signedHeaders = parts.signedHeadersText.split(';').map((name) => name.trim().toLowerCase());
  if (!signedHeaders.includes('host')) {
    throw signatureDoesNotMatch("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  }
  if (parts.algorithm !== SIGV4_ALGORITHM) {
    throw incompleteSignature(
      `Unsupported AWS 'algorithm': '${parts.algorithm}' (only ${SIGV4_ALGORITHM} for now).`);
  }
  const elements = parts.credential.replace(/\/+$/, '').split('/');
  if (elements.length !== 5) {
    throw incompleteSignature('Credential must have exactly 5 slash-delimited elements, ' +
      `e.g. keyid/date/region/service/term, got '${parts.credential}'`);
  }
  const [accessKeyId, date, region, service, terminator] = elements as [string, string, string, string, string];
  const amzDateText = formatAmzDate(parts.amzDate);
  const problems: string[] = [];
  if (region === '') problems.push("Credential should be scoped to a valid region, not ''.");
  if (service === '') problems.push("Credential should be scoped to correct service: ''.");
  if (terminator !== 'aws4_request') {
    problems.push(`Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`);
  }
  if (date !== amzDateText.slice(0, 8)) {
    problems.push('Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ' +
      `'${date}' != '${amzDateText.slice(0, 8)}', from '${amzDateText}'.`);
  }
  if (problems.length > 0) throw signatureDoesNotMatch(problems.join(' '));
  return {
    kind: parts.kind,
    accessKeyId,
    credentialScope: { date, region, service },
    signedHeaders,
    signature: parts.signature,
    amzDate: parts.amzDate,
    longDate: amzDateText,
    target: parts.target,
    ...(parts.expiresSeconds !== undefined ? { expiresSeconds: parts.expiresSeconds } : {}),
    ...(parts.sessionToken !== undefined ? { sessionToken: parts.sessionToken } : {}),
  };
}

function requireBasicDate(text: string): Date {
  const date = parseAmzDate(text);
  if (date === undefined) throw badDate(text);
  return date;
}

/** The Date header (RFC 7231 IMF-fixdate), accepted when X-Amz-Date is absent, as AWS does. */
function requireHttpDate(text: string): Date {
  const ms = Date.parse(text);
  if (Number.isNaN(ms) || !/GMT$/.test(text.trim())) throw badDate(text);
  return new Date(ms);
}

function badDate(text: string): Error {
  return incompleteSignature(
    `Date must be in ISO-8601 'basic format'. Got '${text}'. See http://en.wikipedia.org/wiki/ISO_8601`);
}

function requireExpires(text: string | undefined): number {
  // smithy's presign always sends X-Amz-Expires and signs it, so a URL without one cannot be verified here.
  if (text === undefined || text === '') {
    throw incompleteSignature(
      "AWS query-string parameters must include 'X-Amz-Expires'. Re-examine the query-string parameters.");
  }
  if (!/^\d+$/.test(text)) throw incompleteSignature(`X-Amz-Expires should be a number, got '${text}'.`);
  const seconds = Number(text);
  if (seconds > MAX_EXPIRES_SECONDS) {
    throw incompleteSignature('X-Amz-Expires must be less than a week (in seconds); that is, ' +
      `the given X-Amz-Expires must be less than ${MAX_EXPIRES_SECONDS} seconds`);
  }
  return seconds;
}
