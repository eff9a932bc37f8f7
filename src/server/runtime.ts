import type { FastifyInstance } from 'fastify';
import { partitionOf, pooledRandom } from '../kernel/index.js';
import { type AccountDeps, type CreatedAccount, ensureDefaultAccount } from '../iam/accounts/index.js';
import { newSecretAccessKey } from '../secrets/secret-access-key.js';
import type { StoreChange } from '../store/port.js';
import { buildApp } from './app.js';
import { createAuthorizer } from './authorizer.js';
import { createEnforcer } from '../iam/authorization/index.js';
import { resolveManagedPolicyDocument } from '../iam/policies/index.js';
import { buildOperations } from './operations.js';
import type { IamDeps } from '../iam/operation.js';
import { requestAuthenticator } from './authenticator.js';
import type { ServeConfig } from './config.js';
import { CredentialDirectory } from './credential-directory.js';
import { DEFAULT_KEY_USE_FLUSH_MS, KeyUsageRecorder } from './key-usage.js';
import { checkMasterKey } from './master-key-check.js';
import { nodeRandom, systemClock } from './node-ports.js';
import { openState } from './state.js';
import { mfaVerifier } from '../iam/mfa/index.js';
import {
  createAuthorizationMessageCodec, createMfaGate, createSessionCredentialResolver, createSessionTokenCodec, directoryJwksSource, remoteJwksSource,
} from '../sts/index.js';

/** A running Ward: where it listens, its default account, and how to stop it. */
export interface RunningWard {
  readonly url: string;
  readonly accountId: string;
  /** The default account's root credentials when this start created them (first start). */
  readonly created?: CreatedAccount;
  readonly storage: string;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * The composition root: opens the store and the master key (`openState`, as the admin commands do), makes
 * sure the default account exists, wires authentication and the HTTP application, and listens.
 */
export async function startWard(config: ServeConfig, env: Record<string, string | undefined>): Promise<RunningWard> {
  const { store, sealer, masterKey } = await openState(config, env);
  const usage = new KeyUsageRecorder(store, config.keyUseFlushMs ?? DEFAULT_KEY_USE_FLUSH_MS);
  // The process's one source of random bytes for ids, secrets and token nonces: drawn from node:crypto in
  // blocks, each byte handed out once (one system call per ~130 secrets instead of one each).
  const random = pooledRandom(nodeRandom);
  const newSecret = (): string => newSecretAccessKey(random);
  try {
    const deps: AccountDeps = {
      random,
      clock: systemClock,
      sealSecret: (secret, accessKeyId) => sealer.seal(secret, accessKeyId),
      newSecretAccessKey: newSecret,
    };
    const accountOptions = config.accountId !== undefined ? { accountId: config.accountId } : {};
    let defaultAccount = await ensureDefaultAccount(store, deps, accountOptions);
    const partition = partitionOf(config.region);
    const tokens = createSessionTokenCodec(masterKey, random);
    const mfa = createMfaGate(mfaVerifier({ store, partition, openSecret: (sealed, id) => sealer.open(sealed, id) }));
    const directory = new CredentialDirectory(store, (sealed, keyId) => sealer.open(sealed, keyId), partition);
    const authenticate = requestAuthenticator({
      directory,
      clock: systemClock,
      partition,
      sessions: createSessionCredentialResolver(tokens, partition),
      devAccountId: () => (config.dev ? defaultAccount.accountId : undefined),
      // GetAccessKeyLastUsed: in memory per request, written to the store in batches (key-usage.ts).
      used: (use) => usage.record(use),
    });
    const enforcer = createEnforcer({ store, partition, clock: systemClock, resolveManagedPolicy: resolveManagedPolicyDocument });
    // Cached credentials and compiled snapshots are dropped on every committed IAM change, and only from
    // the store's announcements: this node's own (told at commit, before `transaction()` resolves, so
    // before the operation answers) and other nodes' (PostgreSQL LISTEN/NOTIFY, typically milliseconds
    // later); everything when notifications may have been missed. Operations announce nothing themselves.
    const invalidate = (change: StoreChange): void => {
      if (change.kind === 'everything') {
        directory.clear();
        enforcer.clear();
      } else {
        directory.forgetAccount(change.accountId);
        enforcer.changed(change.accountId);
      }
    };
    const stopListening = await store.onChanged(invalidate);
    const iamDeps: IamDeps = {
      store,
      clock: systemClock,
      random,
      partition,
      sealSecret: (secret, id) => sealer.seal(secret, id),
      openSecret: (sealed, id) => sealer.open(sealed, id),
      newSecretAccessKey: newSecret,
    };
    const authorize = createAuthorizer(enforcer, mfa, systemClock);
    const reset = config.dev
      ? async () => {
        // truncateAll announces `everything`: `invalidate` drops every cached credential and snapshot.
        await store.truncateAll();
        await checkMasterKey(store, sealer);
        defaultAccount = await ensureDefaultAccount(store, deps, accountOptions);
        return {
          accountId: defaultAccount.accountId,
          accessKeyId: defaultAccount.created?.rootAccessKeyId ?? '',
          secretAccessKey: defaultAccount.created?.rootSecretAccessKey ?? '',
        };
      }
      : undefined;
    const app = buildApp({ authenticate, authorize, operations: buildOperations(iamDeps, {
      store, clock: systemClock, random, partition, tokens, messages: createAuthorizationMessageCodec(masterKey), newSecretAccessKey: newSecret, mfa,
      // OIDC keys: WARD_OIDC_JWKS_DIR's files first (offline installs), then each issuer's discovery document.
      jwks: config.oidcJwksDir !== undefined ? directoryJwksSource(config.oidcJwksDir, remoteJwksSource()) : remoteJwksSource(),
    }), ...(reset !== undefined ? { reset } : {}) });
    await app.listen({ host: config.host, port: config.port });
    usage.start();
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return {
      url: `http://${host}:${port}`,
      accountId: defaultAccount.accountId,
      ...(defaultAccount.created !== undefined ? { created: defaultAccount.created } : {}),
      storage: store.dialect === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL',
      app,
      close: async () => {
        await app.close();
        await usage.close();
        stopListening();
        await store.close();
      },
    };
  } catch (error) {
    await usage.close();
    await store.close();
    throw error;
  }
}
