import { sql, type Kysely } from 'kysely';
import type { Database } from '../kysely/index.js';

/** Runs transactions one after another on the single SQLite connection. */
export interface TransactionRunner {
  run<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Resolves once every transaction queued so far has ended. */
  drain(): Promise<void>;
}

/**
 * A FIFO queue of transactions. better-sqlite3 is one synchronous connection: two transactions may not
 * interleave on it, so each waits for the previous one to end. (Kysely's driver has a connection mutex
 * too; the queue makes the guarantee ours, in order, and lets `close()` wait for it.)
 *
 * `BEGIN IMMEDIATE` takes the write lock at the start, so a transaction of another process on the same
 * file makes this one wait (busy timeout) instead of failing half-way when it first writes. SQLite
 * transactions are serializable.
 */
export function createTransactionRunner(db: Kysely<Database>): TransactionRunner {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
      const result = tail.then(() => db.connection().execute(async (connection) => {
        await sql`begin immediate`.execute(connection);
        let value: T;
        try {
          value = await work(connection);
        } catch (error) {
          await rollback(connection);
          throw error;
        }
        try {
          await sql`commit`.execute(connection);
        } catch (error) {
          await rollback(connection);
          throw error;
        }
        return value;
      }));
      tail = result.catch(() => undefined);
      return result;
    },
    async drain(): Promise<void> {
      await tail;
    },
  };
}

async function rollback(connection: Kysely<Database>): Promise<void> {
  try {
    await sql`rollback`.execute(connection);
  } catch {
    // SQLite already rolled back on its own (e.g. SQLITE_FULL); the caller rethrows the first error.
  }
}
