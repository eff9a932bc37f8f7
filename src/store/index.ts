/**
 * The store's public surface: the port (what the domain sees) and `openStore`, which the server calls
 * once to pick and open an adapter. Domain code imports `store/port.js` only.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from './port.js';
import { openPostgresStore } from './postgres/index.js';
import { openSqliteStore } from './sqlite/index.js';

export {
  StoreConflict, type AccessKeyLastUse, type AccessKeyOwner, type AccessKeyRecord, type AccessKeyUse, type AccountRecord,
  type IamEntityKind, type IamEntityRecord, type IamLinkKind, type IamLinkRecord, type InlinePolicyRecord, type PageRequest,
  type Store, type StoreChange, type StoreReads, type StoreTransaction,
} from './port.js';

/** Where the store lives: PostgreSQL when `databaseUrl` is set, else SQLite in `dataDir`. */
export interface OpenStoreOptions {
  /** The data directory (`./data` or `WARD_DATA`); created with mode 0700 if missing. */
  readonly dataDir: string;
  /** `WARD_DATABASE_URL`: a `postgres://` connection string. */
  readonly databaseUrl?: string;
}

/** The SQLite file's name inside the data directory. */
export const SQLITE_FILE_NAME = 'ward.db';

/**
 * Opens the store: PostgreSQL when `databaseUrl` is set (several Ward nodes may share it), else SQLite at
 * `<dataDir>/ward.db`. Does not migrate: call `migrate()` before use.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  if (options.databaseUrl !== undefined && options.databaseUrl !== '') {
    return openPostgresStore({ connectionString: options.databaseUrl });
  }
  // The mode applies only to directories created here; an existing directory keeps its permissions.
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  return openSqliteStore({ file: join(options.dataDir, SQLITE_FILE_NAME) });
}
