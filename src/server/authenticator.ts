import type { Clock } from '../kernel/index.js';
import { authenticate, invalidClientTokenId } from '../authn/index.js';
import { rootCaller } from '../authn/caller.js';
import type { CredentialDirectory, ResolvedCredential } from './credential-directory.js';
import type { RequestAuthenticator } from './query-api.js';

/**
 * SigV4 authentication against the credential directory. In dev mode (`devAccountId()` defined) a key
 * Ward does not know is taken as the root of the default account, unverified.
 */
export function requestAuthenticator(deps: {
  readonly directory: CredentialDirectory;
  readonly clock: Clock;
  readonly partition: string;
  readonly devAccountId: () => string | undefined;
}): RequestAuthenticator {
  return async (request) => {
    let resolved: ResolvedCredential | undefined;
    const devAccountId = deps.devAccountId();
    const authentication = await authenticate(
      request,
      async (accessKeyId) => {
        resolved = await deps.directory.resolve(accessKeyId);
        return resolved;
      },
      deps.clock.now(),
      { acceptUnknownKeys: devAccountId !== undefined },
    );
    if (authentication.unverified && devAccountId !== undefined) {
      return { caller: rootCaller(deps.partition, devAccountId, authentication.accessKeyId), service: authentication.service };
    }
    // An inactive key cannot sign: AWS answers as for an unknown key.
    if (resolved === undefined || !resolved.active) throw invalidClientTokenId();
    return { caller: resolved.caller, service: authentication.service };
  };
}
