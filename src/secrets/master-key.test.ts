import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadMasterKey, MASTER_KEY_FILE } from './master-key.js';

let root = '';
let n = 0;
const freshDir = () => join(root, `data-${n++}`);

before(async () => { root = await mkdtemp(join(tmpdir(), 'ward-master-key-')); });
after(() => rm(root, { recursive: true, force: true }));

test('WARD_MASTER_KEY as base64 of 32 bytes', async () => {
  const bytes = randomBytes(32);
  const loaded = await loadMasterKey({ env: { WARD_MASTER_KEY: bytes.toString('base64') }, dataDir: freshDir() });
  assert.equal(loaded.source, 'env');
  assert.deepEqual(Buffer.from(loaded.key), bytes);
});

test('WARD_MASTER_KEY as base64url and as 64 hex digits', async () => {
  const bytes = randomBytes(32);
  for (const text of [bytes.toString('base64url'), bytes.toString('hex'), bytes.toString('hex').toUpperCase()]) {
    const loaded = await loadMasterKey({ env: { WARD_MASTER_KEY: text }, dataDir: freshDir() });
    assert.deepEqual(Buffer.from(loaded.key), bytes, text);
  }
});

test('a malformed WARD_MASTER_KEY is a clear error', async () => {
  for (const text of ['secret', randomBytes(16).toString('base64'), randomBytes(31).toString('hex'), 'z'.repeat(64)]) {
    await assert.rejects(loadMasterKey({ env: { WARD_MASTER_KEY: text }, dataDir: freshDir() }),
      /WARD_MASTER_KEY must be 32 bytes as base64 .* or as 64 hex digits/);
  }
});

test('no env key: a key file is created with mode 0600, then read back', async () => {
  const dataDir = freshDir();
  const created = await loadMasterKey({ env: {}, dataDir });
  assert.equal(created.source, 'created');
  assert.equal(created.key.length, 32);
  const path = join(dataDir, MASTER_KEY_FILE);
  if (process.platform !== 'win32') assert.equal((await stat(path)).mode & 0o777, 0o600);
  assert.equal(Buffer.from((await readFile(path, 'utf8')).trim(), 'base64').length, 32);
  const again = await loadMasterKey({ env: {}, dataDir });
  assert.equal(again.source, 'file');
  assert.deepEqual(again.key, created.key);
});

test('an empty env value falls through to the file', async () => {
  assert.equal((await loadMasterKey({ env: { WARD_MASTER_KEY: '' }, dataDir: freshDir() })).source, 'created');
});

test('a key file accessible by group or others is refused, saying how to fix it', { skip: process.platform === 'win32' }, async () => {
  const dataDir = freshDir();
  await loadMasterKey({ env: {}, dataDir });
  const path = join(dataDir, MASTER_KEY_FILE);
  for (const mode of [0o640, 0o604, 0o644]) {
    await chmod(path, mode);
    await assert.rejects(loadMasterKey({ env: {}, dataDir }), (error: Error) => {
      assert.match(error.message, /accessible by group or others/);
      assert.ok(error.message.includes(`chmod 600 ${path}`));
      return true;
    });
  }
  await chmod(path, 0o600);
  assert.equal((await loadMasterKey({ env: {}, dataDir })).source, 'file');
});

test('a damaged or empty key file is a clear error', async () => {
  const dataDir = freshDir();
  await loadMasterKey({ env: {}, dataDir });
  const path = join(dataDir, MASTER_KEY_FILE);
  await writeFile(path, 'not a key\n', { mode: 0o600 });
  await assert.rejects(loadMasterKey({ env: {}, dataDir }), /must be 32 bytes/);
  await writeFile(path, '', { mode: 0o600 });
  await assert.rejects(loadMasterKey({ env: {}, dataDir }), /is empty/);
});

test('two starts racing create one key', async () => {
  const dataDir = freshDir();
  const [a, b] = await Promise.all([loadMasterKey({ env: {}, dataDir }), loadMasterKey({ env: {}, dataDir })]);
  assert.deepEqual(a.key, b.key);
});
