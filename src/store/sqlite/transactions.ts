import BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from '../kysely/index.js';
import type { CachingDatabase } from './dialect.js';

/** Runs transactions one after another on one SQLite connection. */
export interface TransactionRunner {
  run<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Resolves once every transaction queued so far has ended. */
  drain(): Promise<void>;
}

/** When a group of write transactions stops taking more and commits (see {@link createTransactionRunner}). */
export interface GroupLimits {
  /** The most transactions one COMMIT makes durable. */
  readonly maxTransactions: number;
  /** No transaction joins a group whose work has run this long (milliseconds, since its BEGIN). */
  readonly maxMillis: number;
}

/** Enough to share one fsync among many writers, small enough that a steady stream still commits often. */
export const DEFAULT_GROUP_LIMITS: GroupLimits = { maxTransactions: 64, maxMillis: 5 };

/** The one savepoint a grouped transaction runs in; released before the next transaction starts. */
const SAVEPOINT = 'ward_grouped';

/**
 * A FIFO queue of transactions. better-sqlite3 is one synchronous connection: two transactions may not
 * interleave on it, so each waits for the previous one to end. (Kysely's driver has a connection mutex
 * too; the queue makes the guarantee ours, in order, and lets `close()` wait for it.)
 *
 * `begin` is `BEGIN IMMEDIATE` for the writer: it takes the write lock at the start, so a transaction of
 * another process on the same file makes this one wait (busy timeout) instead of failing half-way when it
 * first writes. SQLite transactions are serializable. The read connection uses `BEGIN` (deferred): its
 * first read fixes the snapshot it sees, without any write lock; it runs each transaction on its own
 * (grouping reads would let a read see a snapshot older than a write that resolved before it was asked).
 *
 * Group commit (the writer). With `synchronous = FULL`, each COMMIT waits for the write-ahead log to reach
 * the disk (an fsync), and better-sqlite3 waits with the whole event loop. So when transactions are
 * queued, the writer runs several of them in ONE SQLite transaction, a group, and makes them durable with
 * one COMMIT:
 *
 *     BEGIN IMMEDIATE
 *       work 1                                     (the first one needs no savepoint)
 *       SAVEPOINT s; work 2; RELEASE s             (each later one in a savepoint of its own)
 *       SAVEPOINT s; work 3 throws; ROLLBACK TO s; RELEASE s
 *       ...
 *     COMMIT
 *
 * - A group is the transaction at the head of the queue plus those queued behind it, taken one at a time
 *   in queue order while the queue is not empty, up to {@link GroupLimits}. Nothing waits for company: a
 *   transaction that finds the queue empty behind it commits at once, costing what it always did (BEGIN
 *   IMMEDIATE, its work, COMMIT; no savepoint).
 * - Durable: no transaction's promise settles with success before the COMMIT that holds its writes has
 *   returned, so whatever a caller was told is written survives a crash or a power cut. If that COMMIT
 *   fails, the group is rolled back and every transaction in it is rejected with the COMMIT's error.
 * - Isolated: the transactions of a group still run one after another, each seeing the writes of those
 *   before it, as if each had committed alone. One that throws is rolled back to its savepoint, so its
 *   writes vanish, and it is rejected with its own error (a constraint error stays the driver's error, for
 *   `classifyError`) once the group's COMMIT has returned: if the COMMIT fails, it is rejected with the
 *   COMMIT's error instead, since its own error may rest on writes of the group that are now gone (a name
 *   an earlier transaction of the group took). The others go on. If SQLite itself gave up the whole
 *   transaction (a full disk, an I/O error), the writes of the whole group are gone, and all of it is
 *   rejected with that error.
 * - A transaction that turns `defer_foreign_keys` on (emptying the tables) would leave its foreign keys to
 *   be checked at COMMIT, and a broken one would then fail the whole group. So: if it ran first, the
 *   group ends with it, which is the same as committing alone; if not, its foreign keys are checked
 *   before its savepoint is released, and a broken one rejects it alone, as its COMMIT would have.
 */
export function createTransactionRunner(
  db: Kysely<Database>, raw: CachingDatabase, begin: 'begin immediate' | 'begin' = 'begin immediate',
  limits: GroupLimits = DEFAULT_GROUP_LIMITS,
): TransactionRunner {
  return begin === 'begin' ? createSerialRunner(db, raw) : createGroupingRunner(db, raw, limits);
}

/** One transaction after another, each with its own BEGIN and COMMIT (the read connection). */
function createSerialRunner(db: Kysely<Database>, raw: CachingDatabase): TransactionRunner {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
      const result = tail.then(() => db.connection().execute(async (connection) => {
        raw.run('begin');
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

interface Queued {
  readonly work: (trx: Kysely<Database>) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** A transaction whose work ended well, waiting for its group's COMMIT. */
interface Done {
  readonly entry: Queued;
  readonly value: unknown;
}

function createGroupingRunner(db: Kysely<Database>, raw: CachingDatabase, limits: GroupLimits): TransactionRunner {
  const queue: Queued[] = [];
  let running: Promise<void> | undefined;

  async function runQueue(): Promise<void> {
    try {
      while (queue.length > 0) {
        // Each group starts at the end of the event loop's turn (setImmediate: no timer, no delay beyond
        // the turn), once every request that arrived with this one has been read and has queued its
        // transaction. Starting on a microtask instead would run each group before the next request's I/O
        // callback, so every group would hold one transaction: the work of a group and its COMMIT are
        // synchronous or microtasks, and the event loop reads no socket meanwhile.
        await new Promise<void>((resolve) => setImmediate(resolve));
        let ran = false;
        try {
          await db.connection().execute((connection) => {
            ran = true;
            return runGroup(connection); // never throws: it settles every transaction it took
          });
        } catch (error) {
          // The connection could not be had (destroyed): nothing ran, so the head of the queue fails.
          if (!ran) queue.shift()?.reject(error);
        }
      }
    } finally {
      // In the same synchronous step as the loop's last look at the queue: a transaction queued after it
      // finds `running` unset and starts the queue again (a `.finally()` on the promise would run a
      // microtask later, and a transaction queued in between would wait forever).
      running = undefined;
    }
  }

  /** Runs one group from the head of the queue; settles the promise of every transaction it took. */
  async function runGroup(connection: Kysely<Database>): Promise<void> {
    const first = queue.shift();
    if (first === undefined) return;
    try {
      raw.run('begin immediate');
    } catch (error) {
      first.reject(error);
      return;
    }
    const started = performance.now();
    const done: Done[] = [];
    // Grouped transactions that failed: settled only once the COMMIT is known, because their errors may
    // rest on writes of the group (a name taken by an earlier one) that a failed COMMIT throws away.
    const failed: { readonly entry: Queued; readonly error: unknown }[] = [];
    const rejectAll = (error: unknown): void => {
      for (const { entry } of done) entry.reject(error);
      for (const { entry } of failed) entry.reject(error);
    };
    try {
      done.push({ entry: first, value: await first.work(connection) });
    } catch (error) {
      // The only one in the transaction: rolling it all back removes its writes and nothing else.
      rollback(raw);
      first.reject(error);
      return;
    }
    try {
      while (
        queue.length > 0 && done.length < limits.maxTransactions && performance.now() - started < limits.maxMillis
        && raw.database.inTransaction && !defersForeignKeys(raw)
      ) {
        const entry = queue.shift() as Queued;
        const outcome = await runInSavepoint(connection, entry);
        if (outcome.kind === 'done') {
          done.push({ entry, value: outcome.value });
        } else if (outcome.kind === 'failed') {
          failed.push({ entry, error: outcome.error });
        } else {
          // The whole transaction is gone, and with it the writes of every transaction of the group.
          entry.reject(outcome.error);
          throw outcome.error;
        }
      }
    } catch (error) {
      rollback(raw);
      rejectAll(error);
      return;
    }
    try {
      raw.run('commit');
    } catch (error) {
      rollback(raw);
      rejectAll(error);
      return;
    }
    for (const { entry, value } of done) entry.resolve(value);
    for (const { entry, error } of failed) entry.reject(error);
  }

  /**
   * Runs a transaction that joins a group, in a savepoint. `failed`: it threw and its writes are undone;
   * `lost`: the group's transaction cannot go on (SQLite ended it, or undoing the savepoint failed).
   */
  async function runInSavepoint(connection: Kysely<Database>, entry: Queued): Promise<
    { kind: 'done'; value: unknown } | { kind: 'failed'; error: unknown } | { kind: 'lost'; error: unknown }
  > {
    try {
      raw.run(`savepoint ${SAVEPOINT}`);
    } catch (error) {
      return { kind: 'lost', error };
    }
    let value: unknown;
    try {
      value = await entry.work(connection);
      if (!raw.database.inTransaction) {
        return { kind: 'lost', error: new Error('SQLite rolled the transaction back during a grouped transaction') };
      }
      if (defersForeignKeys(raw)) checkForeignKeys(raw);
      raw.run(`release ${SAVEPOINT}`);
    } catch (error) {
      if (!raw.database.inTransaction) return { kind: 'lost', error };
      try {
        raw.run(`rollback to ${SAVEPOINT}`);
        raw.run(`release ${SAVEPOINT}`);
        // Not undone by ROLLBACK TO; its pending count was, to the savepoint's, which was nothing.
        if (defersForeignKeys(raw)) raw.run('pragma defer_foreign_keys = off');
      } catch {
        return { kind: 'lost', error };
      }
      return { kind: 'failed', error };
    }
    return { kind: 'done', value };
  }

  return {
    run<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        running ??= runQueue();
      });
    },
    async drain(): Promise<void> {
      while (running !== undefined) await running;
    },
  };
}

/** Whether the transaction so far asked for its foreign keys to be checked only at COMMIT. */
function defersForeignKeys(raw: CachingDatabase): boolean {
  const row = raw.prepare('pragma defer_foreign_keys').get() as { defer_foreign_keys: number } | undefined;
  return row?.defer_foreign_keys === 1;
}

/**
 * Checks every foreign key now, as COMMIT would (throwing the error COMMIT throws), then stops deferring:
 * turning the pragma off forgets the pending count, which is right only once nothing is broken.
 */
function checkForeignKeys(raw: CachingDatabase): void {
  const broken = raw.database.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) {
    throw new BetterSqlite3.SqliteError('FOREIGN KEY constraint failed', 'SQLITE_CONSTRAINT_FOREIGNKEY');
  }
  raw.run('pragma defer_foreign_keys = off');
}

function rollback(raw: CachingDatabase): void {
  try {
    if (raw.database.inTransaction) raw.run('rollback');
  } catch {
    // SQLite already rolled back on its own (e.g. SQLITE_FULL); the caller rethrows the first error.
  }
}
