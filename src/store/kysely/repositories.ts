import type { Kysely, Selectable } from 'kysely';
import {
  StoreConflict, type AccessKeyOwner, type AccessKeyRecord, type AccountRecord, type StoreTransaction,
} from '../port.js';
import type { ConstraintViolation } from './adapter.js';
import type { AccessKeysTable, AccountsTable, Database } from './schema.js';

/** Tells whether the transaction a repository belongs to is still open. */
export interface TransactionScope {
  readonly open: boolean;
}

/**
 * The port's operations as Kysely queries, identical for both dialects. One instance serves one
 * transaction: after it ends, every method throws rather than run outside it.
 *
 * Inserts use `ON CONFLICT DO NOTHING` and report a conflict themselves, so a StoreConflict leaves the
 * transaction usable in both dialects (a failed statement aborts a PostgreSQL transaction; SQLite's does
 * not). Driver constraint errors are still mapped, as a backstop.
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
    // Checked first so a missing account is a StoreConflict that leaves the transaction usable; the
    // foreign key stays the guarantee.
    const account = await db.selectFrom('accounts').select('id').where('id', '=', key.accountId).executeTakeFirst();
    if (account === undefined) throw new StoreConflict('account', `account ${key.accountId} does not exist`);
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
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst());
    if (result.numInsertedOrUpdatedRows === 0n) {
      throw new StoreConflict('access-key', `access key ${key.accessKeyId} already exists`);
    }
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
  };
}
