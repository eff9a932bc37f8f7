import { Kysely } from 'kysely';
import type { Store } from '../port.js';
import { createKyselyStore, type Database } from '../kysely/index.js';
import { createDialect, createReaderDialect } from './dialect.js';
import { classifyError } from './errors.js';
import { createTransactionRunner } from './transactions.js';
import { emptyTables, listTables } from './truncate.js';

/** How often, at most, the store looks for commits of other processes to the file (milliseconds). */
export const OTHER_PROCESS_CHECK_MS = 10;

/**
 * Opens (creating if needed) the SQLite store in `file`: WAL, foreign keys on, a busy timeout, and
 * transactions run one at a time on its writer connection (`BEGIN IMMEDIATE`; queued ones share one
 * COMMIT, see transactions.ts). Reads (`read()` and the store's own read methods) run one at a time on a
 * second, query-only connection (`BEGIN`): WAL lets them run beside a write transaction, seeing the last
 * commit. Reads of IAM state are cached in memory (kysely/read-cache.ts). Call `migrate()` before use.
 */
export async function openSqliteStore(options: { file: string }): Promise<Store> {
  const writer = createDialect(options);
  const reader = createReaderDialect(options);
  const db = new Kysely<Database>({ dialect: writer.dialect });
  const readerDb = new Kysely<Database>({ dialect: reader.dialect });
  const transactions = createTransactionRunner(db, writer.connection, 'begin immediate');
  const reads = createTransactionRunner(readerDb, reader.connection, 'begin');
  // The writer's data_version moves only when another connection commits: the reader never writes, so
  // that means another process (an admin command, or a second server on the same file). Reading it costs
  // about 12 µs (SQLite looks at the WAL's shared index), so it is read at most every
  // OTHER_PROCESS_CHECK_MS: another process's commit is noticed within that.
  const dataVersionStatement = writer.database.prepare('pragma data_version').pluck();
  const dataVersion = (): number => dataVersionStatement.get() as number;
  let seenVersion = dataVersion();
  let checkedAt = performance.now();
  return createKyselyStore({
    dialect: 'sqlite',
    changedElsewhere() {
      const now = performance.now();
      if (now - checkedAt < OTHER_PROCESS_CHECK_MS) return false;
      checkedAt = now;
      const version = dataVersion();
      if (version === seenVersion) return false;
      seenVersion = version;
      return true;
    },
    db,
    runTransaction: (work) => transactions.run(work),
    runRead: (work) => reads.run(work),
    classifyError,
    listTables,
    emptyTables,
    async close() {
      await Promise.all([transactions.drain(), reads.drain()]);
      await readerDb.destroy();
      await db.destroy();
    },
  }, { cacheReads: true });
}
