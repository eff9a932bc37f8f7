import type { AccessKeyRecord, Store } from '../store/port.js';
import { type Caller, rootCaller } from '../authn/caller.js';

/** A resolved long-term credential: its secret (for the signature check) and its owner. */
export interface ResolvedCredential {
  readonly secretAccessKey: string;
  readonly caller: Caller;
  readonly active: boolean;
}

const MAX_CACHED = 10_000;

/**
 * Access key id → secret and owner, read from the store once and kept in memory (secrets are sealed at
 * rest; opened copies live only in this process). `forgetAccount()` forgets one account's keys after a
 * change to its IAM state (this node's or another's); `clear()` forgets everything.
 *
 * INVARIANT: a lookup that overlaps a `forgetAccount()`/`clear()` is answered but not cached (a
 * generation counter tells), so a change committed while the store was being read cannot leave a stale
 * credential behind.
 */
export class CredentialDirectory {
  private readonly cache = new Map<string, { readonly resolved: ResolvedCredential; readonly accountId: string }>();
  /** Cached key ids by account, so one account's change forgets only its keys. */
  private readonly byAccount = new Map<string, Set<string>>();
  private generation = 0;

  constructor(
    private readonly store: Store,
    private readonly openSecret: (sealed: string, accessKeyId: string) => string,
    private readonly partition: string,
  ) {}

  /** The credential for `accessKeyId`, or undefined when Ward does not know the key. */
  async resolve(accessKeyId: string): Promise<ResolvedCredential | undefined> {
    const cached = this.cache.get(accessKeyId);
    if (cached !== undefined) return cached.resolved;
    const generation = this.generation;
    const record = await this.store.getAccessKey(accessKeyId);
    if (record === undefined) return undefined;
    const caller = await this.ownerOf(record);
    // A key whose user no longer exists is unknown: AWS answers InvalidClientTokenId.
    if (caller === undefined) return undefined;
    const resolved: ResolvedCredential = {
      secretAccessKey: this.openSecret(record.sealedSecret, record.accessKeyId),
      caller,
      active: record.status === 'Active',
    };
    if (generation !== this.generation) return resolved;
    if (this.cache.size >= MAX_CACHED) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.forget(oldest);
    }
    this.cache.set(accessKeyId, { resolved, accountId: record.accountId });
    let keys = this.byAccount.get(record.accountId);
    if (keys === undefined) {
      keys = new Set();
      this.byAccount.set(record.accountId, keys);
    }
    keys.add(accessKeyId);
    return resolved;
  }

  /** The caller a key signs as: the account's root, or the IAM user that owns it (its ARN, id and path). */
  private async ownerOf(record: AccessKeyRecord): Promise<Caller | undefined> {
    if (record.owner.kind === 'root') return rootCaller(this.partition, record.accountId, record.accessKeyId);
    const user = await this.store.getEntity(record.accountId, 'user', record.owner.userName);
    if (user === undefined) return undefined;
    return {
      kind: 'user',
      accountId: record.accountId,
      arn: user.arn,
      userId: user.id,
      userName: user.name,
      path: user.path,
      accessKeyId: record.accessKeyId,
    };
  }

  /** Forgets the cached credentials of one account. */
  forgetAccount(accountId: string): void {
    this.generation += 1;
    const keys = this.byAccount.get(accountId);
    if (keys === undefined) return;
    this.byAccount.delete(accountId);
    for (const key of keys) this.cache.delete(key);
  }

  /** Forgets every cached credential. */
  clear(): void {
    this.generation += 1;
    this.cache.clear();
    this.byAccount.clear();
  }

  /** How many credentials are cached (tests). */
  get size(): number {
    return this.cache.size;
  }

  private forget(accessKeyId: string): void {
    const cached = this.cache.get(accessKeyId);
    if (cached === undefined) return;
    this.cache.delete(accessKeyId);
    const keys = this.byAccount.get(cached.accountId);
    keys?.delete(accessKeyId);
    if (keys?.size === 0) this.byAccount.delete(cached.accountId);
  }
}
