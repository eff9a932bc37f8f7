import type { Store } from '../store/port.js';
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
 * rest; opened copies live only in this process). `clear()` forgets everything (reset, key changes).
 */
export class CredentialDirectory {
  private readonly cache = new Map<string, ResolvedCredential>();

  constructor(
    private readonly store: Store,
    private readonly openSecret: (sealed: string, accessKeyId: string) => string,
    private readonly partition: string,
  ) {}

  /** The credential for `accessKeyId`, or undefined when Ward does not know the key. */
  async resolve(accessKeyId: string): Promise<ResolvedCredential | undefined> {
    const cached = this.cache.get(accessKeyId);
    if (cached !== undefined) return cached;
    const record = await this.store.getAccessKey(accessKeyId);
    if (record === undefined) return undefined;
    if (record.owner.kind !== 'root') return undefined; // IAM users' keys arrive with the IAM API (issue 4).
    const resolved: ResolvedCredential = {
      secretAccessKey: this.openSecret(record.sealedSecret, record.accessKeyId),
      caller: rootCaller(this.partition, record.accountId, record.accessKeyId),
      active: record.status === 'Active',
    };
    if (this.cache.size >= MAX_CACHED) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(accessKeyId, resolved);
    return resolved;
  }

  /** Forgets every cached credential. */
  clear(): void {
    this.cache.clear();
  }
}
