import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './schema.js';

/** Kysely's migration history table; `truncateAll()` never touches it. */
export const MIGRATION_TABLE = 'kysely_migration';
/** Kysely's migration lock table; `truncateAll()` never touches it. */
export const MIGRATION_LOCK_TABLE = 'kysely_migration_lock';

// Only types both dialects understand: text, and CHECK constraints written in portable SQL.
// INVARIANT: a migration, once released, is never edited; change the schema by adding the next one.
// Kysely runs them in name order, so names start with a zero-padded sequence number.
const migrations: Record<string, Migration> = {
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
};

/** The in-code migration list, so a bundled or installed Ward needs no migration files on disk. */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};

/**
 * Applies every pending migration. Idempotent; on PostgreSQL, Kysely's advisory lock lets several nodes
 * call it at once. Throws the first failure (its migration is rolled back: DDL is transactional in both
 * dialects).
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
}
