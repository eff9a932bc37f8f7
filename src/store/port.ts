/**
 * The store port: what the domain sees of persistence. Two adapters implement it with the same files
 * (`sqlite/`, `postgres/`); one conformance suite (`store.conformance.test.ts`) runs against both.
 */

/** A 12-digit AWS account hosted by this Ward. */
export interface AccountRecord {
  readonly id: string;
  readonly name: string;
  /** ISO 8601, UTC, e.g. `2026-11-25T19:07:18.000Z`. */
  readonly createdAt: string;
}

/** Who owns an access key: the account's root user, or an IAM user of the account. */
export type AccessKeyOwner =
  | { readonly kind: 'root' }
  | { readonly kind: 'user'; readonly userName: string };

/** A long-term access key. The secret is stored sealed (AES-256-GCM), never in plain text. */
export interface AccessKeyRecord {
  /** `AKIA` and 16 more characters. */
  readonly accessKeyId: string;
  readonly accountId: string;
  readonly owner: AccessKeyOwner;
  /** The secret access key sealed by `secrets/` (see docs/architecture.md); opaque to the store. */
  readonly sealedSecret: string;
  readonly status: 'Active' | 'Inactive';
  readonly createdAt: string;
}

/** Operations inside one transaction. Every method may throw {@link StoreConflict}. */
export interface StoreTransaction {
  /** Inserts an account; throws StoreConflict('account') if the id exists. */
  createAccount(account: AccountRecord): Promise<void>;
  getAccount(id: string): Promise<AccountRecord | undefined>;
  /** Accounts ordered by id, at most `limit` after `after` (exclusive), for Marker paging. */
  listAccounts(page?: { after?: string; limit?: number }): Promise<AccountRecord[]>;

  /** Inserts an access key; throws StoreConflict('access-key') if the id exists. */
  createAccessKey(key: AccessKeyRecord): Promise<void>;
  getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined>;
  /** Keys of one owner, ordered by creation time then id. */
  listAccessKeys(accountId: string, owner: AccessKeyOwner): Promise<AccessKeyRecord[]>;

  /** A small named setting of this installation (e.g. `default-account-id`). */
  getSetting(name: string): Promise<string | undefined>;
  setSetting(name: string, value: string): Promise<void>;
}

/** A store: transactions, migrations and lifecycle. */
export interface Store extends StoreTransaction {
  /** `sqlite` or `postgres`: the adapter's name, for logs and docs. */
  readonly dialect: 'sqlite' | 'postgres';
  /** Applies every pending migration; idempotent. */
  migrate(): Promise<void>;
  /**
   * Runs `work` in one serializable transaction; commits when it resolves, rolls back when it throws.
   * INVARIANT: nothing `work` wrote is visible to others unless the promise resolved.
   */
  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  /** Deletes every row of every table except the migration history (dev mode's reset). */
  truncateAll(): Promise<void>;
  close(): Promise<void>;
}

/** A uniqueness or existence conflict the domain turns into AWS's error (EntityAlreadyExists, ...). */
export class StoreConflict extends Error {
  constructor(readonly entity: string, message?: string) {
    super(message ?? `${entity} already exists`);
    this.name = 'StoreConflict';
  }
}
