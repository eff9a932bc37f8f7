import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import type { IamEntityRecord, IamLinkRecord, Store, StoreChange, StoreReads } from '../port.js';
import { OTHER_PROCESS_CHECK_MS, openSqliteStore } from '../sqlite/index.js';
import { MAX_RECORDS, ReadCache, type ReadRunner } from './read-cache.js';

const ACCOUNT = '111111111111';

function user(name: string, path = '/'): IamEntityRecord {
  return {
    accountId: ACCOUNT, kind: 'user', name, id: `AIDA${name.toUpperCase()}`, path,
    arn: `arn:aws:iam::${ACCOUNT}:user${path}${name}`, createdAt: '2026-11-25T19:07:18.000Z', data: { tags: [{ Key: 'team', Value: 'a' }] },
  };
}

function link(to: string): IamLinkRecord {
  return { accountId: ACCOUNT, kind: 'user-policy', from: 'a', to, createdAt: '2026-11-25T19:07:18.000Z' };
}

/** A fake database behind the cache: counts the read transactions it runs. */
function fakeReads(entities: Map<string, IamEntityRecord>): { runner: ReadRunner; transactions: () => number } {
  let transactions = 0;
  const tx = {
    getEntity: (_account: string, _kind: string, name: string) => Promise.resolve(entities.get(name.toLowerCase())),
    getAccessKey: () => Promise.resolve(undefined),
  } as unknown as StoreReads;
  return {
    runner: <T>(read: (reads: StoreReads) => Promise<T>): Promise<T> => {
      transactions += 1;
      return read(tx);
    },
    transactions: () => transactions,
  };
}

/** A runner whose every read transaction sees `reads` (the reads a test needs; the others are absent). */
function runnerOver(reads: Partial<StoreReads>): ReadRunner {
  return <T>(read: (tx: StoreReads) => Promise<T>): Promise<T> => read(reads as StoreReads);
}

describe('ReadCache', () => {
  it('answers a repeated read from memory, and reads again after the account changed', async () => {
    const entities = new Map([['alice', user('Alice')]]);
    const db = fakeReads(entities);
    const cache = new ReadCache();
    const read = () => cache.read((tx) => tx.getEntity(ACCOUNT, 'user', 'Alice'), db.runner);
    assert.equal((await read())?.path, '/');
    assert.equal((await read())?.path, '/');
    assert.equal(db.transactions(), 1);
    assert.equal(cache.size, 1);
    entities.set('alice', user('Alice', '/moved/'));
    cache.forget(ACCOUNT);
    assert.equal((await read())?.path, '/moved/');
    assert.equal(db.transactions(), 2);
    cache.clear();
    assert.equal(cache.size, 0);
  });

  it('answers single reads from the same entries, and keeps arguments apart even with separators in them', async () => {
    const entities = new Map([['alice', user('Alice')], ['a\u0000b', user('a\u0000b')]]);
    const db = fakeReads(entities);
    const cache = new ReadCache();
    assert.equal((await cache.single('getEntity', [ACCOUNT, 'user', 'Alice'], db.runner))?.name, 'Alice');
    assert.equal((await cache.read((tx) => tx.getEntity(ACCOUNT, 'user', 'Alice'), db.runner))?.name, 'Alice');
    assert.equal(db.transactions(), 1);
    assert.equal((await cache.single('getEntity', [ACCOUNT, 'user', 'a\u0000b'], db.runner))?.name, 'a\u0000b');
    assert.equal(await cache.single('getEntity', [ACCOUNT, 'user\u0000a' as 'user', 'b'], db.runner), undefined);
    cache.forget(ACCOUNT);
    await cache.single('getEntity', [ACCOUNT, 'user', 'Alice'], db.runner);
    assert.equal(db.transactions(), 4);
  });

  it('keeps the first page of entities; shares a later page only while it loads', async () => {
    let loads = 0;
    const cache = new ReadCache();
    const runner = runnerOver({
      listEntities: () => {
        loads += 1;
        return Promise.resolve([user('A'), user('B')]);
      },
    });
    const later = { after: 'a', limit: 100 };
    const [first, second] = await Promise.all([
      cache.single('listEntities', [ACCOUNT, 'user', later], runner),
      cache.single('listEntities', [ACCOUNT, 'user', later], runner),
    ]);
    assert.equal(loads, 1);
    assert.equal(first, second);
    assert.equal(cache.size, 0);
    await cache.single('listEntities', [ACCOUNT, 'user', later], runner);
    assert.equal(loads, 2);
    await cache.single('listEntities', [ACCOUNT, 'user', { limit: 100 }], runner);
    await cache.single('listEntities', [ACCOUNT, 'user', { limit: 100 }], runner);
    assert.equal(loads, 3);
    assert.equal(cache.size, 2);
  });

  it('a later page of any paged read (links too) is shared only while it loads', async () => {
    let loads = 0;
    const cache = new ReadCache();
    const runner = runnerOver({
      listLinksTo: () => {
        loads += 1;
        return Promise.resolve([link('A')]);
      },
    });
    await cache.single('listLinksTo', [ACCOUNT, 'group-member', 'devs', { after: 'a', limit: 100 }], runner);
    await cache.single('listLinksTo', [ACCOUNT, 'group-member', 'devs', { after: 'a', limit: 100 }], runner);
    assert.equal(loads, 2);
    assert.equal(cache.size, 0);
    await cache.single('listLinksTo', [ACCOUNT, 'group-member', 'devs', { limit: 100 }], runner);
    await cache.single('listLinksTo', [ACCOUNT, 'group-member', 'devs', { limit: 100 }], runner);
    assert.equal(loads, 3);
    assert.equal(cache.size, 1);
  });

  it(`empty lists count too: ${MAX_RECORDS.toLocaleString('en-US')} distinct empty reads reach the bound and empty the cache`, async () => {
    const cache = new ReadCache();
    const runner = runnerOver({ listInlinePolicies: () => Promise.resolve([]) });
    let cleared = false;
    for (let i = 0; i <= MAX_RECORDS; i++) {
      const before = cache.size;
      await cache.single('listInlinePolicies', [ACCOUNT, 'user', `user-${i}`], runner);
      if (cache.size < before) cleared = true;
      assert.ok(cache.size <= MAX_RECORDS);
    }
    assert.ok(cleared, 'the bound was reached and the cache emptied');
  });

  it('a load in flight when its account changes lands in the dropped entries, not in the new ones', async () => {
    const entities = new Map([['alice', user('Alice')]]);
    let open: (() => void) | undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let loads = 0;
    const runner: ReadRunner = async <T>(read: (reads: StoreReads) => Promise<T>): Promise<T> => {
      loads += 1;
      const first = loads === 1;
      return read({
        getEntity: async (_account: string, _kind: string, name: string) => {
          const value = entities.get(name.toLowerCase());
          if (first) await gate;
          return value;
        },
      } as unknown as StoreReads);
    };
    const cache = new ReadCache();
    const stale = cache.single('getEntity', [ACCOUNT, 'user', 'Alice'], runner);
    entities.set('alice', user('Alice', '/moved/'));
    cache.forget(ACCOUNT);
    open?.();
    assert.equal((await stale)?.path, '/', 'the read asked before the change answers what it read');
    assert.equal((await cache.single('getEntity', [ACCOUNT, 'user', 'Alice'], runner))?.path, '/moved/');
    assert.equal(loads, 2);
    assert.equal(cache.size, 1);
  });

  it('counts a cached list by the records it holds', async () => {
    const cache = new ReadCache();
    const runner = runnerOver({
      listLinksFrom: () => Promise.resolve([link('A'), link('B'), link('C')]),
      getEntity: () => Promise.resolve(user('A')),
    });
    await cache.single('listLinksFrom', [ACCOUNT, 'user-policy', 'a'], runner);
    await cache.single('getEntity', [ACCOUNT, 'user', 'A'], runner);
    assert.equal(cache.size, 4);
    cache.forget(ACCOUNT);
    assert.equal(cache.size, 0);
  });

  it('runs the work again, uncached, when an account it read changed meanwhile', async () => {
    const entities = new Map([['alice', user('Alice')]]);
    const db = fakeReads(entities);
    const cache = new ReadCache();
    let attempts = 0;
    const seen = await cache.read(async (tx) => {
      attempts += 1;
      const first = await tx.getEntity(ACCOUNT, 'user', 'Alice');
      if (attempts === 1) {
        entities.set('alice', user('Alice', '/moved/'));
        cache.forget(ACCOUNT);
      }
      return first?.path;
    }, db.runner);
    assert.equal(attempts, 2);
    assert.equal(seen, '/moved/');
  });

  it('rethrows an error of the work on unchanged reads, and retries one made on stale reads', async () => {
    const db = fakeReads(new Map());
    const cache = new ReadCache();
    await assert.rejects(cache.read(async (tx) => {
      if (await tx.getEntity(ACCOUNT, 'user', 'Nobody') === undefined) throw new Error('NoSuchEntity');
    }, db.runner), /NoSuchEntity/);
    let attempts = 0;
    const value = await cache.read(async (tx) => {
      attempts += 1;
      await tx.getEntity(ACCOUNT, 'user', 'Nobody');
      if (attempts === 1) {
        cache.forget(ACCOUNT);
        throw new Error('made on stale reads');
      }
      return 'fresh';
    }, db.runner);
    assert.equal(value, 'fresh');
  });

  it('runs work that needs an uncached read (access keys) in one read transaction', async () => {
    const db = fakeReads(new Map([['alice', user('Alice')]]));
    const cache = new ReadCache();
    let attempts = 0;
    await cache.read(async (tx) => {
      attempts += 1;
      await tx.getEntity(ACCOUNT, 'user', 'Alice');
      return tx.getAccessKey('AKIAEXAMPLE');
    }, db.runner);
    assert.equal(attempts, 2);
    // The cached attempt's one load, then the whole work again in ONE transaction (not one per read).
    assert.equal(db.transactions(), 2);
  });

  it('runs the work again even when it caught the refusal of an uncached read', async () => {
    const db = fakeReads(new Map());
    const cache = new ReadCache();
    let attempts = 0;
    const found = await cache.read(async (tx) => {
      attempts += 1;
      return tx.getAccessKey('AKIAEXAMPLE').catch(() => 'swallowed');
    }, db.runner);
    assert.equal(attempts, 2);
    assert.equal(found, undefined);
  });

  it('hands out frozen values: a caller cannot change what others get', async () => {
    const db = fakeReads(new Map([['alice', user('Alice')]]));
    const cache = new ReadCache();
    const found = await cache.read((tx) => tx.getEntity(ACCOUNT, 'user', 'Alice'), db.runner);
    assert.throws(() => {
      (found as { path: string }).path = '/changed/';
    }, TypeError);
    assert.throws(() => (found?.data.tags as unknown[]).push({ Key: 'x', Value: 'y' }), TypeError);
  });

  it('does not keep a failed read', async () => {
    const cache = new ReadCache();
    let fail = true;
    const runner = runnerOver({
      getEntity: () => (fail ? Promise.reject(new Error('disk')) : Promise.resolve(user('Alice'))),
    });
    await assert.rejects(cache.read((tx) => tx.getEntity(ACCOUNT, 'user', 'Alice'), runner), /disk/);
    fail = false;
    assert.equal((await cache.read((tx) => tx.getEntity(ACCOUNT, 'user', 'Alice'), runner))?.name, 'Alice');
  });
});

describe('SQLite store with the read cache', () => {
  let dir: string;
  let store: Store;
  const opened: Store[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ward-read-cache-'));
    store = await openSqliteStore({ file: join(dir, 'ward.db') });
    opened.push(store);
    await store.migrate();
    await store.createAccount({ id: ACCOUNT, name: 'a', createdAt: '2026-11-25T19:07:18.000Z' });
  });

  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    await rm(dir, { recursive: true, force: true });
  });

  after(async () => {
    for (const s of opened.splice(0)) await s.close();
  });

  it('sees its own writes on the next read', async () => {
    await store.createEntity(user('Alice'));
    assert.equal((await store.getEntity(ACCOUNT, 'user', 'alice'))?.path, '/');
    await store.updateEntity(user('Alice', '/moved/'));
    assert.equal((await store.getEntity(ACCOUNT, 'user', 'alice'))?.path, '/moved/');
    await store.deleteEntity(ACCOUNT, 'user', 'Alice');
    assert.equal(await store.getEntity(ACCOUNT, 'user', 'alice'), undefined);
  });

  it('a cached first page, count and link list change with the next write', async () => {
    await store.createEntity(user('Carol'));
    const names = async () => (await store.listEntities(ACCOUNT, 'user', { limit: 100 })).map((u) => u.name);
    assert.deepEqual(await names(), ['Carol']);
    assert.equal(await store.countEntities(ACCOUNT, 'user'), 1);
    assert.deepEqual(await store.listLinksFrom(ACCOUNT, 'user-policy', 'carol'), []);
    await store.createEntity(user('Dave'));
    await store.addLink({ ...link('arn:aws:iam::aws:policy/ReadOnlyAccess'), from: 'carol' });
    assert.deepEqual(await names(), ['Carol', 'Dave']);
    assert.equal(await store.countEntities(ACCOUNT, 'user'), 2);
    assert.deepEqual((await store.listLinksFrom(ACCOUNT, 'user-policy', 'carol')).map((l) => l.to), ['arn:aws:iam::aws:policy/ReadOnlyAccess']);
  });

  it('sees another process\'s writes to the file, and tells its listeners everything changed', async () => {
    const changes: StoreChange[] = [];
    const unsubscribe = await store.onChanged((change) => changes.push(change));
    assert.equal(await store.getEntity(ACCOUNT, 'user', 'Bob'), undefined);
    // A second store on the same file stands for another process (an admin command): its write is not
    // announced to `store`.
    const other = await openSqliteStore({ file: join(dir, 'ward.db') });
    opened.push(other);
    await other.createEntity(user('Bob'));
    await new Promise((resolve) => setTimeout(resolve, 3 * OTHER_PROCESS_CHECK_MS));
    // The listeners (the server's credential and policy caches) are told with no read in between.
    assert.deepEqual(changes, [{ kind: 'everything' }]);
    assert.equal((await store.getEntity(ACCOUNT, 'user', 'Bob'))?.name, 'Bob');
    unsubscribe();
  });
});
