import { sql, type Kysely } from 'kysely';
import type { Database } from '../kysely/index.js';

/** Names of the database's own tables (SQLite's internal `sqlite_*` tables left out). */
export async function listTables(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name not like 'sqlite!_%' escape '!'
    order by name`.execute(db);
  return rows.map((row) => row.name);
}

/**
 * Deletes every row of `tables` in the transaction `trx`. Foreign keys are checked at commit, when all
 * the tables are empty, so the order does not matter. SQLite has no TRUNCATE; a DELETE without WHERE
 * uses its truncate optimization.
 */
export async function emptyTables(trx: Kysely<Database>, tables: readonly string[]): Promise<void> {
  await sql`pragma defer_foreign_keys = on`.execute(trx);
  for (const table of tables) await sql`delete from ${sql.table(table)}`.execute(trx);
}
