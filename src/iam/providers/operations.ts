import type { IamDeps, OperationTable } from '../operation.js';
import { oidcProviderOperations } from './oidc-providers.js';
import { samlProviderOperations } from './saml-providers.js';

/** IAM's identity provider operations: OpenID Connect and SAML 2.0 providers, with their tags. */
export function providerOperations(deps: IamDeps): OperationTable {
  return { ...oidcProviderOperations(deps), ...samlProviderOperations(deps) };
}
