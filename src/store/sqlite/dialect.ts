import BetterSqlite3 from 'better-sqlite3';
import { SqliteDialect, type SqliteDatabase } from 'kysely';

/** How long a statement waits for another process's lock on the file before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

/** Prepared statements kept per connection (Ward's queries are a few dozen distinct texts). */
const STATEMENT_CACHE_SIZE = 256;

/**
 * A better-sqlite3 connection whose `prepare` keeps the last {@link STATEMENT_CACHE_SIZE} statements by
 * SQL text (least recently used dropped first), for Kysely's SQLite driver, which prepares every query
 * it runs. SQLite re-prepares a cached statement by itself when the schema changed (a migration). A
 * statement still iterating (a Kysely stream) is busy: it is not handed out again, a fresh one is.
 */
export class CachingDatabase implements SqliteDatabase {
  readonly #cache = new Map<string, BetterSqlite3.Statement>();

  constructor(readonly database: BetterSqlite3.Database, private readonly capacity = STATEMENT_CACHE_SIZE) {}

  prepare(sql: string): BetterSqlite3.Statement {
    const cached = this.#cache.get(sql);
    if (cached !== undefined && !cached.busy) {
      // Most recently used last: the Map's order is the LRU order.
      this.#cache.delete(sql);
      this.#cache.set(sql, cached);
      return cached;
    }
    const statement = this.database.prepare(sql);
    if (cached === undefined) {
      if (this.#cache.size >= this.capacity) {
        const oldest = this.#cache.keys().next().value;
        if (oldest !== undefined) this.#cache.delete(oldest);
      }
      this.#cache.set(sql, statement);
    }
    return statement;
  }

  /** Runs a statement that returns no rows (`begin`, `commit`, ...) through the cache. */
  run(sql: string): void {
    this.prepare(sql).run();
  }

  close(): void {
    this.#cache.clear();
    this.database.close();
  }
}

/**
 * Opens the database file (creating it) with Ward's settings and wraps it in Kysely's SQLite dialect.
 * WAL lets readers (Ward's own read connection, backups, `sqlite3`) run beside the writer;
 * `synchronous = FULL` because nothing acknowledged may be lost on a crash, not even on power loss.
 */
export function createDialect(options: { file: string }): {
  dialect: SqliteDialect; database: BetterSqlite3.Database; connection: CachingDatabase;
} {
  const database = new BetterSqlite3(options.file);
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  const connection = new CachingDatabase(database);
  return { dialect: new SqliteDialect({ database: connection }), database, connection };
}

/**
 * A second connection to the same file, for reads only (`query_only`: any write fails). Open it after
 * {@link createDialect}, which put the file in WAL mode: its read transactions then see the last commit
 * and never wait for the writer's lock.
 */
export function createReaderDialect(options: { file: string }): {
  dialect: SqliteDialect; database: BetterSqlite3.Database; connection: CachingDatabase;
} {
  const database = new BetterSqlite3(options.file);
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  database.pragma('query_only = ON');
  database.pragma('foreign_keys = ON');
  const connection = new CachingDatabase(database);
  return { dialect: new SqliteDialect({ database: connection }), database, connection };
}
