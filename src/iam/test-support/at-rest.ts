// Secrets at rest: a real SQLite store in a temp dir with a real sealer (AES-256-GCM, src/secrets) behind
// IamDeps, and a byte search of every file of its data dir (the WAL included) for secrets that must not
// appear there.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSealer } from '../../secrets/sealer.js';
import { type Store, openStore } from '../../store/index.js';
import type { IamDeps } from '../operation.js';
import { ACCOUNT, NOW, seededRandom } from './harness.js';

export interface SealedSqlite {
  readonly dataDir: string;
  readonly store: Store;
  /** Deps on `store` with the fixed clock `NOW`, `seededRandom(seed)` and a real sealer. */
  readonly deps: IamDeps;
  /** Closes the store (its WAL is checkpointed into the database file). Safe to call twice. */
  close(): Promise<void>;
  /** Closes the store if still open and deletes the data dir. */
  dispose(): Promise<void>;
}

/** Opens a migrated SQLite store in a new temp dir (`prefix`…) with the account `ACCOUNT` created. */
export async function openSealedSqlite(prefix: string, seed: number): Promise<SealedSqlite> {
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  let store: Store | undefined;
  let open = false;
  const close = async () => {
    if (open) {
      open = false;
      await store?.close();
    }
  };
  const dispose = async () => {
    try {
      await close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  };
  try {
    store = await openStore({ dataDir });
    open = true;
    await store.migrate();
    await store.createAccount({ id: ACCOUNT, name: 'test', createdAt: new Date(NOW).toISOString() });
  } catch (error) {
    await dispose();
    throw error;
  }
  const sealer = createSealer(randomBytes(32));
  const deps: IamDeps = {
    store, clock: { now: () => NOW }, random: seededRandom(seed), partition: 'aws',
    sealSecret: (secret, id) => sealer.seal(secret, id), openSecret: (sealed, id) => sealer.open(sealed, id),
    newSecretAccessKey: () => 'unused',
  };
  return { dataDir, store, deps, close, dispose };
}

/**
 * Every (file, needle) where a needle's UTF-8 bytes occur in a file of `dataDir` (the WAL included), as
 * `file: show(needle)`.
 */
export async function findInDataDir(dataDir: string, needles: readonly string[], show: (needle: string) => string = (needle) => needle): Promise<string[]> {
  const hits: string[] = [];
  for (const file of await readdir(dataDir)) {
    const bytes = await readFile(join(dataDir, file));
    for (const needle of needles) if (bytes.includes(Buffer.from(needle, 'utf8'))) hits.push(`${file}: ${show(needle)}`);
  }
  return hits;
}
