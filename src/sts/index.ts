/** AWS STS: temporary credentials and the caller's identity. */
export { getCallerIdentity, type CallerIdentity } from './get-caller-identity.js';
export { stsOperations, type StsDeps } from './operations.js';
export {
  createSessionTokenCodec, createSessionCredentialResolver, sessionCaller, deriveKey, type SessionClaims, type SessionPrincipal,
  type SessionTokenCodec, type SessionCredentialResolver, type ResolvedSession,
} from './session-token.js';
export { createAuthorizationMessageCodec, type AuthorizationMessageCodec, type AuthorizationDetails } from './authorization-message.js';
export { createMfaGate, mfaFailed, type MfaGate, type MfaVerifier } from './mfa-gate.js';
export { newTemporaryAccessKeyId, accountOfKeyId } from './temporary-key-id.js';
export { stsError, expiredToken, invalidSessionToken } from './errors.js';
export { directoryJwksSource, remoteJwksSource, jwksFileName, type JwksSource } from './jwks-source.js';
export { verifyWebIdentityToken, oidcProviderNameOf, type WebIdentity, type RegisteredOidcProvider } from './web-identity-token.js';
export { verifySamlResponse, samlSigningCertificates, type SamlIdentity } from './saml-assertion.js';
