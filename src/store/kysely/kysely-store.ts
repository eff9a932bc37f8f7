import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  AccessKeyOwner, AccessKeyRecord, AccessKeyUse, AccountRecord, IamEntityKind, IamEntityRecord, IamLinkKind, IamLinkRecord,
  InlinePolicyRecord, PageRequest, Store, StoreChange, StoreReads, StoreTransaction,
} from '../port.js';
import type { StoreAdapter } from './adapter.js';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, migrateToLatest } from './migrations.js';
import { type CachedRead, ReadCache } from './read-cache.js';
import { KyselyRepositories, type TransactionScope } from './repositories.js';

type ChangeListener = (change: StoreChange) => void;

/**
 * The port's Store over any {@link StoreAdapter}. The store's own repository methods each run in a
 * transaction of their own: a read-only one (`read()`) for the reads, a write transaction for the writes.
 *
 * INVARIANT: inside `work`, only the `tx` given to it reaches the database. Calling the store itself
 * there (`transaction()`, or `getAccount()` and the like) would, on SQLite's single connection, wait for
 * the enclosing transaction forever — and, the writer grouping transactions, hold up every write queued
 * behind it — and on PostgreSQL escape it. With the nesting check on
 * ({@link NESTING_CHECK_VARIABLE}, which `npm test` sets) such a call throws at once instead. The check is
 * off otherwise because it needs an AsyncLocalStorage, and on Node 20 an AsyncLocalStorage in use turns
 * on promise hooks for the whole process: they cost every request about 14 % of the IAM read mix's
 * throughput (docs/benchmarks.md).
 *
 * Changes: the repositories record which accounts a transaction's IAM writes touched; the adapter
 * announces them inside the transaction (delivered to other nodes only on commit), and after the commit
 * this store tells its own listeners, before `transaction()` resolves. So no operation has to remember to
 * announce anything, and nothing is announced for a rollback or for an abandoned retry.
 */
class KyselyStore implements Store {
  readonly dialect: Store['dialect'];
  readonly #adapter: StoreAdapter;
  /** Present only when every write to the database is announced to this store (see {@link createKyselyStore}). */
  readonly #cache: ReadCache | undefined;
  /** Present only with the nesting check on. */
  readonly #inside: AsyncLocalStorage<{ open: boolean; readonly within: 'transaction' | 'read' }> | undefined;
  readonly #listeners = new Set<ChangeListener>();
  #listening: Promise<{ close(): Promise<void> }> | undefined;

  constructor(adapter: StoreAdapter, options: { readonly checkNesting: boolean; readonly cacheReads: boolean }) {
    this.#adapter = adapter;
    this.dialect = adapter.dialect;
    this.#inside = options.checkNesting ? new AsyncLocalStorage() : undefined;
    this.#cache = options.cacheReads ? new ReadCache() : undefined;
    // The cache must hear of other processes' changes even with no listener of its own.
    if (this.#cache !== undefined && adapter.listen !== undefined) {
      this.#listening = adapter.listen((change) => this.#emit(change));
      this.#listening.catch(() => undefined); // awaited (and its failure seen) by onChanged() and close()
    }
  }

  /** Runs `work` marked as inside a transaction or read, for the nesting check (when it is on). */
  #within<T>(scope: { open: boolean; readonly within: 'transaction' | 'read' }, work: () => Promise<T>): Promise<T> {
    return this.#inside === undefined ? work() : this.#inside.run(scope, work);
  }

  async migrate(): Promise<void> {
    this.#assertOutside('migrate');
    await migrateToLatest(this.#adapter.db, this.#adapter.dialect);
  }

  async transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    this.#assertOutside('transaction');
    // Runs once per attempt (PostgreSQL retries): each attempt has its own scope, so only the attempt
    // that commits is announced.
    const { value, changed } = await this.#adapter.runTransaction(async (trx) => {
      const scope: TransactionScope & { open: boolean; within: 'transaction' } = { open: true, changed: new Set<string>(), within: 'transaction' };
      try {
        const value = await this.#within(scope, () =>
          work(new KyselyRepositories(trx, scope, (error) => this.#adapter.classifyError(error))));
        if (scope.changed.size > 0 && this.#adapter.announce !== undefined) {
          await this.#adapter.announce(trx, [...scope.changed].map((accountId) => ({ kind: 'account', accountId })));
        }
        return { value, changed: scope.changed };
      } finally {
        scope.open = false;
      }
    });
    for (const accountId of changed) this.#emit({ kind: 'account', accountId });
    return value;
  }

  async read<T>(work: (tx: StoreReads) => Promise<T>): Promise<T> {
    this.#assertOutside('read');
    const cache = this.#cache;
    if (cache === undefined) return this.#readUncached(work);
    const scope = { open: true, within: 'read' as const };
    try {
      return await this.#within(scope, () => cache.read(work, (read) => this.#readUncached(read)));
    } finally {
      scope.open = false;
    }
  }

  /** `read()` without the cache: one read transaction. */
  #readUncached<T>(work: (tx: StoreReads) => Promise<T>): Promise<T> {
    return this.#adapter.runRead(async (trx) => {
      // Nothing is written here (the connection or transaction refuses writes), so nothing is announced.
      const scope: TransactionScope & { open: boolean; within: 'read' } = { open: true, changed: new Set<string>(), within: 'read' };
      try {
        return await this.#within(scope, () =>
          work(new KyselyRepositories(trx, scope, (error) => this.#adapter.classifyError(error))));
      } finally {
        scope.open = false;
      }
    });
  }

  async truncateAll(): Promise<void> {
    this.#assertOutside('truncateAll');
    const keep = new Set([MIGRATION_TABLE, MIGRATION_LOCK_TABLE]);
    const tables = (await this.#adapter.listTables(this.#adapter.db)).filter((name) => !keep.has(name));
    if (tables.length === 0) return;
    await this.#adapter.runTransaction(async (trx) => {
      await this.#adapter.emptyTables(trx, tables);
      await this.#adapter.announce?.(trx, [{ kind: 'everything' }]);
    });
    this.#emit({ kind: 'everything' });
  }

  async onChanged(listener: ChangeListener): Promise<() => void> {
    this.#listeners.add(listener);
    const unsubscribe = (): void => {
      this.#listeners.delete(listener);
    };
    if (this.#adapter.listen !== undefined) {
      this.#listening ??= this.#adapter.listen((change) => this.#emit(change));
      const listening = this.#listening;
      try {
        await listening;
      } catch (error) {
        unsubscribe();
        if (this.#listening === listening) this.#listening = undefined;
        throw error;
      }
    }
    return unsubscribe;
  }

  async close(): Promise<void> {
    const listening = this.#listening;
    this.#listening = undefined;
    this.#listeners.clear();
    if (listening !== undefined) await (await listening.catch(() => undefined))?.close();
    await this.#adapter.close();
  }

  createAccount(account: AccountRecord): Promise<void> {
    return this.transaction((tx) => tx.createAccount(account));
  }

  getAccount(id: string): Promise<AccountRecord | undefined> {
    return this.#readOne('getAccount', [id]);
  }

  listAccounts(page?: { after?: string; limit?: number }): Promise<AccountRecord[]> {
    return this.#readPlain((tx) => tx.listAccounts(page));
  }

  createAccessKey(key: AccessKeyRecord): Promise<void> {
    return this.transaction((tx) => tx.createAccessKey(key));
  }

  getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    return this.#readPlain((tx) => tx.getAccessKey(accessKeyId));
  }

  listAccessKeys(accountId: string, owner: AccessKeyOwner): Promise<AccessKeyRecord[]> {
    return this.#readPlain((tx) => tx.listAccessKeys(accountId, owner));
  }

  updateAccessKeyStatus(accessKeyId: string, status: 'Active' | 'Inactive'): Promise<boolean> {
    return this.transaction((tx) => tx.updateAccessKeyStatus(accessKeyId, status));
  }

  deleteAccessKey(accessKeyId: string): Promise<boolean> {
    return this.transaction((tx) => tx.deleteAccessKey(accessKeyId));
  }

  recordAccessKeyUse(uses: readonly AccessKeyUse[]): Promise<number> {
    return this.transaction((tx) => tx.recordAccessKeyUse(uses));
  }

  createEntity(entity: IamEntityRecord): Promise<void> {
    return this.transaction((tx) => tx.createEntity(entity));
  }

  getEntity(accountId: string, kind: IamEntityKind, name: string): Promise<IamEntityRecord | undefined> {
    return this.#readOne('getEntity', [accountId, kind, name]);
  }

  updateEntity(entity: IamEntityRecord): Promise<boolean> {
    return this.transaction((tx) => tx.updateEntity(entity));
  }

  renameEntity(accountId: string, kind: IamEntityKind, oldName: string, entity: IamEntityRecord): Promise<boolean> {
    return this.transaction((tx) => tx.renameEntity(accountId, kind, oldName, entity));
  }

  deleteEntity(accountId: string, kind: IamEntityKind, name: string): Promise<boolean> {
    return this.transaction((tx) => tx.deleteEntity(accountId, kind, name));
  }

  listEntities(
    accountId: string, kind: IamEntityKind, options?: PageRequest & { readonly pathPrefix?: string },
  ): Promise<IamEntityRecord[]> {
    return this.#readOne('listEntities', [accountId, kind, options]);
  }

  countEntities(accountId: string, kind: IamEntityKind): Promise<number> {
    return this.#readOne('countEntities', [accountId, kind]);
  }

  addLink(link: IamLinkRecord): Promise<void> {
    return this.transaction((tx) => tx.addLink(link));
  }

  removeLink(accountId: string, kind: IamLinkKind, from: string, to: string): Promise<boolean> {
    return this.transaction((tx) => tx.removeLink(accountId, kind, from, to));
  }

  listLinksFrom(accountId: string, kind: IamLinkKind, from: string, page?: PageRequest): Promise<IamLinkRecord[]> {
    return this.#readOne('listLinksFrom', [accountId, kind, from, page]);
  }

  listLinksTo(accountId: string, kind: IamLinkKind, to: string, page?: PageRequest): Promise<IamLinkRecord[]> {
    return this.#readOne('listLinksTo', [accountId, kind, to, page]);
  }

  countLinksFrom(accountId: string, kind: IamLinkKind, from: string): Promise<number> {
    return this.#readOne('countLinksFrom', [accountId, kind, from]);
  }

  countLinksTo(accountId: string, kind: IamLinkKind, to: string): Promise<number> {
    return this.#readOne('countLinksTo', [accountId, kind, to]);
  }

  removeLinksOf(accountId: string, kind: IamLinkKind, key: string, end: 'from' | 'to'): Promise<number> {
    return this.transaction((tx) => tx.removeLinksOf(accountId, kind, key, end));
  }

  putInlinePolicy(policy: InlinePolicyRecord): Promise<void> {
    return this.transaction((tx) => tx.putInlinePolicy(policy));
  }

  getInlinePolicy(
    accountId: string, ownerKind: InlinePolicyRecord['ownerKind'], ownerName: string, policyName: string,
  ): Promise<InlinePolicyRecord | undefined> {
    return this.#readOne('getInlinePolicy', [accountId, ownerKind, ownerName, policyName]);
  }

  listInlinePolicies(
    accountId: string, ownerKind: InlinePolicyRecord['ownerKind'], ownerName: string, page?: PageRequest,
  ): Promise<InlinePolicyRecord[]> {
    return this.#readOne('listInlinePolicies', [accountId, ownerKind, ownerName, page]);
  }

  deleteInlinePolicy(
    accountId: string, ownerKind: InlinePolicyRecord['ownerKind'], ownerName: string, policyName: string,
  ): Promise<boolean> {
    return this.transaction((tx) => tx.deleteInlinePolicy(accountId, ownerKind, ownerName, policyName));
  }

  getSetting(name: string): Promise<string | undefined> {
    return this.#readPlain((tx) => tx.getSetting(name));
  }

  setSetting(name: string, value: string): Promise<void> {
    return this.transaction((tx) => tx.setSetting(name, value));
  }

  /**
   * Forgets the cached reads the change makes stale, then tells every listener; one that throws does not
   * stop the others nor fail the committed caller.
   */
  #emit(change: StoreChange): void {
    if (change.kind === 'everything') this.#cache?.clear();
    else this.#cache?.forget(change.accountId);
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (error) {
        process.emitWarning(`a store change listener threw: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /**
   * One read of the store's own (`getEntity()` and the like): from the cache when there is one. Not
   * `async` (one promise less per read on the hot path), so the nesting check's error is returned rejected.
   */
  #readOne<M extends CachedRead>(method: M, args: Parameters<StoreReads[M]>): ReturnType<StoreReads[M]> {
    try {
      this.#assertOutside('read');
    } catch (error) {
      return Promise.reject(error) as ReturnType<StoreReads[M]>;
    }
    const cache = this.#cache;
    if (cache === undefined) {
      return this.#readUncached((tx) => (tx[method] as (...a: typeof args) => Promise<unknown>)(...args)) as ReturnType<StoreReads[M]>;
    }
    return cache.single(method, args, (read) => this.#readUncached(read));
  }

  /** A read the cache does not keep (access keys, settings, the accounts' list): one read transaction. */
  async #readPlain<T>(work: (tx: StoreReads) => Promise<T>): Promise<T> {
    this.#assertOutside('read');
    return this.#readUncached(work);
  }

  #assertOutside(operation: string): void {
    const inside = this.#inside?.getStore();
    if (inside?.open === true) {
      throw new Error(`store.${operation}() called inside store.${inside.within}(): use the tx given to the work function`);
    }
  }
}

/** The environment variable that turns the nesting check on when set to `1` (see {@link KyselyStore}). */
export const NESTING_CHECK_VARIABLE = 'WARD_STORE_NESTING_CHECK';

/**
 * Builds the port's {@link Store} from a dialect adapter. Does not migrate: call `migrate()`. The nesting
 * check is on when `checkNesting` says so, else when {@link NESTING_CHECK_VARIABLE} is `1`. `cacheReads`
 * keeps reads of IAM state in memory ({@link ReadCache}): only for a database that no other process
 * writes behind this store's back, since the cache is dropped on this store's announcements (SQLite,
 * where one Ward process owns the file; not PostgreSQL, where other nodes' writes arrive later).
 */
export function createKyselyStore(
  adapter: StoreAdapter, options: { checkNesting?: boolean; cacheReads?: boolean } = {},
): Store {
  return new KyselyStore(adapter, {
    checkNesting: options.checkNesting ?? process.env[NESTING_CHECK_VARIABLE] === '1',
    cacheReads: options.cacheReads ?? false,
  });
}
