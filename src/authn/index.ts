/**
 * Request authentication: AWS Signature Version 4, by header or presigned URL, verified with
 * `@smithy/signature-v4` against the secret the caller looks up.
 */
export { authenticate, type AuthenticateOptions, type Authentication } from './authenticate.js';
export {
  parseAuthentication, SIGV4_ALGORITHM, type CredentialScope, type ParsedAuthentication,
} from './parse-authentication.js';
export { MAX_QUERY_PARAMETERS } from './verify-signature.js';
export { checkRequestTime, MAX_CLOCK_SKEW_MS } from './request-time.js';
export {
  fromNodeRequest, headersFromRaw, type NodeRequestLike, type SignedRequest, type SigningSecretLookup,
} from './signed-request.js';
export {
  SIGNATURE_MISMATCH_MESSAGE, incompleteSignature, invalidClientTokenId, missingAuthenticationToken,
  requestExpired, signatureDoesNotMatch, tooManyQueryParameters,
} from './auth-errors.js';
export { rootCaller, type AnonymousCaller, type Caller, type RootCaller } from './caller.js';
