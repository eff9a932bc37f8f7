import { sql, type Kysely, type Selectable } from 'kysely';
import {
  StoreConflict, type AccessKeyOwner, type AccessKeyRecord, type AccessKeyUse, type AccountRecord, type IamEntityKind,
  type IamEntityRecord, type IamLinkKind, type IamLinkRecord, type InlinePolicyRecord, type PageRequest,
  type StoreTransaction,
} from '../port.js';
import type { ConstraintViolation } from './adapter.js';
import type {
  AccessKeysTable, AccountsTable, Database, IamEntitiesTable, IamInlinePoliciesTable, IamLinksTable,
} from './schema.js';

type OwnerKind = InlinePolicyRecord['ownerKind'];

/** Tells whether the transaction a repository belongs to is still open, and what it changed. */
export interface TransactionScope {
  readonly open: boolean;
  /**
   * Accounts whose IAM state this transaction wrote. Every IAM write below adds its account here, so no
   * caller can forget to: the store announces them at commit (`Store.onChanged`).
   */
  readonly changed: Set<string>;
}

/**
 * The port's operations as Kysely queries, identical for both dialects. One instance serves one
 * transaction: after it ends, every method throws rather than run outside it.
 *
 * Inserts use `ON CONFLICT DO NOTHING` and report a conflict themselves, so a StoreConflict leaves the
 * transaction usable in both dialects (a failed statement aborts a PostgreSQL transaction; SQLite's does
 * not). Driver constraint errors are still mapped, as a backstop.
 *
 * Names are matched ignoring case through `*_key` columns holding `toLowerCase()` of the name, computed
 * here in JavaScript (not SQL `lower()`) so both dialects agree. Link ends are stored exactly as given.
 *
 * INVARIANT: every method that writes IAM state marks its account changed (`#changed`) once the write
 * took effect; `setSetting` and `recordAccessKeyUse` do not (they change no authorization).
 */
export class KyselyRepositories implements StoreTransaction {
  readonly #db: Kysely<Database>;
  readonly #scope: TransactionScope;
  readonly #classify: (error: unknown) => ConstraintViolation;

  constructor(db: Kysely<Database>, scope: TransactionScope, classify: (error: unknown) => ConstraintViolation) {
    this.#db = db;
    this.#scope = scope;
    this.#classify = classify;
  }

  async createAccount(account: AccountRecord): Promise<void> {
    const db = this.#open();
    const result = await this.#mapped('account', () => db
      .insertInto('accounts')
      .values({ id: account.id, name: account.name, created_at: account.createdAt })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst());
    if (result.numInsertedOrUpdatedRows === 0n) {
      throw new StoreConflict('account', `account ${account.id} already exists`);
    }
    this.#changed(account.id);
  }

  async getAccount(id: string): Promise<AccountRecord | undefined> {
    const row = await this.#open().selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toAccount(row);
  }

  async listAccounts(page: { after?: string; limit?: number } = {}): Promise<AccountRecord[]> {
    let query = this.#open().selectFrom('accounts').selectAll().orderBy('id');
    if (page.after !== undefined) query = query.where('id', '>', page.after);
    if (page.limit !== undefined) query = query.limit(Math.max(0, Math.floor(page.limit)));
    return (await query.execute()).map(toAccount);
  }

  async createAccessKey(key: AccessKeyRecord): Promise<void> {
    const db = this.#open();
    await requireAccount(db, key.accountId);
    const result = await this.#mapped('access-key', () => db
      .insertInto('access_keys')
      .values({
        access_key_id: key.accessKeyId,
        account_id: key.accountId,
        owner_kind: key.owner.kind,
        user_name: key.owner.kind === 'user' ? key.owner.userName : null,
        sealed_secret: key.sealedSecret,
        status: key.status,
        created_at: key.createdAt,
        last_used_at: key.lastUsed?.date ?? null,
        last_used_service: key.lastUsed?.serviceName ?? null,
        last_used_region: key.lastUsed?.region ?? null,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst());
    if (result.numInsertedOrUpdatedRows === 0n) {
      throw new StoreConflict('access-key', `access key ${key.accessKeyId} already exists`);
    }
    this.#changed(key.accountId);
  }

  async getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    const row = await this.#open()
      .selectFrom('access_keys').selectAll().where('access_key_id', '=', accessKeyId).executeTakeFirst();
    return row === undefined ? undefined : toAccessKey(row);
  }

  async listAccessKeys(accountId: string, owner: AccessKeyOwner): Promise<AccessKeyRecord[]> {
    let query = this.#open()
      .selectFrom('access_keys')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('owner_kind', '=', owner.kind);
    query = owner.kind === 'user'
      ? query.where('user_name', '=', owner.userName)
      : query.where('user_name', 'is', null);
    const rows = await query.orderBy('created_at').orderBy('access_key_id').execute();
    return rows.map(toAccessKey);
  }

  async updateAccessKeyStatus(accessKeyId: string, status: 'Active' | 'Inactive'): Promise<boolean> {
    const row = await this.#open()
      .updateTable('access_keys').set({ status }).where('access_key_id', '=', accessKeyId)
      .returning('account_id').executeTakeFirst();
    if (row === undefined) return false;
    this.#changed(row.account_id);
    return true;
  }

  async deleteAccessKey(accessKeyId: string): Promise<boolean> {
    const row = await this.#open()
      .deleteFrom('access_keys').where('access_key_id', '=', accessKeyId).returning('account_id').executeTakeFirst();
    if (row === undefined) return false;
    this.#changed(row.account_id);
    return true;
  }

  async recordAccessKeyUse(uses: readonly AccessKeyUse[]): Promise<number> {
    const db = this.#open();
    let updated = 0;
    // In key order, so two nodes flushing overlapping batches lock rows in the same order (no deadlock).
    const ordered = [...uses].sort((a, b) => (a.accessKeyId < b.accessKeyId ? -1 : a.accessKeyId > b.accessKeyId ? 1 : 0));
    for (const use of ordered) {
      const result = await db
        .updateTable('access_keys')
        .set({ last_used_at: use.date, last_used_service: use.serviceName, last_used_region: use.region })
        .where('access_key_id', '=', use.accessKeyId)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', use.date)]))
        .executeTakeFirst();
      if (result.numUpdatedRows > 0n) updated += 1;
    }
    return updated;
  }

  async createEntity(entity: IamEntityRecord): Promise<void> {
    const db = this.#open();
    await requireAccount(db, entity.accountId);
    const result = await this.#mapped(entity.kind, () => db
      .insertInto('iam_entities')
      .values({
        ...entityColumns(entity),
        account_id: entity.accountId,
        kind: entity.kind,
        id: entity.id,
        created_at: entity.createdAt,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst());
    if (result.numInsertedOrUpdatedRows === 0n) {
      // Nothing inserted: the name is taken (the usual case), or else the unique id is.
      if (await this.#entityExists(entity.accountId, entity.kind, entity.name)) {
        throw new StoreConflict(entity.kind, `${entity.kind} ${entity.name} already exists`);
      }
      throw new StoreConflict('entity-id', `entity id ${entity.id} is already in use`);
    }
    this.#changed(entity.accountId);
  }

  async getEntity(accountId: string, kind: IamEntityKind, name: string): Promise<IamEntityRecord | undefined> {
    const row = await this.#open()
      .selectFrom('iam_entities')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('kind', '=', kind)
      .where('name_key', '=', keyOf(name))
      .executeTakeFirst();
    return row === undefined ? undefined : toEntity(row);
  }

  async updateEntity(entity: IamEntityRecord): Promise<boolean> {
    const { path, arn, data } = entityColumns(entity);
    const result = await this.#open()
      .updateTable('iam_entities')
      .set({ path, arn, data })
      .where('account_id', '=', entity.accountId)
      .where('kind', '=', entity.kind)
      .where('name_key', '=', keyOf(entity.name))
      .executeTakeFirst();
    return this.#changedIf(entity.accountId, result.numUpdatedRows > 0n);
  }

  async renameEntity(accountId: string, kind: IamEntityKind, oldName: string, entity: IamEntityRecord): Promise<boolean> {
    if (entity.accountId !== accountId || entity.kind !== kind) {
      throw new Error(`renameEntity: the renamed entity must stay a ${kind} of account ${accountId}`);
    }
    const db = this.#open();
    const oldKey = keyOf(oldName);
    const newKey = keyOf(entity.name);
    // Checked first so a taken name is a StoreConflict that leaves the transaction usable (on
    // PostgreSQL this read also turns a concurrent taker into a serialization failure, retried).
    if (newKey !== oldKey && await this.#entityExists(accountId, kind, entity.name)) {
      if (!await this.#entityExists(accountId, kind, oldName)) return false;
      throw new StoreConflict(kind, `${kind} ${entity.name} already exists`);
    }
    const result = await this.#mapped(kind, () => db
      .updateTable('iam_entities')
      .set(entityColumns(entity))
      .where('account_id', '=', accountId)
      .where('kind', '=', kind)
      .where('name_key', '=', oldKey)
      .executeTakeFirst());
    return this.#changedIf(accountId, result.numUpdatedRows > 0n);
  }

  async deleteEntity(accountId: string, kind: IamEntityKind, name: string): Promise<boolean> {
    const result = await this.#open()
      .deleteFrom('iam_entities')
      .where('account_id', '=', accountId)
      .where('kind', '=', kind)
      .where('name_key', '=', keyOf(name))
      .executeTakeFirst();
    return this.#changedIf(accountId, result.numDeletedRows > 0n);
  }

  async listEntities(
    accountId: string, kind: IamEntityKind, options: PageRequest & { readonly pathPrefix?: string } = {},
  ): Promise<IamEntityRecord[]> {
    let query = this.#open()
      .selectFrom('iam_entities')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('kind', '=', kind);
    const prefix = options.pathPrefix;
    if (prefix !== undefined && prefix !== '') {
      // No LIKE: SQLite's is case-insensitive and both need wildcards escaped. The range bound lets
      // the path index serve; the substr comparison is the exact test (lengths in code points, as both
      // dialects count characters).
      query = query
        .where('path', '>=', prefix)
        .where(sql<string>`substr(${sql.ref('path')}, 1, ${[...prefix].length})`, '=', prefix);
    }
    if (options.after !== undefined) query = query.where('name_key', '>', keyOf(options.after));
    query = query.orderBy('name_key');
    if (options.limit !== undefined) query = query.limit(pageLimit(options.limit));
    return (await query.execute()).map(toEntity);
  }

  async countEntities(accountId: string, kind: IamEntityKind): Promise<number> {
    const row = await this.#open()
      .selectFrom('iam_entities')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
      .where('account_id', '=', accountId)
      .where('kind', '=', kind)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async addLink(link: IamLinkRecord): Promise<void> {
    const db = this.#open();
    await requireAccount(db, link.accountId);
    const result = await this.#mapped('link', () => db
      .insertInto('iam_links')
      .values({
        account_id: link.accountId, kind: link.kind, from_key: link.from, to_key: link.to, created_at: link.createdAt,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst());
    if (result.numInsertedOrUpdatedRows === 0n) {
      throw new StoreConflict('link', `${link.kind} link ${link.from} -> ${link.to} already exists`);
    }
    this.#changed(link.accountId);
  }

  async removeLink(accountId: string, kind: IamLinkKind, from: string, to: string): Promise<boolean> {
    const result = await this.#open()
      .deleteFrom('iam_links')
      .where('account_id', '=', accountId)
      .where('kind', '=', kind)
      .where('from_key', '=', from)
      .where('to_key', '=', to)
      .executeTakeFirst();
    return this.#changedIf(accountId, result.numDeletedRows > 0n);
  }

  async listLinksFrom(accountId: string, kind: IamLinkKind, from: string, page: PageRequest = {}): Promise<IamLinkRecord[]> {
    let query = this.#open()
      .selectFrom('iam_links')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('kind', '=', kind)
      .where('from_key', '=', from);
    if (page.after !== undefined) query = query.where('to_key', '>', page.after);
    query = query.orderBy('to_key');
    if (page.limit !== undefined) query = query.limit(pageLimit(page.limit));
    return (await query.execute()).map(toLink);
  }

  async listLinksTo(accountId: string, kind: IamLinkKind, to: string, page: PageRequest = {}): Promise<IamLinkRecord[]> {
    let query = this.#open()
      .selectFrom('iam_links')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('kind', '=', kind)
      .where('to_key', '=', to);
    if (page.after !== undefined) query = query.where('from_key', '>', page.after);
    query = query.orderBy('from_key');
    if (page.limit !== undefined) query = query.limit(pageLimit(page.limit));
    return (await query.execute()).map(toLink);
  }

  countLinksFrom(accountId: string, kind: IamLinkKind, from: string): Promise<number> {
    return this.#countLinks(accountId, kind, 'from_key', from);
  }

  countLinksTo(accountId: string, kind: IamLinkKind, to: string): Promise<number> {
    return this.#countLinks(accountId, kind, 'to_key', to);
  }

  async removeLinksOf(accountId: string, kind: IamLinkKind, key: string, end: 'from' | 'to'): Promise<number> {
    const result = await this.#open()
      .deleteFrom('iam_links')
      .where('account_id', '=', accountId)
      .where('kind', '=', kind)
      .where(end === 'from' ? 'from_key' : 'to_key', '=', key)
      .executeTakeFirst();
    this.#changedIf(accountId, result.numDeletedRows > 0n);
    return Number(result.numDeletedRows);
  }

  async putInlinePolicy(policy: InlinePolicyRecord): Promise<void> {
    const db = this.#open();
    await requireAccount(db, policy.accountId);
    await this.#mapped('inline-policy', () => db
      .insertInto('iam_inline_policies')
      .values({
        account_id: policy.accountId,
        owner_kind: policy.ownerKind,
        owner_key: keyOf(policy.ownerName),
        name_key: keyOf(policy.policyName),
        owner_name: policy.ownerName,
        policy_name: policy.policyName,
        document: policy.document,
      })
      .onConflict((oc) => oc
        .columns(['account_id', 'owner_kind', 'owner_key', 'name_key'])
        .doUpdateSet((eb) => ({
          owner_name: eb.ref('excluded.owner_name'),
          policy_name: eb.ref('excluded.policy_name'),
          document: eb.ref('excluded.document'),
        })))
      .execute());
    this.#changed(policy.accountId);
  }

  async getInlinePolicy(
    accountId: string, ownerKind: OwnerKind, ownerName: string, policyName: string,
  ): Promise<InlinePolicyRecord | undefined> {
    const row = await this.#open()
      .selectFrom('iam_inline_policies')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('owner_kind', '=', ownerKind)
      .where('owner_key', '=', keyOf(ownerName))
      .where('name_key', '=', keyOf(policyName))
      .executeTakeFirst();
    return row === undefined ? undefined : toInlinePolicy(row);
  }

  async listInlinePolicies(
    accountId: string, ownerKind: OwnerKind, ownerName: string, page: PageRequest = {},
  ): Promise<InlinePolicyRecord[]> {
    let query = this.#open()
      .selectFrom('iam_inline_policies')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('owner_kind', '=', ownerKind)
      .where('owner_key', '=', keyOf(ownerName));
    if (page.after !== undefined) query = query.where('name_key', '>', keyOf(page.after));
    query = query.orderBy('name_key');
    if (page.limit !== undefined) query = query.limit(pageLimit(page.limit));
    return (await query.execute()).map(toInlinePolicy);
  }

  async deleteInlinePolicy(accountId: string, ownerKind: OwnerKind, ownerName: string, policyName: string): Promise<boolean> {
    const result = await this.#open()
      .deleteFrom('iam_inline_policies')
      .where('account_id', '=', accountId)
      .where('owner_kind', '=', ownerKind)
      .where('owner_key', '=', keyOf(ownerName))
      .where('name_key', '=', keyOf(policyName))
      .executeTakeFirst();
    return this.#changedIf(accountId, result.numDeletedRows > 0n);
  }

  async getSetting(name: string): Promise<string | undefined> {
    const row = await this.#open().selectFrom('settings').select('value').where('name', '=', name).executeTakeFirst();
    return row?.value;
  }

  async setSetting(name: string, value: string): Promise<void> {
    await this.#mapped('setting', () => this.#open()
      .insertInto('settings')
      .values({ name, value })
      .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
      .execute());
  }

  #open(): Kysely<Database> {
    if (!this.#scope.open) {
      throw new Error('store transaction already ended: use the tx only inside the work function it was given to');
    }
    return this.#db;
  }

  /** Marks the account's IAM state changed by this transaction (announced at commit). */
  #changed(accountId: string): void {
    this.#scope.changed.add(accountId);
  }

  #changedIf(accountId: string, wrote: boolean): boolean {
    if (wrote) this.#changed(accountId);
    return wrote;
  }

  async #entityExists(accountId: string, kind: IamEntityKind, name: string): Promise<boolean> {
    const row = await this.#open()
      .selectFrom('iam_entities')
      .select('id')
      .where('account_id', '=', accountId)
      .where('kind', '=', kind)
      .where('name_key', '=', keyOf(name))
      .executeTakeFirst();
    return row !== undefined;
  }

  async #countLinks(accountId: string, kind: IamLinkKind, column: 'from_key' | 'to_key', key: string): Promise<number> {
    const row = await this.#open()
      .selectFrom('iam_links')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
      .where('account_id', '=', accountId)
      .where('kind', '=', kind)
      .where(column, '=', key)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async #mapped<T>(entity: string, query: () => Promise<T>): Promise<T> {
    try {
      return await query();
    } catch (error) {
      const violation = this.#classify(error);
      if (violation === 'unique') throw new StoreConflict(entity);
      if (violation === 'foreign-key') throw new StoreConflict(entity, `${entity} refers to a missing entity`);
      throw error;
    }
  }
}

/**
 * Throws StoreConflict('account') when the account does not exist. Inserts check first so a missing
 * account leaves the transaction usable (a foreign-key error would abort it on PostgreSQL); the foreign
 * key stays the guarantee.
 */
async function requireAccount(db: Kysely<Database>, accountId: string): Promise<void> {
  const account = await db.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst();
  if (account === undefined) throw new StoreConflict('account', `account ${accountId} does not exist`);
}

/** The case-insensitive key of a name: lower-cased here, never by SQL, so both dialects agree. */
function keyOf(name: string): string {
  return name.toLowerCase();
}

function pageLimit(limit: number): number {
  return Math.max(0, Math.floor(limit));
}

/** The columns an update of the entity writes (everything but account, kind, id and creation time). */
function entityColumns(entity: IamEntityRecord): Pick<IamEntitiesTable, 'name_key' | 'name' | 'path' | 'arn' | 'data'> {
  return {
    name_key: keyOf(entity.name), name: entity.name, path: entity.path, arn: entity.arn, data: JSON.stringify(entity.data),
  };
}

function toEntity(row: Selectable<IamEntitiesTable>): IamEntityRecord {
  const data: unknown = JSON.parse(row.data);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error(`iam_entities.data of ${row.kind} ${row.name} is not a JSON object`);
  }
  return {
    accountId: row.account_id,
    kind: row.kind,
    name: row.name,
    id: row.id,
    path: row.path,
    arn: row.arn,
    createdAt: row.created_at,
    data: data as Record<string, unknown>,
  };
}

function toLink(row: Selectable<IamLinksTable>): IamLinkRecord {
  return { accountId: row.account_id, kind: row.kind, from: row.from_key, to: row.to_key, createdAt: row.created_at };
}

function toInlinePolicy(row: Selectable<IamInlinePoliciesTable>): InlinePolicyRecord {
  return {
    accountId: row.account_id,
    ownerKind: row.owner_kind,
    ownerName: row.owner_name,
    policyName: row.policy_name,
    document: row.document,
  };
}

function toAccount(row: Selectable<AccountsTable>): AccountRecord {
  return { id: row.id, name: row.name, createdAt: row.created_at };
}

function toAccessKey(row: Selectable<AccessKeysTable>): AccessKeyRecord {
  return {
    accessKeyId: row.access_key_id,
    accountId: row.account_id,
    owner: row.owner_kind === 'user' && row.user_name !== null
      ? { kind: 'user', userName: row.user_name }
      : { kind: 'root' },
    sealedSecret: row.sealed_secret,
    status: row.status,
    createdAt: row.created_at,
    ...(row.last_used_at !== null
      ? { lastUsed: { date: row.last_used_at, serviceName: row.last_used_service ?? 'N/A', region: row.last_used_region ?? 'N/A' } }
      : {}),
  };
}
