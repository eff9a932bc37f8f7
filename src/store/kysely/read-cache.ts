import type { StoreReads } from '../port.js';

/**
 * Records kept at most (every account together; a cached list counts each record it holds, an empty one
 * 1): past it the whole cache is emptied and refills. About 50 MB at worst (a record is under 1 KB in memory).
 */
export const MAX_RECORDS = 50_000;

/**
 * The reads that are cached: every one of them reads IAM state that only announced writes change (see
 * `Store.onChanged`), and its first argument is the account it reads. Access keys (their last use is
 * recorded without an announcement), settings and the list of accounts are not cached.
 */
export type CachedRead =
  | 'getAccount' | 'getEntity' | 'listEntities' | 'countEntities' | 'listLinksFrom' | 'listLinksTo' | 'countLinksFrom'
  | 'countLinksTo' | 'getInlinePolicy' | 'listInlinePolicies';

/**
 * Reads shared only while they load: the same read asked for again before the first load ends waits for
 * that load, but nothing is kept afterwards. These are the pages after the first of any paged read (its
 * last argument a page with `after`: ListUsers, ListRoles, GetGroup's members, ... with a Marker): up to
 * 1,000 records each, at the same cost at any size of the account (a keyed range read); kept, a walk through
 * 100,000 users' pages would push everything else out. The first page of each listing — what consoles and
 * scripts ask for most — is kept like any other read.
 */
function sharedWhileLoading(args: readonly unknown[]): boolean {
  const page = args[args.length - 1];
  return typeof page === 'object' && page !== null && (page as { readonly after?: string }).after !== undefined;
}

/** One account's cached reads: replaced by a new object whenever the account changes. */
interface AccountEntries {
  readonly reads: Map<string, Promise<unknown>>;
  /** The records its reads hold (a list counts its length, anything else 1). */
  weight: number;
}

/** Thrown inside a cached attempt when `work` asks for a read that is not cached: run it uncached. */
class NeedsTransaction extends Error {
  constructor() {
    super('this read needs a transaction');
  }
}

/** Runs `read` in a read transaction of the store (uncached). */
export type ReadRunner = <T>(read: (tx: StoreReads) => Promise<T>) => Promise<T>;

/** Freezes a value read from the database, all the way down: cached values are shared by every caller. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

/**
 * A cache of the store's reads of IAM state, per account, for a store whose every write is announced to
 * it before the write is acknowledged (SQLite: one process owns the file). An account's entries are
 * dropped on each announced change to it, everything on `everything`.
 *
 * `read(work, uncached)` runs `work` on cached reads first. Each read that misses is loaded in a read
 * transaction of its own, so the reads of one `work` may come from different moments; the attempt's
 * result is kept only if no account it read changed meanwhile (the account's entries are still the same
 * object). Otherwise, or when `work` asks for a read that is not cached, `work` runs again, uncached, in
 * one read transaction: as consistent as the store's `read()` without the cache. A load that was in
 * flight when its account changed lands in the dropped entries, never in the new ones.
 *
 * Values are frozen: callers share them and must not change them (a change throws in strict mode).
 */
export class ReadCache {
  #accounts = new Map<string, AccountEntries>();
  #size = 0;

  /** Drops an account's entries (call on each announced change to it). */
  forget(accountId: string): void {
    const entries = this.#accounts.get(accountId);
    if (entries === undefined) return;
    this.#size -= entries.weight;
    this.#accounts.delete(accountId);
  }

  /** Drops everything. */
  clear(): void {
    this.#accounts = new Map();
    this.#size = 0;
  }

  /** How many records the cached reads hold (for tests). */
  get size(): number {
    return this.#size;
  }

  /** Adds `records` to an account's weight, and to the total when the account's entries are current. */
  #weigh(entries: AccountEntries, accountId: string, records: number): void {
    entries.weight += records;
    if (this.#accounts.get(accountId) === entries) this.#size += records;
  }

  /** Runs `work` on cached reads when it can (see the class), else on `uncached`. */
  async read<T>(work: (tx: StoreReads) => Promise<T>, uncached: ReadRunner): Promise<T> {
    const seen = new Map<string, AccountEntries>();
    const attempt = { needsTransaction: false };
    const view = this.#view(seen, uncached, attempt);
    let value: T;
    try {
      value = await work(view);
    } catch (error) {
      // Also when `work` caught the refusal of an uncached read and failed otherwise; and an error from
      // stale reads could be wrong too (NoSuchEntity for an entity created meanwhile).
      if (attempt.needsTransaction || this.#changedSince(seen)) return uncached(work);
      throw error;
    }
    return attempt.needsTransaction || this.#changedSince(seen) ? uncached(work) : value;
  }

  #changedSince(seen: ReadonlyMap<string, AccountEntries>): boolean {
    for (const [accountId, entries] of seen) if (this.#accounts.get(accountId) !== entries) return true;
    return false;
  }

  #entries(accountId: string): AccountEntries {
    let entries = this.#accounts.get(accountId);
    if (entries === undefined) {
      entries = { reads: new Map(), weight: 0 };
      this.#accounts.set(accountId, entries);
    }
    return entries;
  }

  /**
   * One cached read on its own (the store's `getEntity()` and the like): always consistent, being one
   * read, so no attempt to check afterwards.
   */
  single<M extends CachedRead>(method: M, args: Parameters<StoreReads[M]>, uncached: ReadRunner): ReturnType<StoreReads[M]> {
    const accountId = args[0] as string;
    return this.#lookup(this.#entries(accountId), accountId, method, args, uncached) as ReturnType<StoreReads[M]>;
  }

  /** The cached read, or a load of it put in `entries` (which may already have been dropped). */
  #lookup(entries: AccountEntries, accountId: string, method: CachedRead, args: readonly unknown[], uncached: ReadRunner): Promise<unknown> {
    const key = keyOf(method, args);
    const hit = entries.reads.get(key);
    if (hit !== undefined) return hit;
    if (this.#size >= MAX_RECORDS) this.clear();
    const loading = uncached((tx) => (tx[method] as (...a: readonly unknown[]) => Promise<unknown>)(...args)).then(deepFreeze);
    entries.reads.set(key, loading);
    this.#weigh(entries, accountId, 1);
    const transient = sharedWhileLoading(args);
    loading.then((value) => {
      if (entries.reads.get(key) !== loading) return;
      if (transient) {
        entries.reads.delete(key);
        this.#weigh(entries, accountId, -1);
      } else if (Array.isArray(value) && value.length > 1) {
        // A list weighs its length (counted once it is known); an empty one still weighs 1.
        this.#weigh(entries, accountId, value.length - 1);
      }
    }, () => {
      if (entries.reads.get(key) === loading) {
        entries.reads.delete(key);
        this.#weigh(entries, accountId, -1);
      }
    });
    return loading;
  }

  #view(seen: Map<string, AccountEntries>, uncached: ReadRunner, attempt: { needsTransaction: boolean }): StoreReads {
    const cached = (method: CachedRead) => (...args: unknown[]): Promise<unknown> => {
      const accountId = args[0] as string;
      let entries = seen.get(accountId);
      if (entries === undefined) {
        entries = this.#entries(accountId);
        seen.set(accountId, entries);
      }
      return this.#lookup(entries, accountId, method, args, uncached);
    };
    const refuse = (): Promise<never> => {
      attempt.needsTransaction = true;
      return Promise.reject(new NeedsTransaction());
    };
    const view: Record<keyof StoreReads, unknown> = {
      getAccount: cached('getAccount'),
      getEntity: cached('getEntity'),
      listEntities: cached('listEntities'),
      countEntities: cached('countEntities'),
      listLinksFrom: cached('listLinksFrom'),
      listLinksTo: cached('listLinksTo'),
      countLinksFrom: cached('countLinksFrom'),
      countLinksTo: cached('countLinksTo'),
      getInlinePolicy: cached('getInlinePolicy'),
      listInlinePolicies: cached('listInlinePolicies'),
      listAccounts: refuse,
      getAccessKey: refuse,
      listAccessKeys: refuse,
      getSetting: refuse,
    };
    return view as unknown as StoreReads;
  }
}

/** A read's key within its account: the method and its arguments (strings joined; anything else as JSON). */
function keyOf(method: string, args: readonly unknown[]): string {
  let key = method;
  for (const arg of args) {
    key += typeof arg === 'string' && !arg.includes('\u0000') && !arg.includes('\u0001')
      ? `\u0000${arg}`
      : `\u0001${JSON.stringify(arg) ?? ''}`;
  }
  return key;
}
