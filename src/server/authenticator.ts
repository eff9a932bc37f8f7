import type { Clock } from '../kernel/index.js';
import type { ResolvedSession, SessionCredentialResolver } from '../sts/index.js';
import { authenticate, invalidClientTokenId } from '../authn/index.js';
import { rootCaller } from '../authn/caller.js';
import type { CredentialDirectory, ResolvedCredential } from './credential-directory.js';
import type { RequestAuthenticator } from './query-api.js';

/** One successful authentication by a stored access key (for GetAccessKeyLastUsed). */
export interface KeyUse {
  readonly accessKeyId: string;
  /** The credential scope's service and region. */
  readonly service: string;
  readonly region: string;
  /** Milliseconds since the epoch. */
  readonly at: number;
}

/**
 * SigV4 authentication against the credential directory. In dev mode (`devAccountId()` defined) a key
 * Ward does not know is taken as the root of the default account, unverified. Every request a stored,
 * active key authenticates (a user's or the root's) is reported to `used`, which must not do I/O.
 */
export function requestAuthenticator(deps: {
  readonly directory: CredentialDirectory;
  readonly clock: Clock;
  readonly partition: string;
  readonly devAccountId: () => string | undefined;
  readonly used?: (use: KeyUse) => void;
  readonly sessions: SessionCredentialResolver;
}): RequestAuthenticator {
  return async (request) => {
    let resolved: ResolvedCredential | undefined;
    let session: ResolvedSession | undefined;
    const devAccountId = deps.devAccountId();
    const now = deps.clock.now();
    const authentication = await authenticate(
      request,
      async (accessKeyId, sessionToken) => {
        // Temporary credentials: the sealed token alone (InvalidClientTokenId / ExpiredToken), no lookup.
        if (accessKeyId.startsWith('ASIA')) {
          session = deps.sessions(accessKeyId, sessionToken, now);
          return session;
        }
        resolved = await deps.directory.resolve(accessKeyId);
        return resolved;
      },
      now,
      { acceptUnknownKeys: devAccountId !== undefined },
    );
    if (authentication.unverified && devAccountId !== undefined) {
      return { caller: rootCaller(deps.partition, devAccountId, authentication.accessKeyId), service: authentication.service };
    }
    if (session !== undefined) return { caller: session.caller, service: authentication.service };
    // An inactive key cannot sign: AWS answers as for an unknown key.
    if (resolved === undefined || !resolved.active) throw invalidClientTokenId();
    deps.used?.({ accessKeyId: authentication.accessKeyId, service: authentication.service, region: authentication.region, at: now });
    return { caller: resolved.caller, service: authentication.service };
  };
}
