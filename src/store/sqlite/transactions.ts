import type { Kysely } from 'kysely';
import type { Database } from '../kysely/index.js';
import type { CachingDatabase } from './dialect.js';

/** Runs transactions one after another on one SQLite connection. */
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
 * `begin` is `BEGIN IMMEDIATE` for the writer: it takes the write lock at the start, so a transaction of
 * another process on the same file makes this one wait (busy timeout) instead of failing half-way when it
 * first writes. SQLite transactions are serializable. The read connection uses `BEGIN` (deferred): its
 * first read fixes the snapshot it sees, without any write lock.
 *
 * `begin`, `commit` and `rollback` run on `raw`, the connection under `db` (its statement cache), inside
 * Kysely's hold of that connection: the same connection, without compiling a query each time.
 */
export function createTransactionRunner(
  db: Kysely<Database>, raw: CachingDatabase, begin: 'begin immediate' | 'begin' = 'begin immediate',
): TransactionRunner {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
      const result = tail.then(() => db.connection().execute(async (connection) => {
        raw.run(begin);
        let value: T;
        try {
          value = await work(connection);
        } catch (error) {
          rollback(raw);
          throw error;
        }
        try {
          raw.run('commit');
        } catch (error) {
          rollback(raw);
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

function rollback(raw: CachingDatabase): void {
  try {
    if (raw.database.inTransaction) raw.run('rollback');
  } catch {
    // SQLite already rolled back on its own (e.g. SQLITE_FULL); the caller rethrows the first error.
  }
}
