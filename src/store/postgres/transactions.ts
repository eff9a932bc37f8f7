import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../kysely/index.js';
import { isRetryable } from './errors.js';

/** Attempts of one transaction, the first included, before a serialization failure is given up. */
const MAX_ATTEMPTS = 10;
/** Upper bound of the first retry's random delay; it doubles each retry, up to {@link MAX_DELAY_MS}. */
const BASE_DELAY_MS = 5;
const MAX_DELAY_MS = 500;

/** Runs transactions at SERIALIZABLE isolation, retrying the ones PostgreSQL aborts to keep it so. */
export interface TransactionRunner {
  run<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /** The same, READ ONLY: for work that only reads. */
  runReadOnly<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Resolves once every transaction started so far has ended. */
  drain(): Promise<void>;
}

/**
 * Each transaction is SERIALIZABLE: the result is as if the transactions of every Ward node ran one at a
 * time. PostgreSQL enforces that by aborting one of two conflicting transactions (40001), and deadlocks
 * end the same way (40P01); the work then runs again from the start, after a random delay (full
 * jitter) so the contenders do not collide again. Work must therefore have no effect outside the
 * database before it resolves. After {@link MAX_ATTEMPTS} the last error is thrown.
 */
export function createTransactionRunner(db: Kysely<Database>): TransactionRunner {
  const inFlight = new Set<Promise<unknown>>();
  async function attempt<T>(work: (trx: Kysely<Database>) => Promise<T>, readOnly: boolean): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const builder = db.transaction().setIsolationLevel('serializable');
        return await (readOnly ? builder.setAccessMode('read only') : builder).execute(work);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
        const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
        await sleep(Math.random() * ceiling);
      }
    }
  }
  function track<T>(result: Promise<T>): Promise<T> {
    const settled = result.catch(() => undefined);
    inFlight.add(settled);
    void settled.then(() => inFlight.delete(settled));
    return result;
  }
  return {
    run<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
      return track(attempt(work, false));
    },
    runReadOnly<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
      return track(attempt(work, true));
    },
    async drain(): Promise<void> {
      await Promise.all(inFlight);
    },
  };
}
