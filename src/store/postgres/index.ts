import { Kysely } from 'kysely';
import type { Store } from '../port.js';
import { createKyselyStore, type Database } from '../kysely/index.js';
import { createDialect } from './dialect.js';
import { classifyError } from './errors.js';
import { createChangeChannel } from './notifications.js';
import { createTransactionRunner } from './transactions.js';
import { emptyTables, listTables } from './truncate.js';

/**
 * Opens the PostgreSQL store at `connectionString` (a pool; connections open on first use). Transactions
 * are SERIALIZABLE and retried on serialization failure or deadlock, so their work may run more than
 * once. Several Ward nodes may share the database: committed IAM changes are announced to the others
 * with NOTIFY, and `onChanged` LISTENs on one connection of its own. Call `migrate()` before use.
 */
export async function openPostgresStore(options: { connectionString: string }): Promise<Store> {
  const { dialect } = createDialect(options);
  const db = new Kysely<Database>({ dialect });
  const transactions = createTransactionRunner(db);
  const changes = createChangeChannel(options);
  return createKyselyStore({
    dialect: 'postgres',
    db,
    runTransaction: (work) => transactions.run(work),
    runRead: (work) => transactions.runReadOnly(work),
    classifyError,
    listTables,
    emptyTables,
    announce: (trx, announced) => changes.announce(trx, announced),
    listen: (handler) => changes.listen(handler),
    async close() {
      await transactions.drain();
      await db.destroy();
    },
  });
}
