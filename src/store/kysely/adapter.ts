import type { Kysely } from 'kysely';
import type { StoreChange } from '../port.js';
import type { Database } from './schema.js';

/** How a driver error relates to the port: a broken uniqueness or reference rule, or something else. */
export type ConstraintViolation = 'unique' | 'foreign-key' | undefined;

/**
 * What a database adapter (`sqlite/`, `postgres/`) supplies to the shared store: the rest is the same
 * Kysely code for both. Each adapter folder builds one of these from the same files
 * (`dialect.ts`, `transactions.ts`, `errors.ts`, `truncate.ts`).
 */
export interface StoreAdapter {
  readonly dialect: 'sqlite' | 'postgres';
  readonly db: Kysely<Database>;
  /**
   * Runs `work` in one serializable transaction on `db`, committing when it resolves and rolling back
   * when it throws. May run `work` more than once (PostgreSQL retries serialization failures).
   */
  runTransaction<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /**
   * Runs `work`, which only reads, in one read-only transaction seeing a consistent snapshot of what was
   * committed, without waiting for write transactions (SQLite: a second, query-only connection;
   * PostgreSQL: SERIALIZABLE READ ONLY, retried like `runTransaction`).
   */
  runRead<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Classifies a driver error thrown by a query. */
  classifyError(error: unknown): ConstraintViolation;
  /** Names of every table in Ward's schema, including the migration tables. */
  listTables(db: Kysely<Database>): Promise<string[]>;
  /** Empties `tables` inside the transaction `trx`, whatever their foreign keys. */
  emptyTables(trx: Kysely<Database>, tables: readonly string[]): Promise<void>;
  /**
   * Tells other nodes about `changes`, inside the transaction `trx` after its work, so that only a commit
   * delivers the news (PostgreSQL: `pg_notify`). Absent where no other node shares the database (SQLite).
   */
  announce?(trx: Kysely<Database>, changes: readonly StoreChange[]): Promise<void>;
  /**
   * Starts listening to other nodes' and processes' changes (never this one's own: the store tells its
   * listeners of those itself). PostgreSQL: their announcements, on a connection of its own, reconnecting
   * when it is lost and calling `handler` with `everything` each time it (re)connects; rejects if the first
   * connection fails. SQLite: `everything` whenever another process has committed to the file.
   */
  listen?(handler: (change: StoreChange) => void): Promise<{ close(): Promise<void> }>;
  /** Waits for work in flight, then releases the connection(s). */
  close(): Promise<void>;
}
