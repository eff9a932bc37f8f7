import { createSealer, type Sealer } from '../secrets/sealer.js';
import { loadMasterKey } from '../secrets/master-key.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/port.js';
import { checkMasterKey } from './master-key-check.js';

/** Ward's persistent state, opened: the migrated store and the sealer of its secrets. */
export interface OpenedState {
  readonly store: Store;
  readonly sealer: Sealer;
  /** The master key (STS derives its token keys from it with HKDF). */
  readonly masterKey: Uint8Array;
}

/**
 * Opens the store (PostgreSQL when `databaseUrl` is set, else SQLite in `dataDir`), migrates it, loads the
 * master key and checks that it opens the database's secrets. Used by `ward serve` and the admin commands.
 */
export async function openState(
  options: { readonly dataDir: string; readonly databaseUrl?: string }, env: Record<string, string | undefined>,
): Promise<OpenedState> {
  const masterKey = await loadMasterKey({ env, dataDir: options.dataDir });
  const sealer = createSealer(masterKey.key);
  const store = await openStore({ dataDir: options.dataDir, ...(options.databaseUrl !== undefined ? { databaseUrl: options.databaseUrl } : {}) });
  try {
    await store.migrate();
    await checkMasterKey(store, sealer);
  } catch (error) {
    await store.close();
    throw error;
  }
  return { store, sealer, masterKey: masterKey.key };
}
