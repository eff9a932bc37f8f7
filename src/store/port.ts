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
  /** The key's last recorded use (GetAccessKeyLastUsed); absent while it was never used. */
  readonly lastUsed?: AccessKeyLastUse;
}

/** When and for what an access key last signed a request that authenticated. */
export interface AccessKeyLastUse {
  /** ISO 8601, UTC, as `Date.prototype.toISOString()` writes it (so text order is time order). */
  readonly date: string;
  /** The service of the request's credential scope (`iam`, `sts`, ...). */
  readonly serviceName: string;
  /** The region of the request's credential scope. */
  readonly region: string;
}

/** One recorded use of a key, for {@link StoreTransaction.recordAccessKeyUse}. */
export interface AccessKeyUse extends AccessKeyLastUse {
  readonly accessKeyId: string;
}

/**
 * A committed change of IAM state: one account's (its access keys, entities, links, inline policies), or
 * `everything` when changes may have been missed (a lost LISTEN connection) or all data went (reset).
 */
export type StoreChange = { readonly kind: 'account'; readonly accountId: string } | { readonly kind: 'everything' };

/** The kinds of named IAM entity an account holds. Names are unique per account and kind, ignoring case. */
export type IamEntityKind =
  | 'user' | 'group' | 'role' | 'policy' | 'instance-profile' | 'oidc-provider' | 'saml-provider' | 'mfa-device'
  | 'login-profile' | 'password-policy' | 'ssh-public-key' | 'signing-certificate' | 'server-certificate'
  | 'service-specific-credential';

/**
 * A named IAM entity. The columns every kind shares are typed; what only one kind has (tags, description,
 * a role's trust policy and MaxSessionDuration, a policy's versions, a permissions boundary, ...) lives in
 * `data`, a JSON object the domain owns (`src/iam/`), opaque to the store.
 */
export interface IamEntityRecord {
  readonly accountId: string;
  readonly kind: IamEntityKind;
  /** As created (case kept). Lookups ignore case: AWS names are unique ignoring case. */
  readonly name: string;
  /** AWS's unique id (`AIDA…`, `AGPA…`, `AROA…`, `ANPA…`, `AIPA…`; the ARN for providers). */
  readonly id: string;
  readonly path: string;
  readonly arn: string;
  readonly createdAt: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * Relations between entities, by lower-case entity name (`key`) on both ends, except attachments whose
 * `to` is the managed policy's ARN (AWS managed policies included):
 * - `group-member`: from group → to user
 * - `user-policy`, `group-policy`, `role-policy`: managed policy attachments, from identity → to policy ARN
 * - `instance-profile-role`: from instance profile → to role
 * - `user-boundary`, `role-boundary`: permissions boundaries, from identity → to policy ARN (at most one
 *   per identity; the domain keeps it in step with the identity's data)
 */
export type IamLinkKind =
  | 'group-member' | 'user-policy' | 'group-policy' | 'role-policy' | 'instance-profile-role' | 'user-boundary' | 'role-boundary';

/** One relation; unique per (account, kind, from, to). */
export interface IamLinkRecord {
  readonly accountId: string;
  readonly kind: IamLinkKind;
  readonly from: string;
  readonly to: string;
  readonly createdAt: string;
}

/** An inline policy embedded in a user, group or role. Unique per owner by policy name, ignoring case. */
export interface InlinePolicyRecord {
  readonly accountId: string;
  readonly ownerKind: 'user' | 'group' | 'role';
  /** The owner's name as the owner entity has it. */
  readonly ownerName: string;
  readonly policyName: string;
  /** The policy document as the caller sent it (JSON text). */
  readonly document: string;
}

/** One page of a listing: `after` is exclusive, in the listing's order; `limit` is the page size. */
export interface PageRequest {
  readonly after?: string;
  readonly limit?: number;
}

/** The read operations of a transaction: all that {@link Store.read} offers. */
export interface StoreReads {
  getAccount(id: string): Promise<AccountRecord | undefined>;
  /** Accounts ordered by id, at most `limit` after `after` (exclusive), for Marker paging. */
  listAccounts(page?: { after?: string; limit?: number }): Promise<AccountRecord[]>;
  getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined>;
  /** Keys of one owner, ordered by creation time then id. */
  listAccessKeys(accountId: string, owner: AccessKeyOwner): Promise<AccessKeyRecord[]>;
  /** The entity of that kind and name, ignoring case. */
  getEntity(accountId: string, kind: IamEntityKind, name: string): Promise<IamEntityRecord | undefined>;
  /**
   * Entities of a kind ordered by lower-case name; `pathPrefix` keeps those whose path starts with it;
   * `page.after` is a lower-case name.
   */
  listEntities(accountId: string, kind: IamEntityKind, options?: PageRequest & { readonly pathPrefix?: string }): Promise<IamEntityRecord[]>;
  countEntities(accountId: string, kind: IamEntityKind): Promise<number>;
  /** Links of a kind from one entity, ordered by `to`. */
  listLinksFrom(accountId: string, kind: IamLinkKind, from: string, page?: PageRequest): Promise<IamLinkRecord[]>;
  /** Links of a kind to one entity or policy ARN, ordered by `from`. */
  listLinksTo(accountId: string, kind: IamLinkKind, to: string, page?: PageRequest): Promise<IamLinkRecord[]>;
  countLinksFrom(accountId: string, kind: IamLinkKind, from: string): Promise<number>;
  countLinksTo(accountId: string, kind: IamLinkKind, to: string): Promise<number>;
  getInlinePolicy(accountId: string, ownerKind: InlinePolicyRecord['ownerKind'], ownerName: string, policyName: string): Promise<InlinePolicyRecord | undefined>;
  /** An owner's inline policies ordered by lower-case name; `page.after` is a lower-case name. */
  listInlinePolicies(accountId: string, ownerKind: InlinePolicyRecord['ownerKind'], ownerName: string, page?: PageRequest): Promise<InlinePolicyRecord[]>;
  /** A small named setting of this installation (e.g. `default-account-id`). */
  getSetting(name: string): Promise<string | undefined>;
}

/** Operations inside one transaction: the reads and the writes. Every method may throw {@link StoreConflict}. */
export interface StoreTransaction extends StoreReads {
  /** Inserts an account; throws StoreConflict('account') if the id exists. */
  createAccount(account: AccountRecord): Promise<void>;
  /** Inserts an access key; throws StoreConflict('access-key') if the id exists. */
  createAccessKey(key: AccessKeyRecord): Promise<void>;
  /** Sets a key's status; false when no such key. */
  updateAccessKeyStatus(accessKeyId: string, status: 'Active' | 'Inactive'): Promise<boolean>;
  /** Deletes a key; false when no such key. */
  deleteAccessKey(accessKeyId: string): Promise<boolean>;
  /**
   * Records uses of keys, batched by the caller (never one write per request). A key's `lastUsed` only
   * moves forward: a use older than the stored one (another node's later flush) changes nothing; unknown
   * keys are skipped. Not an IAM change: it announces nothing (see {@link Store.onChanged}). Returns how
   * many keys were updated.
   */
  recordAccessKeyUse(uses: readonly AccessKeyUse[]): Promise<number>;
  /** Inserts an entity; throws StoreConflict(kind) when the account has one of that kind and name (any case). */
  createEntity(entity: IamEntityRecord): Promise<void>;
  /** Replaces path, arn and data of the entity with that kind and name (ignoring case); false when none. */
  updateEntity(entity: IamEntityRecord): Promise<boolean>;
  /** Renames an entity (UpdateUser/UpdateGroup NewUserName); StoreConflict when the new name is taken. */
  renameEntity(accountId: string, kind: IamEntityKind, oldName: string, entity: IamEntityRecord): Promise<boolean>;
  /** Deletes the entity (not its links or inline policies: the domain refuses with DeleteConflict first). */
  deleteEntity(accountId: string, kind: IamEntityKind, name: string): Promise<boolean>;
  /** Adds a link; throws StoreConflict('link') when it exists. */
  addLink(link: IamLinkRecord): Promise<void>;
  removeLink(accountId: string, kind: IamLinkKind, from: string, to: string): Promise<boolean>;
  /** Deletes every link of a kind from or to `key` (used when an entity is renamed or deleted). */
  removeLinksOf(accountId: string, kind: IamLinkKind, key: string, end: 'from' | 'to'): Promise<number>;
  /** Creates or replaces an inline policy (ignoring case of its name). */
  putInlinePolicy(policy: InlinePolicyRecord): Promise<void>;
  deleteInlinePolicy(accountId: string, ownerKind: InlinePolicyRecord['ownerKind'], ownerName: string, policyName: string): Promise<boolean>;
  setSetting(name: string, value: string): Promise<void>;
}

/** A store: transactions, read-only snapshots, migrations and lifecycle. */
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
  /**
   * Runs `work`, which only reads, in one read-only transaction: it sees a consistent snapshot holding
   * every transaction committed before it began (those whose `transaction()` resolved before `read()` was
   * called included) and nothing uncommitted. It never waits for a write transaction nor takes the write
   * lock (SQLite: a second, query-only connection, beside the writer thanks to WAL; PostgreSQL: a
   * SERIALIZABLE READ ONLY transaction, retried like the others). The store's own read methods
   * (`getEntity()`, `listEntities()`, ...) each run this way. Use `transaction()` for a read whose result
   * decides a write (check-then-act). `work` may run more than once (PostgreSQL's retries; SQLite's read
   * cache first tries it on cached reads, and runs it again in one transaction when what it read changed
   * meanwhile), so it must not have effects of its own. Whatever runs, it sees one snapshot, never a mix
   * of two. (On SQLite, a commit by another process on the same file — an admin command — is seen within
   * 10 ms rather than at once, by this store and by its `onChanged` listeners, whether or not anything is
   * read meanwhile: see `OTHER_PROCESS_CHECK_MS` in sqlite/index.ts.)
   */
  read<T>(work: (tx: StoreReads) => Promise<T>): Promise<T>;
  /**
   * Calls `listener` for every committed change of IAM state, whoever made it:
   * - a transaction of this store that wrote IAM state (any of the access key, entity, link and inline
   *   policy writes, and createAccount; not settings, not `recordAccessKeyUse`) announces each account it
   *   touched — here, synchronously after the commit and before `transaction()` resolves; nothing is
   *   announced for a rollback, and a retried transaction announces its last attempt only;
   * - on PostgreSQL, other nodes' such commits arrive through one LISTEN connection per store (the
   *   announcement is a `pg_notify` inside the writing transaction, delivered only on commit), typically
   *   within milliseconds; whenever that connection is (re)established the listener gets `everything`,
   *   since notifications may have been missed meanwhile. SQLite has no other nodes.
   * - `truncateAll()` announces `everything`.
   * Resolves once listening (throws if the first LISTEN connection fails) with the unsubscribe function.
   * A listener must not throw (an error is reported as a process warning) and must not call the store.
   */
  onChanged(listener: (change: StoreChange) => void): Promise<() => void>;
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
