import type { Kysely } from 'kysely';
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
  /** Classifies a driver error thrown by a query. */
  classifyError(error: unknown): ConstraintViolation;
  /** Names of every table in Ward's schema, including the migration tables. */
  listTables(db: Kysely<Database>): Promise<string[]>;
  /** Empties `tables` inside the transaction `trx`, whatever their foreign keys. */
  emptyTables(trx: Kysely<Database>, tables: readonly string[]): Promise<void>;
  /** Waits for work in flight, then releases the connection(s). */
  close(): Promise<void>;
}
