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
  // that means another process (an admin command, or a second server on the same file). It is polled every
  // OTHER_PROCESS_CHECK_MS (about 12 µs a look: SQLite reads the WAL's shared index), on a timer that does
  // not keep the process alive, so that the caches are told even when no read comes.
  const dataVersionStatement = writer.database.prepare('pragma data_version').pluck();
  const dataVersion = (): number => dataVersionStatement.get() as number;
  return createKyselyStore({
    dialect: 'sqlite',
    listen(handler) {
      let seenVersion = dataVersion();
      const timer = setInterval(() => {
        const version = dataVersion();
        if (version === seenVersion) return;
        seenVersion = version;
        handler({ kind: 'everything' });
      }, OTHER_PROCESS_CHECK_MS);
      timer.unref();
      return Promise.resolve({ close: () => Promise.resolve(clearInterval(timer)) });
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
