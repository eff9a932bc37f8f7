/**
 * The store's behaviour, one suite for every adapter: each must pass it unchanged. PostgreSQL runs on a
 * throw-away server started by this file (see test-support/postgres.ts); it fails if none can start.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import {
  StoreConflict, type AccessKeyRecord, type AccountRecord, type Store,
} from './port.js';
import { openPostgresStore } from './postgres/index.js';
import { openSqliteStore } from './sqlite/index.js';
import { startPostgres, type TestPostgres } from './test-support/postgres.js';

/** Opens stores on one database; `stop` removes the database. */
interface Backend {
  open(): Promise<Store>;
  stop(): Promise<void>;
}

const adapters: { name: Store['dialect']; start(): Promise<Backend> }[] = [
  {
    name: 'sqlite',
    async start() {
      const dir = await mkdtemp(join(tmpdir(), 'ward-sqlite-'));
      return {
        open: () => openSqliteStore({ file: join(dir, 'ward.db') }),
        stop: () => rm(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'postgres',
    async start() {
      const server: TestPostgres = await startPostgres();
      return { open: () => openPostgresStore({ connectionString: server.url }), stop: () => server.stop() };
    },
  },
];

function account(id: string, name = `account-${id}`): AccountRecord {
  return { id, name, createdAt: '2026-11-25T19:07:18.000Z' };
}

function accessKey(accessKeyId: string, overrides: Partial<AccessKeyRecord> = {}): AccessKeyRecord {
  return {
    accessKeyId,
    accountId: '111111111111',
    owner: { kind: 'root' },
    sealedSecret: `sealed:${accessKeyId}`,
    status: 'Active',
    createdAt: '2026-11-25T19:07:18.000Z',
    ...overrides,
  };
}

function isConflict(entity: string): (error: unknown) => boolean {
  return (error) => error instanceof StoreConflict && error.entity === entity;
}

/** A key id of the right shape, distinct per `n`. */
function keyId(n: number): string {
  return `AKIA${String(n).padStart(16, '0')}`;
}

class Boom extends Error {}

for (const adapter of adapters) {
  describe(`store conformance: ${adapter.name}`, () => {
    let backend: Backend;
    let store: Store;

    before(async () => {
      backend = await adapter.start();
      store = await backend.open();
      await store.migrate();
    });

    after(async () => {
      await store?.close();
      await backend?.stop();
    });

    beforeEach(async () => {
      await store.truncateAll();
    });

    it('names its dialect', () => {
      assert.equal(store.dialect, adapter.name);
    });

    it('migrates idempotently, keeping the data', async () => {
      await store.createAccount(account('111111111111'));
      await store.migrate();
      await store.migrate();
      const other = await backend.open();
      try {
        await other.migrate();
      } finally {
        await other.close();
      }
      assert.deepEqual(await store.getAccount('111111111111'), account('111111111111'));
    });

    describe('accounts', () => {
      it('creates and gets an account, field for field', async () => {
        const record = { id: '123456789012', name: 'prod', createdAt: '2026-11-25T19:07:18.123Z' };
        await store.createAccount(record);
        assert.deepEqual(await store.getAccount('123456789012'), record);
        assert.equal(await store.getAccount('999999999999'), undefined);
      });

      it('lists accounts by id, in pages', async () => {
        const ids = ['500000000000', '100000000000', '400000000000', '200000000000', '300000000000'];
        for (const id of ids) await store.createAccount(account(id));
        const sorted = [...ids].sort();
        assert.deepEqual((await store.listAccounts()).map((a) => a.id), sorted);
        const first = await store.listAccounts({ limit: 2 });
        assert.deepEqual(first.map((a) => a.id), sorted.slice(0, 2));
        const second = await store.listAccounts({ after: first.at(-1)?.id, limit: 2 });
        assert.deepEqual(second.map((a) => a.id), sorted.slice(2, 4));
        const third = await store.listAccounts({ after: second.at(-1)?.id, limit: 2 });
        assert.deepEqual(third.map((a) => a.id), sorted.slice(4));
        assert.deepEqual(await store.listAccounts({ after: sorted.at(-1) }), []);
        assert.deepEqual(await store.listAccounts({ limit: 0 }), []);
      });

      it('rejects a duplicate account with StoreConflict', async () => {
        await store.createAccount(account('111111111111'));
        await assert.rejects(store.createAccount(account('111111111111', 'other')), isConflict('account'));
        assert.equal((await store.getAccount('111111111111'))?.name, 'account-111111111111');
      });
    });

    describe('access keys', () => {
      beforeEach(async () => {
        await store.createAccount(account('111111111111'));
        await store.createAccount(account('222222222222'));
      });

      it('creates and gets keys of the root user and of IAM users', async () => {
        const root = accessKey(keyId(1));
        const user = accessKey(keyId(2), { owner: { kind: 'user', userName: 'alice' }, status: 'Inactive' });
        await store.createAccessKey(root);
        await store.createAccessKey(user);
        assert.deepEqual(await store.getAccessKey(keyId(1)), root);
        assert.deepEqual(await store.getAccessKey(keyId(2)), user);
        assert.equal(await store.getAccessKey(keyId(3)), undefined);
      });

      it('lists the keys of one owner, by creation time then id', async () => {
        const alice = { kind: 'user', userName: 'alice' } as const;
        await store.createAccessKey(accessKey(keyId(1), { owner: alice, createdAt: '2026-11-25T19:00:02.000Z' }));
        await store.createAccessKey(accessKey(keyId(2), { owner: alice, createdAt: '2026-11-25T19:00:01.000Z' }));
        await store.createAccessKey(accessKey(keyId(3), { owner: alice, createdAt: '2026-11-25T19:00:01.000Z' }));
        await store.createAccessKey(accessKey(keyId(4)));
        await store.createAccessKey(accessKey(keyId(5), { owner: { kind: 'user', userName: 'bob' } }));
        await store.createAccessKey(accessKey(keyId(6), { accountId: '222222222222', owner: alice }));

        const ids = async (accountId: string, owner: AccessKeyRecord['owner']): Promise<string[]> =>
          (await store.listAccessKeys(accountId, owner)).map((k) => k.accessKeyId);
        assert.deepEqual(await ids('111111111111', alice), [keyId(2), keyId(3), keyId(1)]);
        assert.deepEqual(await ids('111111111111', { kind: 'root' }), [keyId(4)]);
        assert.deepEqual(await ids('111111111111', { kind: 'user', userName: 'bob' }), [keyId(5)]);
        assert.deepEqual(await ids('222222222222', alice), [keyId(6)]);
        assert.deepEqual(await ids('222222222222', { kind: 'root' }), []);
        assert.deepEqual(await ids('111111111111', { kind: 'user', userName: 'carol' }), []);
      });

      it('rejects a duplicate key id with StoreConflict, even for another account', async () => {
        await store.createAccessKey(accessKey(keyId(1)));
        await assert.rejects(
          store.createAccessKey(accessKey(keyId(1), { accountId: '222222222222' })), isConflict('access-key'));
        assert.equal((await store.getAccessKey(keyId(1)))?.accountId, '111111111111');
      });

      it('rejects a key of a missing account with StoreConflict', async () => {
        await assert.rejects(
          store.createAccessKey(accessKey(keyId(1), { accountId: '333333333333' })), isConflict('account'));
        assert.equal(await store.getAccessKey(keyId(1)), undefined);
      });
    });

    describe('settings', () => {
      it('gets, sets and overwrites a setting', async () => {
        assert.equal(await store.getSetting('default-account-id'), undefined);
        await store.setSetting('default-account-id', '111111111111');
        assert.equal(await store.getSetting('default-account-id'), '111111111111');
        await store.setSetting('default-account-id', '222222222222');
        assert.equal(await store.getSetting('default-account-id'), '222222222222');
        assert.equal(await store.getSetting('other'), undefined);
      });
    });

    describe('transactions', () => {
      it('commits when the work resolves, and returns its value', async () => {
        const value = await store.transaction(async (tx) => {
          await tx.createAccount(account('111111111111'));
          await tx.createAccessKey(accessKey(keyId(1)));
          await tx.setSetting('default-account-id', '111111111111');
          assert.equal((await tx.getAccount('111111111111'))?.id, '111111111111', 'reads its own writes');
          return 42;
        });
        assert.equal(value, 42);
        assert.equal((await store.getAccount('111111111111'))?.id, '111111111111');
        assert.equal((await store.getAccessKey(keyId(1)))?.accessKeyId, keyId(1));
        assert.equal(await store.getSetting('default-account-id'), '111111111111');
      });

      it('rolls back everything when the work throws, and rethrows', async () => {
        await store.setSetting('kept', 'before');
        const boom = new Boom('boom');
        await assert.rejects(store.transaction(async (tx) => {
          await tx.createAccount(account('111111111111'));
          await tx.createAccessKey(accessKey(keyId(1)));
          await tx.setSetting('kept', 'after');
          throw boom;
        }), (error) => error === boom);
        assert.equal(await store.getAccount('111111111111'), undefined);
        assert.equal(await store.getAccessKey(keyId(1)), undefined);
        assert.equal(await store.getSetting('kept'), 'before');
        assert.deepEqual(await store.listAccounts(), []);
      });

      it('stays usable after a StoreConflict inside it', async () => {
        await store.createAccount(account('111111111111'));
        await store.transaction(async (tx) => {
          await assert.rejects(tx.createAccount(account('111111111111')), isConflict('account'));
          await assert.rejects(tx.createAccessKey(accessKey(keyId(1), { accountId: '999999999999' })),
            isConflict('account'));
          await tx.createAccount(account('222222222222'));
        });
        assert.deepEqual((await store.listAccounts()).map((a) => a.id), ['111111111111', '222222222222']);
      });

      it('refuses the store itself inside a transaction instead of waiting forever', async () => {
        await store.transaction(async (tx) => {
          await assert.rejects(store.transaction(() => Promise.resolve()), /inside store\.transaction/);
          await assert.rejects(store.getAccount('111111111111'), /inside store\.transaction/);
          await tx.createAccount(account('111111111111'));
        });
        assert.equal((await store.getAccount('111111111111'))?.id, '111111111111');
      });

      it('refuses a transaction handle used after its transaction ended', async () => {
        let leaked: Parameters<Parameters<Store['transaction']>[0]>[0] | undefined;
        await store.transaction((tx) => {
          leaked = tx;
          return Promise.resolve();
        });
        await assert.rejects(async () => leaked?.createAccount(account('111111111111')), /already ended/);
        assert.equal(await store.getAccount('111111111111'), undefined);
      });

      it('loses no write among 20 concurrent transactions', async () => {
        await store.createAccount(account('111111111111'));
        await Promise.all(Array.from({ length: 20 }, (_, n) => store.transaction(async (tx) => {
          await tx.listAccessKeys('111111111111', { kind: 'root' });
          await tx.createAccessKey(accessKey(keyId(n)));
        })));
        const keys = await store.listAccessKeys('111111111111', { kind: 'root' });
        assert.deepEqual(keys.map((k) => k.accessKeyId), Array.from({ length: 20 }, (_, n) => keyId(n)));
      });

      it('loses no update among concurrent read-modify-write transactions', async () => {
        await store.setSetting('counter', '0');
        await Promise.all(Array.from({ length: 8 }, () => store.transaction(async (tx) => {
          const value = Number(await tx.getSetting('counter'));
          await tx.setSetting('counter', String(value + 1));
        })));
        assert.equal(await store.getSetting('counter'), '8');
      });
    });

    describe('truncateAll', () => {
      // Its speed is measured by the benchmark (docs/benchmarks.md), not asserted here.
      it('empties every table, and the store stays usable', async () => {
        await store.createAccount(account('111111111111'));
        await store.createAccessKey(accessKey(keyId(1)));
        await store.createAccessKey(accessKey(keyId(2), { owner: { kind: 'user', userName: 'alice' } }));
        await store.setSetting('default-account-id', '111111111111');

        await store.truncateAll();

        assert.deepEqual(await store.listAccounts(), []);
        assert.equal(await store.getAccessKey(keyId(1)), undefined);
        assert.equal(await store.getAccessKey(keyId(2)), undefined);
        assert.equal(await store.getSetting('default-account-id'), undefined);

        await store.migrate();
        await store.createAccount(account('111111111111'));
        assert.equal((await store.getAccount('111111111111'))?.id, '111111111111');
      });
    });

    if (adapter.name === 'postgres') {
      describe('several nodes on one database', () => {
        let other: Store;
        before(async () => {
          other = await backend.open();
          await other.migrate();
        });
        after(async () => {
          await other?.close();
        });
        afterEach(async () => {
          await store.truncateAll();
        });

        it('see each other\'s committed writes, and only those', async () => {
          let release!: () => void;
          const gate = new Promise<void>((resolve) => {
            release = resolve;
          });
          let written!: () => void;
          const wrote = new Promise<void>((resolve) => {
            written = resolve;
          });
          const pending = store.transaction(async (tx) => {
            await tx.createAccount(account('111111111111'));
            written();
            await gate;
          });
          await wrote;
          assert.equal(await other.getAccount('111111111111'), undefined, 'uncommitted write is invisible');
          release();
          await pending;
          assert.equal((await other.getAccount('111111111111'))?.id, '111111111111');

          await other.setSetting('default-account-id', '111111111111');
          assert.equal(await store.getSetting('default-account-id'), '111111111111');
        });

        it('agree on uniqueness across nodes', async () => {
          const results = await Promise.allSettled([
            store.createAccount(account('111111111111', 'one')),
            other.createAccount(account('111111111111', 'two')),
          ]);
          assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
          const rejected = results.find((r) => r.status === 'rejected');
          assert.ok(rejected !== undefined && isConflict('account')(rejected.reason));
        });
      });
    }
  });
}
