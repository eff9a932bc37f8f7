import type { Tag } from '../records.js';

/**
 * The `data` of the two provider kinds (`IamEntityRecord` of kind `oidc-provider` / `saml-provider`). The
 * entity's name is what follows `oidc-provider/` or `saml-provider/` in the ARN; its id is the ARN, as the
 * store port has it for providers.
 */

/** `data` of an OpenID Connect provider. */
export interface OidcProviderData {
  /** The URL as the caller sent it (`https://...`); the entity's name is this URL without its scheme. */
  readonly url: string;
  /** Client ids (audiences), in the order added, without duplicates. */
  readonly clientIds: readonly string[];
  /** Hex-encoded SHA-1 thumbprints of the IdP's certificates, as sent (may be empty: see `oidc-url.ts`). */
  readonly thumbprints: readonly string[];
  readonly tags?: readonly Tag[];
}

/** `data` of a SAML provider. */
export interface SamlProviderData {
  /** The SAML 2.0 metadata document as uploaded; STS verifies assertions against its signing keys. */
  readonly metadataDocument: string;
  /** ISO 8601: the metadata's `validUntil`, or the upload time plus 100 years when it names none. */
  readonly validUntil: string;
  /** The provider's `SAMLProviderUUID`. */
  readonly uuid: string;
  /** Only `Allowed` is accepted (Ward does not decrypt assertions); kept when the caller set it. */
  readonly assertionEncryptionMode?: 'Allowed';
  readonly tags?: readonly Tag[];
}
