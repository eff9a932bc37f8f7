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
    const caller = await this.ownerOf(record);
    // A key whose user no longer exists is unknown: AWS answers InvalidClientTokenId.
    if (caller === undefined) return undefined;
    const resolved: ResolvedCredential = {
      secretAccessKey: this.openSecret(record.sealedSecret, record.accessKeyId),
      caller,
      active: record.status === 'Active',
    };
    if (this.cache.size >= MAX_CACHED) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(accessKeyId, resolved);
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

  /** Forgets every cached credential. */
  clear(): void {
    this.cache.clear();
  }
}
