import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** The master key and where it came from (for the start-up banner; never the key itself). */
export interface MasterKey {
  readonly key: Uint8Array;
  /** `env`: WARD_MASTER_KEY; `file`: an existing key file; `created`: a key file made by this start. */
  readonly source: 'env' | 'file' | 'created';
}

/** Where {@link loadMasterKey} looks. */
export interface MasterKeyOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The data directory; the key file is `<dataDir>/master.key`. */
  readonly dataDir: string;
}

/** The name of the key file inside the data directory. */
export const MASTER_KEY_FILE = 'master.key';

/**
 * Loads the 32-byte key that seals secrets at rest: `WARD_MASTER_KEY` (base64 of 32 bytes, or 64 hex
 * digits) if set, else `<dataDir>/master.key`, created on first start with mode 0600. Refuses a key file
 * that group or others may read, as ssh does with private keys: the key is worth as much as every secret.
 */
export async function loadMasterKey(options: MasterKeyOptions): Promise<MasterKey> {
  const fromEnv = options.env['WARD_MASTER_KEY'];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { key: decodeKey(fromEnv.trim(), 'WARD_MASTER_KEY'), source: 'env' };
  // 0700 for a directory Ward creates; an existing one keeps the mode its owner chose.
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const path = join(options.dataDir, MASTER_KEY_FILE);
  let info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (info === undefined) {
    const created = await createKeyFile(path);
    if (created !== undefined) return { key: created, source: 'created' };
    info = await stat(path);
  }
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    throw new Error(`${path} is accessible by group or others (mode ${(info.mode & 0o777).toString(8)}); ` +
      `it holds the key to every stored secret. Fix it with: chmod 600 ${path}`);
  }
  const text = (await readFile(path, 'utf8')).trim();
  if (text === '') {
    throw new Error(`${path} is empty. If nothing was ever sealed with it, delete the file and start again ` +
      'to create a new key; otherwise restore it from a backup.');
  }
  return { key: decodeKey(text, path), source: 'file' };
}

/**
 * Creates the key file; `undefined` when it already exists. The key is written to a private temporary file
 * (opened 'wx', mode 0600) and then hard-linked into place: the link fails if the file exists, so of two
 * Ward processes starting together exactly one key wins, and no reader ever sees a half-written file.
 */
async function createKeyFile(path: string): Promise<Uint8Array | undefined> {
  const key = randomBytes(32);
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(`${key.toString('base64')}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, path);
    return new Uint8Array(key);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  } finally {
    await unlink(temporary);
  }
}

function decodeKey(text: string, origin: string): Uint8Array {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return new Uint8Array(Buffer.from(text, 'hex'));
  // 32 bytes are 43 base64 digits and one '=' of padding; base64url and unpadded forms are accepted too.
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === 32) return new Uint8Array(bytes);
  }
  throw new Error(`${origin} must be 32 bytes as base64 (44 characters, e.g. from \`openssl rand -base64 32\`) ` +
    'or as 64 hex digits (`openssl rand -hex 32`)');
}
