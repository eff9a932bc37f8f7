import BetterSqlite3 from 'better-sqlite3';
import { SqliteDialect } from 'kysely';

/** How long a statement waits for another process's lock on the file before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens the database file (creating it) with Ward's settings and wraps it in Kysely's SQLite dialect.
 * WAL lets readers of other processes (backups, `sqlite3`) run beside the writer; `synchronous = FULL`
 * because nothing acknowledged may be lost on a crash, not even on power loss.
 */
export function createDialect(options: { file: string }): { dialect: SqliteDialect; database: BetterSqlite3.Database } {
  const database = new BetterSqlite3(options.file);
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  return { dialect: new SqliteDialect({ database }), database };
}
