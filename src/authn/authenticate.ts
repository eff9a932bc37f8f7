import { invalidClientTokenId } from './auth-errors.js';
import { parseAuthentication, type ParsedAuthentication } from './parse-authentication.js';
import { checkRequestTime } from './request-time.js';
import type { SignedRequest, SigningSecretLookup } from './signed-request.js';
import { verifySignature } from './verify-signature.js';

/** Options of {@link authenticate}. */
export interface AuthenticateOptions {
  /**
   * Dev mode only: an access key id the lookup does not know is accepted without any signature check (the
   * request must still be well-formed and on time), and the result says `unverified: true`. A key the lookup
   * knows is always verified, so a wrong secret for it still fails.
   */
  readonly acceptUnknownKeys?: boolean;
}

/** Who signed a request, as far as SigV4 can tell: the result of {@link authenticate}. */
export interface Authentication {
  readonly accessKeyId: string;
  /** Region and service of the credential scope: the server routes by `service`. */
  readonly region: string;
  readonly service: string;
  readonly kind: ParsedAuthentication['kind'];
  readonly signedHeaders: readonly string[];
  readonly amzDate: Date;
  /** X-Amz-Security-Token as sent; the caller validates it (it is not part of SigV4's check). */
  readonly sessionToken?: string;
  /** True only in dev mode, for an unknown key accepted without a signature check. */
  readonly unverified: boolean;
}

/**
 * Parses, looks up and verifies a SigV4 request, checking in AWS's order: the request's shape
 * (`MissingAuthenticationToken`, `IncompleteSignature`), its time (`SignatureDoesNotMatch` "Signature
 * expired", `RequestExpired` for a presigned URL), the key (`InvalidClientTokenId`), then the signature
 * (`SignatureDoesNotMatch`). `now` is milliseconds since the epoch. The lookup receives the session token
 * too, since a temporary key's secret may be sealed inside it.
 */
export async function authenticate(
  request: SignedRequest,
  lookup: SigningSecretLookup,
  now: number,
  options: AuthenticateOptions = {},
): Promise<Authentication> {
  const parsed = parseAuthentication(request);
  checkRequestTime(parsed, now);
  const found = await lookup(parsed.accessKeyId, parsed.sessionToken);
  if (found === undefined) {
    if (options.acceptUnknownKeys === true) return result(parsed, true);
    throw invalidClientTokenId();
  }
  await verifySignature(request, parsed, found.secretAccessKey);
  return result(parsed, false);
}

function result(parsed: ParsedAuthentication, unverified: boolean): Authentication {
  return {
    accessKeyId: parsed.accessKeyId,
    region: parsed.credentialScope.region,
    service: parsed.credentialScope.service,
    kind: parsed.kind,
    signedHeaders: parsed.signedHeaders,
    amzDate: parsed.amzDate,
    ...(parsed.sessionToken !== undefined ? { sessionToken: parsed.sessionToken } : {}),
    unverified,
  };
}
