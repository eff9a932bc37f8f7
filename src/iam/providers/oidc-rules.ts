import { iamError } from '../errors.js';

/**
 * What IAM checks in an OpenID Connect provider's URL, client ids and thumbprints
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html and
 * "IAM and AWS STS quotas", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
 */

/** "You cannot register more than 100 client IDs with a single IAM OIDC provider." */
export const MAX_CLIENT_IDS = 100;
/** "IAM lets you have up to five thumbprints for an OIDC provider." */
export const MAX_THUMBPRINTS = 5;
/** "OpenId Connect identity providers per AWS account: 100" (quotas page, not adjustable). */
export const MAX_OIDC_PROVIDERS = 100;

/**
 * The provider's name (its ARN's resource after `oidc-provider/`, and the `Url` GetOpenIDConnectProvider
 * answers): the URL without `https://`. "The URL must begin with https://"; "path components are allowed
 * but query parameters are not". Ward also refuses a fragment and an empty host. The URL is not otherwise
 * normalized, as IAM does not (a trailing slash names another provider). The message is the one moto
 * gives, since AWS's own is not published; the code is AWS's `InvalidInput`.
 */
export function oidcProviderName(url: string): string {
  const invalid = () => iamError('InvalidInput', 'Invalid Open ID Connect Provider URL');
  if (!url.toLowerCase().startsWith('https://')) throw invalid();
  const rest = url.slice('https://'.length);
  if (rest === '' || rest.startsWith('/') || /[?#\s]/.test(rest)) throw invalid();
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw invalid();
  }
  if (host === '') throw invalid();
  return rest;
}

/**
 * Client ids as IAM keeps them: in the order given, each once (AddClientIDToOpenIDConnectProvider "does
 * not fail or return an error if you add an existing client ID"); more than 100 is LimitExceeded in IAM's
 * quota wording (the quota name is moto's; AWS does not publish it).
 */
export function checkClientIds(ids: readonly string[]): string[] {
  const unique = [...new Set(ids)];
  if (unique.length > MAX_CLIENT_IDS) throw clientIdQuota();
  return unique;
}

/** LimitExceeded "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100". */
export function clientIdQuota(): Error {
  return iamError('LimitExceeded', `Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: ${MAX_CLIENT_IDS}`);
}

/**
 * Thumbprints: at most five — more is InvalidInput "Thumbprint list must contain fewer than 5 entries."
 * (IAM's own words, as terraform-aws-modules/terraform-aws-eks#2632 reports them) — each the 40 hex
 * digits of a SHA-1 ("It is always a 40-character string"; the model checks the length, Ward the digits).
 *
 * An empty list is accepted: "This parameter is optional. If it is not included, IAM will retrieve and use
 * the top intermediate certificate authority (CA) thumbprint". **Decision**: Ward does not reach out to
 * the IdP from a write (that would be a side effect inside a transaction that may be retried); it keeps
 * the list empty, and the STS token check trusts the JWKS endpoint's certificate chain through the
 * system's CAs, which is what AWS does for IdPs signed by a trusted CA.
 */
export function checkThumbprints(thumbprints: readonly string[]): string[] {
  if (thumbprints.length > MAX_THUMBPRINTS) {
    throw iamError('InvalidInput', `Thumbprint list must contain fewer than ${MAX_THUMBPRINTS} entries.`);
  }
  for (const thumbprint of thumbprints) {
    if (!/^[0-9a-fA-F]{40}$/.test(thumbprint)) {
      throw iamError('InvalidInput', `Thumbprint ${thumbprint} is not a valid hex-encoded SHA-1 hash.`);
    }
  }
  return [...thumbprints];
}
