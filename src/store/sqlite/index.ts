import { Kysely } from 'kysely';
import type { Store } from '../port.js';
import { createKyselyStore, type Database } from '../kysely/index.js';
import { createDialect } from './dialect.js';
import { classifyError } from './errors.js';
import { createTransactionRunner } from './transactions.js';
import { emptyTables, listTables } from './truncate.js';

/**
 * Opens (creating if needed) the SQLite store in `file`: WAL, foreign keys on, a busy timeout, and
 * transactions run one at a time on its single connection. Call `migrate()` before use.
 */
export async function openSqliteStore(options: { file: string }): Promise<Store> {
  const { dialect } = createDialect(options);
  const db = new Kysely<Database>({ dialect });
  const transactions = createTransactionRunner(db);
  return createKyselyStore({
    dialect: 'sqlite',
    db,
    runTransaction: (work) => transactions.run(work),
    classifyError,
    listTables,
    emptyTables,
    async close() {
      await transactions.drain();
      await db.destroy();
    },
  });
}
