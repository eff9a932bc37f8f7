import { Migrator, sql, type Expression, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { StoreAdapter } from './adapter.js';
import type { Database } from './schema.js';

/** The dialects a migration may need to tell apart (only for what portable SQL cannot say). */
export type MigrationDialect = StoreAdapter['dialect'];

/** Kysely's migration history table; `truncateAll()` never touches it. */
export const MIGRATION_TABLE = 'kysely_migration';
/** Kysely's migration lock table; `truncateAll()` never touches it. */
export const MIGRATION_LOCK_TABLE = 'kysely_migration_lock';

// Only types both dialects understand: text, and CHECK constraints written in portable SQL; the one
// dialect-dependent piece is the collation of ordered keys on PostgreSQL (see `orderedText`).
// INVARIANT: a migration, once released, is never edited; change the schema by adding the next one.
// Kysely runs them in name order, so names start with a zero-padded sequence number.
function migrations(dialect: MigrationDialect): Record<string, Migration> {
  // Keys that are ordered and paged on compare by code point in both dialects: SQLite's default BINARY
  // collation does (UTF-8 bytes), PostgreSQL's database collation may be linguistic (en_US ignores `-`
  // and `_` at first), so there such columns are declared `collate "C"` (also UTF-8 byte order).
  const orderedText: 'text' | Expression<unknown> = dialect === 'postgres' ? sql`text collate "C"` : 'text';
  return {
    '0001-accounts-access-keys-settings': {
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema
          .createTable('accounts')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('name', 'text', (col) => col.notNull())
          .addColumn('created_at', 'text', (col) => col.notNull())
          .execute();

        await db.schema
          .createTable('access_keys')
          .addColumn('access_key_id', 'text', (col) => col.primaryKey())
          .addColumn('account_id', 'text', (col) =>
            col.notNull().references('accounts.id').onDelete('cascade'))
          .addColumn('owner_kind', 'text', (col) => col.notNull())
          .addColumn('user_name', 'text')
          .addColumn('sealed_secret', 'text', (col) => col.notNull())
          .addColumn('status', 'text', (col) => col.notNull())
          .addColumn('created_at', 'text', (col) => col.notNull())
          .addCheckConstraint('access_keys_owner_check', sql`
            (owner_kind = 'root' and user_name is null) or (owner_kind = 'user' and user_name is not null)`)
          .addCheckConstraint('access_keys_status_check', sql`status in ('Active', 'Inactive')`)
          .execute();
        await db.schema
          .createIndex('access_keys_owner_idx')
          .on('access_keys')
          .columns(['account_id', 'owner_kind', 'user_name'])
          .execute();

        await db.schema
          .createTable('settings')
          .addColumn('name', 'text', (col) => col.primaryKey())
          .addColumn('value', 'text', (col) => col.notNull())
          .execute();
      },
    },

    '0002-iam-entities': {
      async up(db: Kysely<unknown>): Promise<void> {
        // Names are unique per (account, kind) ignoring case: `name_key` is the name lower-cased by the
        // store in JavaScript. `kind` has no CHECK so a new kind needs no table rebuild on SQLite.
        await db.schema
          .createTable('iam_entities')
          .addColumn('account_id', 'text', (col) => col.notNull())
          .addColumn('kind', 'text', (col) => col.notNull())
          .addColumn('name_key', orderedText, (col) => col.notNull())
          .addColumn('name', 'text', (col) => col.notNull())
          .addColumn('id', 'text', (col) => col.notNull())
          .addColumn('path', orderedText, (col) => col.notNull())
          .addColumn('arn', 'text', (col) => col.notNull())
          .addColumn('created_at', 'text', (col) => col.notNull())
          .addColumn('data', 'text', (col) => col.notNull())
          .addPrimaryKeyConstraint('iam_entities_pkey', ['account_id', 'kind', 'name_key'])
          .addUniqueConstraint('iam_entities_id_key', ['id'])
          .addForeignKeyConstraint('iam_entities_account_fkey', ['account_id'], 'accounts', ['id'],
            (fk) => fk.onDelete('cascade'))
          .execute();
        await db.schema
          .createIndex('iam_entities_path_idx')
          .on('iam_entities')
          .columns(['account_id', 'kind', 'path'])
          .execute();

        await db.schema
          .createTable('iam_links')
          .addColumn('account_id', 'text', (col) => col.notNull())
          .addColumn('kind', 'text', (col) => col.notNull())
          .addColumn('from_key', orderedText, (col) => col.notNull())
          .addColumn('to_key', orderedText, (col) => col.notNull())
          .addColumn('created_at', 'text', (col) => col.notNull())
          .addPrimaryKeyConstraint('iam_links_pkey', ['account_id', 'kind', 'from_key', 'to_key'])
          .addForeignKeyConstraint('iam_links_account_fkey', ['account_id'], 'accounts', ['id'],
            (fk) => fk.onDelete('cascade'))
          .execute();
        await db.schema
          .createIndex('iam_links_to_idx')
          .on('iam_links')
          .columns(['account_id', 'kind', 'to_key', 'from_key'])
          .execute();

        await db.schema
          .createTable('iam_inline_policies')
          .addColumn('account_id', 'text', (col) => col.notNull())
          .addColumn('owner_kind', 'text', (col) => col.notNull())
          .addColumn('owner_key', orderedText, (col) => col.notNull())
          .addColumn('name_key', orderedText, (col) => col.notNull())
          .addColumn('owner_name', 'text', (col) => col.notNull())
          .addColumn('policy_name', 'text', (col) => col.notNull())
          .addColumn('document', 'text', (col) => col.notNull())
          .addPrimaryKeyConstraint('iam_inline_policies_pkey', ['account_id', 'owner_kind', 'owner_key', 'name_key'])
          .addForeignKeyConstraint('iam_inline_policies_account_fkey', ['account_id'], 'accounts', ['id'],
            (fk) => fk.onDelete('cascade'))
          .addCheckConstraint('iam_inline_policies_owner_kind_check', sql`owner_kind in ('user', 'group', 'role')`)
          .execute();
      },
    },

    '0003-access-key-last-use': {
      async up(db: Kysely<unknown>): Promise<void> {
        // GetAccessKeyLastUsed: NULL until the key is first used. One column per statement (SQLite's
        // ALTER TABLE adds one at a time).
        for (const column of ['last_used_at', 'last_used_service', 'last_used_region']) {
          await db.schema.alterTable('access_keys').addColumn(column, 'text').execute();
        }
      },
    },
  };
}

/** The in-code migration list, so a bundled or installed Ward needs no migration files on disk. */
export function migrationProvider(dialect: MigrationDialect): MigrationProvider {
  return { getMigrations: () => Promise.resolve(migrations(dialect)) };
}

/**
 * Applies every pending migration. Idempotent; on PostgreSQL, Kysely's advisory lock lets several nodes
 * call it at once. Throws the first failure (its migration is rolled back: DDL is transactional in both
 * dialects).
 */
export async function migrateToLatest(db: Kysely<Database>, dialect: MigrationDialect): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider(dialect),
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
}
