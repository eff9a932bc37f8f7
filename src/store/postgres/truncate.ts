import { sql, type Kysely } from 'kysely';
import type { Database } from '../kysely/index.js';

/** Names of the tables in the connection's current schema, where the migrations create them. */
export async function listTables(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select tablename as name from pg_catalog.pg_tables where schemaname = current_schema()
    order by tablename`.execute(db);
  return rows.map((row) => row.name);
}

/** Empties `tables` with one TRUNCATE (all at once, so foreign keys between them are no obstacle). */
export async function emptyTables(trx: Kysely<Database>, tables: readonly string[]): Promise<void> {
  await sql`truncate table ${sql.join(tables.map((table) => sql.table(table)))} restart identity`.execute(trx);
}
