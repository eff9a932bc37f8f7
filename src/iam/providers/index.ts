/**
 * IAM's identity providers (OpenID Connect and SAML 2.0). STS reads a provider through
 * {@link findProviderByArn} and the data types when it verifies a web identity token or a SAML assertion.
 */
import type { IamEntityRecord, StoreTransaction } from '../../store/port.js';
import { type ProviderKind, findProvider } from './provider-arn.js';

export { providerOperations } from './operations.js';
export { providerArn, type ProviderKind } from './provider-arn.js';
export type { OidcProviderData, SamlProviderData } from './records.js';
export { SAML_METADATA_NS, parseSamlMetadata, type SamlMetadata } from './saml-metadata.js';

/**
 * The provider of `kind` an ARN names in `accountId` (exact ARN, this partition), or undefined; its `data`
 * is an {@link OidcProviderData} or a {@link SamlProviderData}. Throws InvalidInput for a malformed ARN.
 */
export function findProviderByArn(
  tx: StoreTransaction, partition: string, accountId: string, kind: ProviderKind, arn: string,
): Promise<IamEntityRecord | undefined> {
  return findProvider(tx, partition, accountId, kind, arn);
}
