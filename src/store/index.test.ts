import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { SQLITE_FILE_NAME, openStore } from './index.js';
import { createDialect } from './sqlite/dialect.js';

describe('openStore', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'ward-open-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('opens SQLite in a new data directory of mode 0700, in WAL mode', async () => {
    const dataDir = join(root, 'nested', 'data');
    const store = await openStore({ dataDir });
    try {
      assert.equal(store.dialect, 'sqlite');
      await store.migrate();
      await store.setSetting('probe', 'ok');
      assert.equal(await store.getSetting('probe'), 'ok');
    } finally {
      await store.close();
    }
    assert.equal((await stat(dataDir)).mode & 0o777, 0o700);
    const file = new BetterSqlite3(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    try {
      assert.equal(file.pragma('journal_mode', { simple: true }), 'wal');
    } finally {
      file.close();
    }
  });

  it('chooses PostgreSQL when a database URL is given, without connecting until used', async () => {
    const store = await openStore({ dataDir: join(root, 'unused'), databaseUrl: 'postgres://ward@127.0.0.1:1/none' });
    assert.equal(store.dialect, 'postgres');
    await store.close();
    await assert.rejects(stat(join(root, 'unused')), { code: 'ENOENT' });
  });
});

it('opens SQLite connections with WAL, full sync, foreign keys and a busy timeout', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ward-sqlite-dialect-'));
  const { database } = createDialect({ file: join(dir, 'ward.db') });
  try {
    assert.equal(database.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(database.pragma('synchronous', { simple: true }), 2);
    assert.equal(database.pragma('foreign_keys', { simple: true }), 1);
    assert.equal(database.pragma('busy_timeout', { simple: true }), 5000);
  } finally {
    database.close();
    await rm(dir, { recursive: true, force: true });
  }
});
