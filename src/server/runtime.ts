import type { FastifyInstance } from 'fastify';
import { partitionOf } from '../kernel/index.js';
import { type AccountDeps, type CreatedAccount, ensureDefaultAccount } from '../iam/accounts/index.js';
import { createSealer } from '../secrets/sealer.js';
import { loadMasterKey } from '../secrets/master-key.js';
import { newSecretAccessKey } from '../secrets/secret-access-key.js';
import { openStore } from '../store/index.js';
import type { Store, StoreChange } from '../store/port.js';
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
 * The composition root: opens the store and the master key, makes sure the default account exists,
 * wires authentication and the HTTP application, and listens.
 */
export async function startWard(config: ServeConfig, env: Record<string, string | undefined>): Promise<RunningWard> {
  const masterKey = await loadMasterKey({ env, dataDir: config.dataDir });
  const sealer = createSealer(masterKey.key);
  const store: Store = await openStore({ dataDir: config.dataDir, ...(config.databaseUrl !== undefined ? { databaseUrl: config.databaseUrl } : {}) });
  const usage = new KeyUsageRecorder(store, config.keyUseFlushMs ?? DEFAULT_KEY_USE_FLUSH_MS);
  try {
    await store.migrate();
    await checkMasterKey(store, sealer);
    const deps: AccountDeps = {
      random: nodeRandom,
      clock: systemClock,
      sealSecret: (secret, accessKeyId) => sealer.seal(secret, accessKeyId),
      newSecretAccessKey,
    };
    const accountOptions = config.accountId !== undefined ? { accountId: config.accountId } : {};
    let defaultAccount = await ensureDefaultAccount(store, deps, accountOptions);
    const partition = partitionOf(config.region);
    const directory = new CredentialDirectory(store, (sealed, keyId) => sealer.open(sealed, keyId), partition);
    const authenticate = requestAuthenticator({
      directory,
      clock: systemClock,
      partition,
      devAccountId: () => (config.dev ? defaultAccount.accountId : undefined),
      // GetAccessKeyLastUsed: in memory per request, written to the store in batches (key-usage.ts).
      used: (use) => usage.record({
        accessKeyId: use.accessKeyId, date: new Date(use.at).toISOString(), serviceName: use.service, region: use.region,
      }),
    });
    const enforcer = createEnforcer({ store, partition, clock: systemClock, resolveManagedPolicy: resolveManagedPolicyDocument });
    // Cached credentials and compiled snapshots are dropped on every committed IAM change: this node's own
    // (the store tells at commit, before the write is acknowledged) and other nodes' (PostgreSQL
    // LISTEN/NOTIFY, typically milliseconds later); everything when notifications may have been missed.
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
      random: nodeRandom,
      partition,
      sealSecret: (secret, id) => sealer.seal(secret, id),
      newSecretAccessKey,
      // A committed write may change keys (the directory) and any principal's policies (the snapshots).
      // The store has announced it already (see `invalidate`); this repeats it, idempotently, for the
      // domain's contract.
      changed: (accountId) => invalidate({ kind: 'account', accountId }),
    };
    const authorize = createAuthorizer(enforcer);
    const reset = config.dev
      ? async () => {
        await store.truncateAll();
        directory.clear();
        enforcer.clear();
        await checkMasterKey(store, sealer);
        defaultAccount = await ensureDefaultAccount(store, deps, accountOptions);
        return {
          accountId: defaultAccount.accountId,
          accessKeyId: defaultAccount.created?.rootAccessKeyId ?? '',
          secretAccessKey: defaultAccount.created?.rootSecretAccessKey ?? '',
        };
      }
      : undefined;
    const app = buildApp({ authenticate, authorize, operations: buildOperations(iamDeps), ...(reset !== undefined ? { reset } : {}) });
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
