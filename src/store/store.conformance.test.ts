/**
 * The store's behaviour, one suite for every adapter: each must pass it unchanged. PostgreSQL runs on a
 * throw-away server started by this file (see test-support/postgres.ts); it fails if none can start.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import pg from 'pg';
import {
  StoreConflict, type AccessKeyRecord, type AccountRecord, type IamEntityKind, type IamEntityRecord, type IamLinkRecord,
  type InlinePolicyRecord, type Store, type StoreChange,
} from './port.js';
import { openPostgresStore } from './postgres/index.js';
import { LISTENER_APPLICATION_NAME } from './postgres/notifications.js';
import { openSqliteStore } from './sqlite/index.js';
import { startPostgres, type TestPostgres } from './test-support/postgres.js';
import { NESTING_CHECK_VARIABLE } from './kysely/kysely-store.js';

// The nesting check is tested below; `npm test` turns it on everywhere, this file on its own too.
process.env[NESTING_CHECK_VARIABLE] = '1';

/** Opens stores on one database; `stop` removes the database. */
interface Backend {
  open(): Promise<Store>;
  stop(): Promise<void>;
  /** PostgreSQL only: the server's URL, for tests that create databases of their own. */
  readonly url?: string;
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
      return {
        open: () => openPostgresStore({ connectionString: server.url }),
        stop: () => server.stop(),
        url: server.url,
      };
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

/** Subscribes to a store's changes, keeping them in order (`stop` unsubscribes). */
async function recordChanges(store: Store): Promise<{ readonly changes: StoreChange[]; stop(): void }> {
  const changes: StoreChange[] = [];
  const stop = await store.onChanged((change) => changes.push(change));
  return { changes, stop };
}

/** The account ids among `changes`, in order. */
function accountsIn(changes: readonly StoreChange[]): string[] {
  return changes.flatMap((c) => (c.kind === 'account' ? [c.accountId] : []));
}

/** Polls `condition` every 10 ms until it holds or `timeoutMs` passes; returns whether it held. */
async function eventually(condition: () => boolean, timeoutMs = 2_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

const ACCOUNT = '111111111111';
const OTHER_ACCOUNT = '222222222222';

/** An entity of account {@link ACCOUNT}; its id is unique per kind and exact name. */
function entity(kind: IamEntityKind, name: string, overrides: Partial<IamEntityRecord> = {}): IamEntityRecord {
  const path = overrides.path ?? '/';
  return {
    accountId: ACCOUNT,
    kind,
    name,
    id: `ID-${kind}-${name}`,
    path,
    arn: `arn:aws:iam::${overrides.accountId ?? ACCOUNT}:${kind}${path}${name}`,
    createdAt: '2026-11-25T19:07:18.000Z',
    data: {},
    ...overrides,
  };
}

function link(kind: IamLinkRecord['kind'], from: string, to: string, overrides: Partial<IamLinkRecord> = {}): IamLinkRecord {
  return { accountId: ACCOUNT, kind, from, to, createdAt: '2026-11-25T19:07:18.000Z', ...overrides };
}

function inlinePolicy(
  ownerName: string, policyName: string, overrides: Partial<InlinePolicyRecord> = {},
): InlinePolicyRecord {
  return {
    accountId: ACCOUNT,
    ownerKind: 'user',
    ownerName,
    policyName,
    document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"${policyName}"}]}`,
    ...overrides,
  };
}

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

    describe('access key status and deletion', () => {
      beforeEach(async () => {
        await store.createAccount(account(ACCOUNT));
      });

      it('updates a key\'s status, and reports a missing key', async () => {
        await store.createAccessKey(accessKey(keyId(1)));
        assert.equal(await store.updateAccessKeyStatus(keyId(1), 'Inactive'), true);
        assert.equal((await store.getAccessKey(keyId(1)))?.status, 'Inactive');
        assert.equal(await store.updateAccessKeyStatus(keyId(1), 'Active'), true);
        assert.deepEqual(await store.getAccessKey(keyId(1)), accessKey(keyId(1)));
        assert.equal(await store.updateAccessKeyStatus(keyId(2), 'Inactive'), false);
        assert.equal(await store.getAccessKey(keyId(2)), undefined);
      });

      it('deletes a key, and reports a missing key', async () => {
        await store.createAccessKey(accessKey(keyId(1)));
        await store.createAccessKey(accessKey(keyId(2)));
        assert.equal(await store.deleteAccessKey(keyId(1)), true);
        assert.equal(await store.getAccessKey(keyId(1)), undefined);
        assert.equal(await store.deleteAccessKey(keyId(1)), false);
        assert.deepEqual((await store.listAccessKeys(ACCOUNT, { kind: 'root' })).map((k) => k.accessKeyId), [keyId(2)]);
      });
    });

    describe('access key last use', () => {
      beforeEach(async () => {
        await store.createAccount(account(ACCOUNT));
      });

      const use = (n: number, date: string, serviceName = 'iam', region = 'us-east-1') =>
        ({ accessKeyId: keyId(n), date, serviceName, region });

      it('records the latest use per key in one call; a key never used has no lastUsed', async () => {
        await store.createAccessKey(accessKey(keyId(1)));
        await store.createAccessKey(accessKey(keyId(2), { owner: { kind: 'user', userName: 'alice' } }));
        await store.createAccessKey(accessKey(keyId(3)));
        assert.equal('lastUsed' in ((await store.getAccessKey(keyId(1))) ?? {}), false);
        const updated = await store.recordAccessKeyUse([
          use(2, '2026-11-25T20:00:01.000Z', 'sts', 'eu-west-1'),
          use(1, '2026-11-25T20:00:00.000Z'),
          use(2, '2026-11-25T20:00:00.500Z', 'iam', 'us-east-1'),
          use(9, '2026-11-25T20:00:00.000Z'),
        ]);
        assert.equal(updated, 2, 'two keys updated; the older use of key 2 and the unknown key 9 skipped');
        assert.deepEqual(await store.getAccessKey(keyId(1)), {
          ...accessKey(keyId(1)), lastUsed: { date: '2026-11-25T20:00:00.000Z', serviceName: 'iam', region: 'us-east-1' },
        });
        assert.deepEqual((await store.getAccessKey(keyId(2)))?.lastUsed,
          { date: '2026-11-25T20:00:01.000Z', serviceName: 'sts', region: 'eu-west-1' });
        assert.deepEqual(await store.getAccessKey(keyId(3)), accessKey(keyId(3)));
        assert.deepEqual((await store.listAccessKeys(ACCOUNT, { kind: 'user', userName: 'alice' }))[0]?.lastUsed,
          { date: '2026-11-25T20:00:01.000Z', serviceName: 'sts', region: 'eu-west-1' });
        assert.equal(await store.getAccessKey(keyId(9)), undefined);
      });

      it('never moves a key\'s last use backwards (a later flush of an older use)', async () => {
        await store.createAccessKey(accessKey(keyId(1)));
        assert.equal(await store.recordAccessKeyUse([use(1, '2026-11-25T20:00:05.000Z', 'sts')]), 1);
        assert.equal(await store.recordAccessKeyUse([use(1, '2026-11-25T20:00:04.999Z', 'iam')]), 0);
        assert.equal(await store.recordAccessKeyUse([use(1, '2026-11-25T20:00:05.000Z', 'iam')]), 0);
        assert.deepEqual((await store.getAccessKey(keyId(1)))?.lastUsed, { date: '2026-11-25T20:00:05.000Z', serviceName: 'sts', region: 'us-east-1' });
        assert.equal(await store.recordAccessKeyUse([use(1, '2026-11-25T20:00:06.000Z', 'iam')]), 1);
        assert.equal((await store.getAccessKey(keyId(1)))?.lastUsed?.serviceName, 'iam');
        assert.equal(await store.recordAccessKeyUse([]), 0);
      });

      it('keeps the last use across status changes, and writes it with a key created with one', async () => {
        const lastUsed = { date: '2026-11-25T20:00:00.000Z', serviceName: 'iam', region: 'us-east-1' };
        await store.createAccessKey(accessKey(keyId(1), { lastUsed }));
        assert.deepEqual((await store.getAccessKey(keyId(1)))?.lastUsed, lastUsed);
        await store.updateAccessKeyStatus(keyId(1), 'Inactive');
        assert.deepEqual((await store.getAccessKey(keyId(1)))?.lastUsed, lastUsed);
      });

      it('records many keys\' uses in one transaction, concurrently with another writer of the same keys', async () => {
        for (let n = 0; n < 50; n++) await store.createAccessKey(accessKey(keyId(n)));
        const batch = (second: number) => Array.from({ length: 50 }, (_, n) => use(n, `2026-11-25T20:00:${String(second).padStart(2, '0')}.000Z`));
        await Promise.all([store.recordAccessKeyUse(batch(10)), store.recordAccessKeyUse(batch(20)), store.recordAccessKeyUse(batch(15))]);
        for (const key of await store.listAccessKeys(ACCOUNT, { kind: 'root' })) {
          assert.equal(key.lastUsed?.date, '2026-11-25T20:00:20.000Z');
        }
      });
    });

    describe('change announcements (onChanged)', () => {
      let seen: Awaited<ReturnType<typeof recordChanges>>;
      beforeEach(async () => {
        await store.createAccount(account(ACCOUNT));
        await store.createAccount(account(OTHER_ACCOUNT));
        seen = await recordChanges(store);
        seen.changes.length = 0;
      });
      afterEach(() => seen.stop());

      it('tells listeners of each committed IAM write\'s account, before transaction() resolves', async () => {
        const during: StoreChange[][] = [];
        await store.transaction(async (tx) => {
          await tx.createAccessKey(accessKey(keyId(1)));
          await tx.createEntity(entity('user', 'alice'));
          await tx.putInlinePolicy(inlinePolicy('alice', 'p', { accountId: OTHER_ACCOUNT }));
          during.push([...seen.changes]);
        });
        assert.deepEqual(during, [[]], 'nothing before the commit');
        assert.deepEqual(accountsIn(seen.changes).sort(), [ACCOUNT, OTHER_ACCOUNT], 'each account once, at commit');
      });

      it('announces every kind of IAM write, and nothing for reads, settings, key use or writes that changed nothing', async () => {
        const writes: [string, () => Promise<unknown>][] = [
          ['createAccount', () => store.createAccount(account('333333333333'))],
          ['createAccessKey', () => store.createAccessKey(accessKey(keyId(1)))],
          ['updateAccessKeyStatus', () => store.updateAccessKeyStatus(keyId(1), 'Inactive')],
          ['deleteAccessKey', () => store.deleteAccessKey(keyId(1))],
          ['createEntity', () => store.createEntity(entity('user', 'alice'))],
          ['updateEntity', () => store.updateEntity(entity('user', 'alice', { path: '/x/' }))],
          ['renameEntity', () => store.renameEntity(ACCOUNT, 'user', 'alice', entity('user', 'bob'))],
          ['deleteEntity', () => store.deleteEntity(ACCOUNT, 'user', 'bob')],
          ['addLink', () => store.addLink(link('group-member', 'g', 'bob'))],
          ['removeLink', () => store.removeLink(ACCOUNT, 'group-member', 'g', 'bob')],
          ['addLink again', () => store.addLink(link('group-member', 'g', 'bob'))],
          ['removeLinksOf', () => store.removeLinksOf(ACCOUNT, 'group-member', 'g', 'from')],
          ['putInlinePolicy', () => store.putInlinePolicy(inlinePolicy('bob', 'p'))],
          ['deleteInlinePolicy', () => store.deleteInlinePolicy(ACCOUNT, 'user', 'bob', 'p')],
        ];
        for (const [name, write] of writes) {
          seen.changes.length = 0;
          await write();
          assert.equal(seen.changes.length, 1, name);
        }
        seen.changes.length = 0;
        await store.createAccessKey(accessKey(keyId(2)));
        seen.changes.length = 0;
        const quiet: [string, () => Promise<unknown>][] = [
          ['reads', () => store.transaction(async (tx) => {
            await tx.getAccessKey(keyId(2));
            await tx.listEntities(ACCOUNT, 'user');
          })],
          ['setSetting', () => store.setSetting('x', 'y')],
          ['recordAccessKeyUse', () => store.recordAccessKeyUse([{ accessKeyId: keyId(2), date: '2026-11-25T20:00:00.000Z', serviceName: 'iam', region: 'us-east-1' }])],
          ['deleteAccessKey of no key', () => store.deleteAccessKey(keyId(7))],
          ['updateAccessKeyStatus of no key', () => store.updateAccessKeyStatus(keyId(7), 'Active')],
          ['deleteEntity of no entity', () => store.deleteEntity(ACCOUNT, 'user', 'nobody')],
          ['a conflicting insert', () => store.createEntity(entity('user', 'bob')).catch(() => undefined)],
        ];
        await store.createEntity(entity('user', 'bob'));
        seen.changes.length = 0;
        for (const [name, write] of quiet) {
          await write();
          assert.deepEqual(seen.changes, [], name);
        }
      });

      it('announces nothing for a transaction that rolled back', async () => {
        await assert.rejects(store.transaction(async (tx) => {
          await tx.createEntity(entity('user', 'alice'));
          throw new Boom('no');
        }), Boom);
        assert.deepEqual(seen.changes, []);
      });

      it('announces everything on truncateAll; an unsubscribed listener hears nothing more', async () => {
        await store.truncateAll();
        assert.deepEqual(seen.changes, [{ kind: 'everything' }]);
        seen.stop();
        await store.createAccount(account(ACCOUNT));
        assert.deepEqual(seen.changes, [{ kind: 'everything' }]);
      });

      it('a throwing listener neither fails the write nor silences the others', async () => {
        const stop = await store.onChanged(() => {
          throw new Error('listener bug');
        });
        const warnings: string[] = [];
        const onWarning = (warning: Error) => warnings.push(warning.message);
        process.on('warning', onWarning);
        try {
          await store.createEntity(entity('user', 'alice'));
          assert.deepEqual(accountsIn(seen.changes), [ACCOUNT]);
          await new Promise((resolve) => setImmediate(resolve));
          assert.ok(warnings.some((w) => w.includes('listener bug')), JSON.stringify(warnings));
        } finally {
          process.off('warning', onWarning);
          stop();
        }
      });
    });

    describe('IAM entities', () => {
      beforeEach(async () => {
        await store.createAccount(account(ACCOUNT));
        await store.createAccount(account(OTHER_ACCOUNT));
      });

      it('creates an entity and gets it field for field, by its name in any case', async () => {
        const bob = entity('user', 'Bob', {
          path: '/eng/',
          createdAt: '2026-11-25T19:07:18.123Z',
          data: { tags: [{ Key: 'team', Value: 'Ünïcødé ✓' }], nested: { n: 1, t: true, z: null } },
        });
        await store.createEntity(bob);
        assert.deepEqual(await store.getEntity(ACCOUNT, 'user', 'Bob'), bob);
        assert.deepEqual(await store.getEntity(ACCOUNT, 'user', 'bob'), bob);
        assert.deepEqual(await store.getEntity(ACCOUNT, 'user', 'BOB'), bob);
        assert.equal(await store.getEntity(ACCOUNT, 'group', 'Bob'), undefined);
        assert.equal(await store.getEntity(OTHER_ACCOUNT, 'user', 'Bob'), undefined);
        assert.equal(await store.getEntity(ACCOUNT, 'user', 'Bobby'), undefined);
      });

      it('keeps names unique per account and kind, ignoring case', async () => {
        await store.createEntity(entity('user', 'Bob'));
        await assert.rejects(store.createEntity(entity('user', 'bob')), isConflict('user'));
        await assert.rejects(store.createEntity(entity('user', 'BOB', { id: 'ID-other' })), isConflict('user'));
        assert.equal((await store.getEntity(ACCOUNT, 'user', 'bob'))?.name, 'Bob');
        // The same name is free for another kind and in another account.
        await store.createEntity(entity('group', 'bob'));
        await store.createEntity(entity('user', 'bob', { accountId: OTHER_ACCOUNT, id: 'ID-other-account-bob' }));
        assert.equal(await store.countEntities(ACCOUNT, 'user'), 1);
        assert.equal(await store.countEntities(ACCOUNT, 'group'), 1);
        assert.equal(await store.countEntities(OTHER_ACCOUNT, 'user'), 1);
      });

      it('rejects a taken id and a missing account with StoreConflict, the transaction staying usable', async () => {
        await store.createEntity(entity('role', 'deployer', { id: 'AROA0000000000000001' }));
        await store.transaction(async (tx) => {
          await assert.rejects(tx.createEntity(entity('role', 'other', { id: 'AROA0000000000000001' })),
            isConflict('entity-id'));
          await assert.rejects(tx.createEntity(entity('role', 'Deployer')), isConflict('role'));
          await assert.rejects(tx.createEntity(entity('role', 'x', { accountId: '333333333333' })), isConflict('account'));
          await tx.createEntity(entity('role', 'third'));
        });
        assert.deepEqual((await store.listEntities(ACCOUNT, 'role')).map((e) => e.name), ['deployer', 'third']);
      });

      it('updates path, arn and data, keeping name, id and creation time', async () => {
        const bob = entity('user', 'Bob', { data: { a: 1 } });
        await store.createEntity(bob);
        const changed = entity('user', 'bob', {
          id: 'ignored', createdAt: '2030-01-01T00:00:00.000Z', path: '/new/', arn: 'arn:new', data: { b: [2] },
        });
        assert.equal(await store.updateEntity(changed), true);
        assert.deepEqual(await store.getEntity(ACCOUNT, 'user', 'BOB'),
          { ...bob, path: '/new/', arn: 'arn:new', data: { b: [2] } });
        assert.equal(await store.updateEntity(entity('user', 'carol')), false);
        assert.equal(await store.updateEntity(entity('group', 'bob')), false);
        assert.equal(await store.getEntity(ACCOUNT, 'user', 'carol'), undefined);
      });

      it('renames an entity, refusing a name taken ignoring case', async () => {
        const bob = entity('user', 'Bob', { id: 'AIDA-BOB', data: { x: 1 } });
        await store.createEntity(bob);
        await store.createEntity(entity('user', 'Alice'));

        const robert = { ...bob, name: 'Robert', path: '/r/', arn: 'arn:robert', data: { x: 2 } };
        assert.equal(await store.renameEntity(ACCOUNT, 'user', 'BOB', robert), true);
        assert.equal(await store.getEntity(ACCOUNT, 'user', 'Bob'), undefined);
        assert.deepEqual(await store.getEntity(ACCOUNT, 'user', 'robert'), robert);

        await assert.rejects(store.renameEntity(ACCOUNT, 'user', 'Robert', { ...robert, name: 'ALICE' }), isConflict('user'));
        assert.deepEqual(await store.getEntity(ACCOUNT, 'user', 'Robert'), robert);
        assert.equal((await store.getEntity(ACCOUNT, 'user', 'alice'))?.name, 'Alice');

        // A change of case only is allowed.
        assert.equal(await store.renameEntity(ACCOUNT, 'user', 'robert', { ...robert, name: 'ROBERT' }), true);
        assert.deepEqual(await store.getEntity(ACCOUNT, 'user', 'Robert'), { ...robert, name: 'ROBERT' });

        // Missing entities: false, even when the new name is taken.
        assert.equal(await store.renameEntity(ACCOUNT, 'user', 'carol', entity('user', 'dave')), false);
        assert.equal(await store.renameEntity(ACCOUNT, 'user', 'carol', entity('user', 'alice')), false);
        assert.equal(await store.getEntity(ACCOUNT, 'user', 'dave'), undefined);
        assert.equal(await store.renameEntity(ACCOUNT, 'group', 'robert', entity('group', 'x')), false);
        assert.equal(await store.countEntities(ACCOUNT, 'user'), 2);
      });

      it('deletes an entity by its name in any case', async () => {
        await store.createEntity(entity('group', 'Admins'));
        await store.createEntity(entity('user', 'Admins'));
        assert.equal(await store.deleteEntity(ACCOUNT, 'group', 'ADMINS'), true);
        assert.equal(await store.getEntity(ACCOUNT, 'group', 'admins'), undefined);
        assert.equal(await store.deleteEntity(ACCOUNT, 'group', 'admins'), false);
        assert.equal((await store.getEntity(ACCOUNT, 'user', 'admins'))?.name, 'Admins');
        await store.createEntity(entity('group', 'admins'));
        assert.equal((await store.getEntity(ACCOUNT, 'group', 'Admins'))?.name, 'admins');
      });

      it('lists entities by lower-case name, in pages', async () => {
        for (const name of ['carol', 'Alice', 'eve', 'bob', 'Dave']) await store.createEntity(entity('user', name));
        await store.createEntity(entity('group', 'aaa'));
        await store.createEntity(entity('user', 'aaa', { accountId: OTHER_ACCOUNT, id: 'ID-other-aaa' }));
        const names = async (options?: Parameters<Store['listEntities']>[2]): Promise<string[]> =>
          (await store.listEntities(ACCOUNT, 'user', options)).map((e) => e.name);
        assert.deepEqual(await names(), ['Alice', 'bob', 'carol', 'Dave', 'eve']);
        assert.deepEqual(await names({ limit: 2 }), ['Alice', 'bob']);
        assert.deepEqual(await names({ after: 'bob', limit: 2 }), ['carol', 'Dave']);
        assert.deepEqual(await names({ after: 'dave', limit: 2 }), ['eve']);
        assert.deepEqual(await names({ after: 'b' }), ['bob', 'carol', 'Dave', 'eve']);
        assert.deepEqual(await names({ after: 'eve' }), []);
        assert.deepEqual(await names({ limit: 0 }), []);
        assert.equal(await store.countEntities(ACCOUNT, 'user'), 5);
        assert.equal(await store.countEntities(ACCOUNT, 'role'), 0);
      });

      it('orders names by code point, the same in both dialects', async () => {
        const keys = ['a_b', 'a-b', 'a.b', 'aa', 'a+b', 'a=b', 'a@b', 'a,b', 'ab', 'a0', 'z', 'ä'];
        for (const name of [...keys].reverse()) await store.createEntity(entity('policy', name));
        const listed = (await store.listEntities(ACCOUNT, 'policy')).map((e) => e.name);
        assert.deepEqual(listed, [...keys].sort());
        const after = (await store.listEntities(ACCOUNT, 'policy', { after: 'a-b' })).map((e) => e.name);
        assert.deepEqual(after, [...keys].sort().filter((k) => k > 'a-b'));
      });

      it('lists entities by path prefix, case-sensitively and without wildcards', async () => {
        const paths: Record<string, string> = {
          root: '/', eng: '/eng/', web: '/eng/web/', engineering: '/engineering/', upper: '/Eng/',
          underscore: '/a_b/', axb: '/axb/', percent: '/100%/', hundred: '/1000/',
        };
        for (const [name, path] of Object.entries(paths)) await store.createEntity(entity('role', name, { path }));
        const names = async (pathPrefix: string, page: { after?: string; limit?: number } = {}): Promise<string[]> =>
          (await store.listEntities(ACCOUNT, 'role', { pathPrefix, ...page })).map((e) => e.name);
        const all = Object.keys(paths).sort();
        assert.deepEqual(await names('/'), all);
        assert.deepEqual(await names(''), all);
        assert.deepEqual(await names('/eng/'), ['eng', 'web']);
        assert.deepEqual(await names('/eng'), ['eng', 'engineering', 'web']);
        assert.deepEqual(await names('/Eng/'), ['upper']);
        assert.deepEqual(await names('/eng/web/'), ['web']);
        assert.deepEqual(await names('/a_'), ['underscore']);
        assert.deepEqual(await names('/100%'), ['percent']);
        assert.deepEqual(await names('/%'), []);
        assert.deepEqual(await names('/nothing/'), []);
        assert.deepEqual(await names('/eng', { limit: 2 }), ['eng', 'engineering']);
        assert.deepEqual(await names('/eng', { after: 'engineering', limit: 2 }), ['web']);
      });
    });

    describe('IAM links', () => {
      beforeEach(async () => {
        await store.createAccount(account(ACCOUNT));
        await store.createAccount(account(OTHER_ACCOUNT));
      });

      it('adds links and lists them from either end, in order and in pages', async () => {
        for (const user of ['carol', 'alice', 'bob']) await store.addLink(link('group-member', 'admins', user));
        await store.addLink(link('group-member', 'devs', 'alice'));
        await store.addLink(link('group-member', 'admins', 'zed', { accountId: OTHER_ACCOUNT }));

        const from = await store.listLinksFrom(ACCOUNT, 'group-member', 'admins');
        assert.deepEqual(from, ['alice', 'bob', 'carol'].map((user) => link('group-member', 'admins', user)));
        const to = (page?: { after?: string; limit?: number }): Promise<string[]> =>
          store.listLinksTo(ACCOUNT, 'group-member', 'alice', page).then((links) => links.map((l) => l.from));
        assert.deepEqual(await to(), ['admins', 'devs']);
        assert.deepEqual(await to({ limit: 1 }), ['admins']);
        assert.deepEqual(await to({ after: 'admins' }), ['devs']);
        const toNames = async (page: { after?: string; limit?: number }): Promise<string[]> =>
          (await store.listLinksFrom(ACCOUNT, 'group-member', 'admins', page)).map((l) => l.to);
        assert.deepEqual(await toNames({ limit: 2 }), ['alice', 'bob']);
        assert.deepEqual(await toNames({ after: 'bob', limit: 2 }), ['carol']);
        assert.deepEqual(await toNames({ after: 'carol' }), []);

        assert.equal(await store.countLinksFrom(ACCOUNT, 'group-member', 'admins'), 3);
        assert.equal(await store.countLinksTo(ACCOUNT, 'group-member', 'alice'), 2);
        assert.equal(await store.countLinksTo(ACCOUNT, 'group-member', 'zed'), 0);
        assert.equal(await store.countLinksFrom(OTHER_ACCOUNT, 'group-member', 'admins'), 1);
        assert.deepEqual(await store.listLinksFrom(ACCOUNT, 'user-policy', 'admins'), []);
      });

      it('stores link ends exactly as given', async () => {
        const arn = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
        await store.addLink(link('user-policy', 'alice', arn));
        assert.deepEqual(await store.listLinksTo(ACCOUNT, 'user-policy', arn), [link('user-policy', 'alice', arn)]);
        assert.deepEqual(await store.listLinksTo(ACCOUNT, 'user-policy', arn.toLowerCase()), []);
        await store.addLink(link('user-policy', 'alice', arn.toLowerCase()));
        assert.equal(await store.countLinksFrom(ACCOUNT, 'user-policy', 'alice'), 2);
      });

      it('rejects a duplicate link and a missing account with StoreConflict, the transaction staying usable', async () => {
        await store.addLink(link('role-policy', 'deployer', 'arn:p1'));
        await store.transaction(async (tx) => {
          await assert.rejects(tx.addLink(link('role-policy', 'deployer', 'arn:p1')), isConflict('link'));
          await assert.rejects(tx.addLink(link('role-policy', 'x', 'y', { accountId: '333333333333' })), isConflict('account'));
          await tx.addLink(link('role-policy', 'deployer', 'arn:p2'));
          // The same ends under another kind are another link.
          await tx.addLink(link('group-policy', 'deployer', 'arn:p1'));
        });
        assert.equal(await store.countLinksFrom(ACCOUNT, 'role-policy', 'deployer'), 2);
        assert.equal(await store.countLinksFrom(ACCOUNT, 'group-policy', 'deployer'), 1);
      });

      it('removes one link, or every link of a kind at one end', async () => {
        for (const user of ['alice', 'bob']) {
          await store.addLink(link('group-member', 'admins', user));
          await store.addLink(link('group-member', 'devs', user));
        }
        await store.addLink(link('instance-profile-role', 'alice', 'admins'));
        await store.addLink(link('group-member', 'admins', 'alice', { accountId: OTHER_ACCOUNT }));

        assert.equal(await store.removeLink(ACCOUNT, 'group-member', 'devs', 'bob'), true);
        assert.equal(await store.removeLink(ACCOUNT, 'group-member', 'devs', 'bob'), false);
        assert.equal(await store.removeLink(ACCOUNT, 'group-member', 'bob', 'devs'), false);
        assert.deepEqual((await store.listLinksTo(ACCOUNT, 'group-member', 'bob')).map((l) => l.from), ['admins']);

        assert.equal(await store.removeLinksOf(ACCOUNT, 'group-member', 'alice', 'to'), 2);
        assert.equal(await store.countLinksTo(ACCOUNT, 'group-member', 'alice'), 0);
        assert.equal(await store.countLinksFrom(ACCOUNT, 'instance-profile-role', 'alice'), 1, 'other kinds are kept');
        assert.equal(await store.countLinksTo(OTHER_ACCOUNT, 'group-member', 'alice'), 1, 'other accounts are kept');

        assert.equal(await store.removeLinksOf(ACCOUNT, 'group-member', 'admins', 'from'), 1);
        assert.equal(await store.removeLinksOf(ACCOUNT, 'group-member', 'admins', 'from'), 0);
        assert.equal(await store.countLinksTo(ACCOUNT, 'instance-profile-role', 'admins'), 1, 'other kinds are kept');
        assert.deepEqual(await store.listLinksFrom(ACCOUNT, 'group-member', 'devs'), []);
      });
    });

    describe('inline policies', () => {
      beforeEach(async () => {
        await store.createAccount(account(ACCOUNT));
      });

      it('puts and gets a policy, by owner and policy name in any case', async () => {
        const policy = inlinePolicy('Alice', 'ReadS3');
        await store.putInlinePolicy(policy);
        assert.deepEqual(await store.getInlinePolicy(ACCOUNT, 'user', 'Alice', 'ReadS3'), policy);
        assert.deepEqual(await store.getInlinePolicy(ACCOUNT, 'user', 'ALICE', 'reads3'), policy);
        assert.equal(await store.getInlinePolicy(ACCOUNT, 'group', 'Alice', 'ReadS3'), undefined);
        assert.equal(await store.getInlinePolicy(ACCOUNT, 'user', 'Bob', 'ReadS3'), undefined);
        assert.equal(await store.getInlinePolicy(ACCOUNT, 'user', 'Alice', 'Other'), undefined);
        await assert.rejects(store.putInlinePolicy(inlinePolicy('Alice', 'x', { accountId: '333333333333' })),
          isConflict('account'));
      });

      it('replaces a policy put again under its name in any case', async () => {
        await store.putInlinePolicy(inlinePolicy('Alice', 'ReadS3', { document: '{"v":1}' }));
        await store.putInlinePolicy(inlinePolicy('Alice', 'ReadS3', { document: '{"v":2}' }));
        assert.equal((await store.getInlinePolicy(ACCOUNT, 'user', 'Alice', 'ReadS3'))?.document, '{"v":2}');
        const replaced = inlinePolicy('alice', 'READS3', { document: '{"v":3}' });
        await store.putInlinePolicy(replaced);
        assert.deepEqual(await store.listInlinePolicies(ACCOUNT, 'user', 'Alice'), [replaced]);
        assert.deepEqual(await store.getInlinePolicy(ACCOUNT, 'user', 'Alice', 'ReadS3'), replaced);
      });

      it('lists an owner\'s policies by lower-case name, in pages', async () => {
        for (const name of ['c', 'A', 'b', 'D']) await store.putInlinePolicy(inlinePolicy('alice', name));
        await store.putInlinePolicy(inlinePolicy('alice', 'aa', { ownerKind: 'role' }));
        await store.putInlinePolicy(inlinePolicy('bob', 'aa'));
        const names = async (page?: { after?: string; limit?: number }): Promise<string[]> =>
          (await store.listInlinePolicies(ACCOUNT, 'user', 'ALICE', page)).map((p) => p.policyName);
        assert.deepEqual(await names(), ['A', 'b', 'c', 'D']);
        assert.deepEqual(await names({ limit: 3 }), ['A', 'b', 'c']);
        assert.deepEqual(await names({ after: 'c', limit: 3 }), ['D']);
        assert.deepEqual(await names({ after: 'd' }), []);
        assert.deepEqual((await store.listInlinePolicies(ACCOUNT, 'role', 'alice')).map((p) => p.policyName), ['aa']);
        assert.deepEqual(await store.listInlinePolicies(ACCOUNT, 'group', 'alice'), []);
      });

      it('deletes a policy by its name in any case', async () => {
        await store.putInlinePolicy(inlinePolicy('alice', 'ReadS3'));
        await store.putInlinePolicy(inlinePolicy('alice', 'Other'));
        assert.equal(await store.deleteInlinePolicy(ACCOUNT, 'user', 'Alice', 'reads3'), true);
        assert.equal(await store.deleteInlinePolicy(ACCOUNT, 'user', 'Alice', 'reads3'), false);
        assert.equal(await store.deleteInlinePolicy(ACCOUNT, 'group', 'alice', 'other'), false);
        assert.deepEqual((await store.listInlinePolicies(ACCOUNT, 'user', 'alice')).map((p) => p.policyName), ['Other']);
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

      it('read() sees every committed write and returns its value', async () => {
        await store.transaction(async (tx) => {
          await tx.createAccount(account('111111111111'));
          await tx.createEntity(entity('user', 'Alice'));
        });
        const value = await store.read(async (tx) => {
          const found = await tx.getEntity(ACCOUNT, 'user', 'alice');
          return { name: found?.name, accounts: (await tx.listAccounts()).map((a) => a.id) };
        });
        assert.deepEqual(value, { name: 'Alice', accounts: ['111111111111'] });
        await store.updateEntity(entity('user', 'Alice', { path: '/moved/' }));
        assert.equal((await store.read((tx) => tx.getEntity(ACCOUNT, 'user', 'Alice')))?.path, '/moved/');
        assert.equal((await store.getEntity(ACCOUNT, 'user', 'Alice'))?.path, '/moved/');
      });

      it('read() never sees an uncommitted write and does not wait for an open write transaction', async () => {
        await store.createAccount(account('111111111111'));
        let release!: () => void;
        const gate = new Promise<void>((resolve) => {
          release = resolve;
        });
        let wrote!: () => void;
        const written = new Promise<void>((resolve) => {
          wrote = resolve;
        });
        const writing = store.transaction(async (tx) => {
          await tx.createEntity(entity('user', 'Pending'));
          await tx.setSetting('pending', 'yes');
          wrote();
          await gate;
        });
        await written;
        try {
          const timeout = new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), 3_000).unref());
          const seen = await Promise.race([store.read(async (tx) => ({
            entity: await tx.getEntity(ACCOUNT, 'user', 'Pending'),
            setting: await tx.getSetting('pending'),
            users: await tx.countEntities(ACCOUNT, 'user'),
          })), timeout]);
          assert.deepEqual(seen, { entity: undefined, setting: undefined, users: 0 });
          const direct = await Promise.race([store.getEntity(ACCOUNT, 'user', 'Pending'), timeout]);
          assert.equal(direct, undefined);
        } finally {
          release();
        }
        await writing;
        assert.equal((await store.getEntity(ACCOUNT, 'user', 'Pending'))?.name, 'Pending');
        assert.equal(await store.read((tx) => tx.getSetting('pending')), 'yes');
      });

      it('read() keeps one snapshot while a write commits beside it', async () => {
        await store.createAccount(account('111111111111'));
        await store.createEntity(entity('user', 'Before'));
        let release!: () => void;
        const gate = new Promise<void>((resolve) => {
          release = resolve;
        });
        let counted!: () => void;
        const firstCount = new Promise<void>((resolve) => {
          counted = resolve;
        });
        const reading = store.read(async (tx) => {
          const first = await tx.countEntities(ACCOUNT, 'user');
          counted();
          await gate;
          return { first, second: await tx.countEntities(ACCOUNT, 'user'), after: await tx.getEntity(ACCOUNT, 'user', 'After') };
        });
        await firstCount;
        await store.createEntity(entity('user', 'After'));
        release();
        // One snapshot: from before the write, or (SQLite's read cache runs the work again when what it
        // read changed meanwhile) from after it; never a mix.
        const seen = await reading;
        if (store.dialect === 'sqlite' && seen.first === 2) {
          assert.equal(seen.second, 2);
          assert.equal(seen.after?.name, 'After');
        } else {
          assert.deepEqual(seen, { first: 1, second: 1, after: undefined });
        }
        assert.equal(await store.countEntities(ACCOUNT, 'user'), 2);
      });

      it('read() refuses writes and the store itself inside it, and fails with its work', async () => {
        await store.createAccount(account('111111111111'));
        await assert.rejects(store.read(async (tx) => {
          await (tx as Parameters<Parameters<Store['transaction']>[0]>[0]).createAccount(account('222222222222'));
        }));
        assert.equal(await store.getAccount('222222222222'), undefined);
        await store.read(async () => {
          await assert.rejects(store.read(() => Promise.resolve()), /inside store\.read/);
          await assert.rejects(store.getAccount('111111111111'), /inside store\.read/);
          await assert.rejects(store.transaction(() => Promise.resolve()), /inside store\.read/);
        });
        await store.transaction(async () => {
          await assert.rejects(store.read(() => Promise.resolve()), /inside store\.transaction/);
        });
        const boom = new Boom('boom');
        await assert.rejects(store.read(() => Promise.reject(boom)), (error) => error === boom);
        assert.equal((await store.read((tx) => tx.getAccount('111111111111')))?.id, '111111111111', 'usable after a failed read');
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

      it('keeps a count limit among 20 concurrent check-then-add transactions (no write skew)', async () => {
        await store.createAccount(account(ACCOUNT));
        const added = await Promise.all(Array.from({ length: 20 }, (_, n) => store.transaction(async (tx) => {
          if (await tx.countLinksFrom(ACCOUNT, 'user-policy', 'alice') >= 10) return false;
          await tx.addLink(link('user-policy', 'alice', `arn:aws:iam::${ACCOUNT}:policy/p${String(n).padStart(2, '0')}`));
          return true;
        })));
        assert.equal(added.filter(Boolean).length, 10);
        assert.equal(await store.countLinksFrom(ACCOUNT, 'user-policy', 'alice'), 10);
        assert.equal((await store.listLinksFrom(ACCOUNT, 'user-policy', 'alice')).length, 10);
      });

      it('creates exactly one of 10 concurrent entities of the same name', async () => {
        await store.createAccount(account(ACCOUNT));
        const results = await Promise.allSettled(Array.from({ length: 10 }, (_, n) =>
          store.createEntity(entity('user', n % 2 === 0 ? 'Alice' : 'alice', { id: `AIDA${String(n).padStart(17, '0')}` }))));
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
        for (const result of results) {
          if (result.status === 'rejected') assert.ok(isConflict('user')(result.reason), String(result.reason));
        }
        assert.equal(await store.countEntities(ACCOUNT, 'user'), 1);
      });
    });

    describe('truncateAll', () => {
      // Its speed is measured by the benchmark (docs/benchmarks.md), not asserted here.
      it('empties every table, and the store stays usable', async () => {
        await store.createAccount(account('111111111111'));
        await store.createAccessKey(accessKey(keyId(1)));
        await store.createAccessKey(accessKey(keyId(2), { owner: { kind: 'user', userName: 'alice' } }));
        await store.setSetting('default-account-id', '111111111111');
        await store.createEntity(entity('user', 'alice'));
        await store.addLink(link('group-member', 'admins', 'alice'));
        await store.putInlinePolicy(inlinePolicy('alice', 'p'));

        await store.truncateAll();

        assert.deepEqual(await store.listAccounts(), []);
        assert.equal(await store.getAccessKey(keyId(1)), undefined);
        assert.equal(await store.getAccessKey(keyId(2)), undefined);
        assert.equal(await store.getSetting('default-account-id'), undefined);
        assert.equal(await store.getEntity(ACCOUNT, 'user', 'alice'), undefined);
        assert.equal(await store.countLinksTo(ACCOUNT, 'group-member', 'alice'), 0);
        assert.deepEqual(await store.listInlinePolicies(ACCOUNT, 'user', 'alice'), []);

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

        it('hear each other\'s committed IAM changes (LISTEN/NOTIFY), not their own twice, not rollbacks', async () => {
          await store.createAccount(account(ACCOUNT));
          const mine = await recordChanges(store);
          const theirs = await recordChanges(other);
          try {
            mine.changes.length = 0;
            theirs.changes.length = 0;
            const started = Date.now();
            await store.createEntity(entity('user', 'alice'));
            assert.deepEqual(accountsIn(mine.changes), [ACCOUNT], 'the writer\'s own listeners, at commit');
            assert.ok(await eventually(() => accountsIn(theirs.changes).length > 0, 1_000), 'the other node hears within a second');
            assert.deepEqual(accountsIn(theirs.changes), [ACCOUNT]);
            assert.ok(Date.now() - started < 1_000);

            await assert.rejects(store.transaction(async (tx) => {
              await tx.createEntity(entity('user', 'bob'));
              throw new Boom('rolled back');
            }), Boom);
            await other.createEntity(entity('group', 'admins', { accountId: OTHER_ACCOUNT }))
              .catch(() => undefined); // no such account: conflict, nothing written
            await other.putInlinePolicy(inlinePolicy('alice', 'p'));
            assert.ok(await eventually(() => accountsIn(mine.changes).length >= 2, 1_000));
            // Give a stray notification time to arrive before asserting there is none.
            await new Promise((resolve) => setTimeout(resolve, 200));
            assert.deepEqual(accountsIn(mine.changes), [ACCOUNT, ACCOUNT], 'its own write, then the other\'s; no rollback');
            assert.deepEqual(accountsIn(theirs.changes), [ACCOUNT, ACCOUNT], 'the first write, then its own; no echo');
            assert.equal(mine.changes.length, accountsIn(mine.changes).length, 'no everything while connected');
          } finally {
            mine.stop();
            theirs.stop();
          }
        });

        it('a lost LISTEN connection reconnects and says everything may have changed', async () => {
          await store.createAccount(account(ACCOUNT));
          const theirs = await recordChanges(other);
          const admin = new pg.Client({ connectionString: backend.url });
          await admin.connect();
          try {
            theirs.changes.length = 0;
            const killed = await admin.query(
              'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [LISTENER_APPLICATION_NAME]);
            assert.ok(killed.rowCount !== null && killed.rowCount >= 1, 'a listening connection exists');
            assert.ok(await eventually(() => theirs.changes.some((c) => c.kind === 'everything'), 5_000),
              JSON.stringify(theirs.changes));
            theirs.changes.length = 0;
            await store.createEntity(entity('user', 'carol'));
            assert.ok(await eventually(() => accountsIn(theirs.changes).includes(ACCOUNT), 1_000), 'still listening after reconnect');
          } finally {
            await admin.end();
            theirs.stop();
          }
        });

        it('agree on entity names ignoring case across nodes', async () => {
          await store.createAccount(account(ACCOUNT));
          const results = await Promise.allSettled([
            store.createEntity(entity('group', 'Admins')),
            other.createEntity(entity('group', 'ADMINS')),
          ]);
          assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
          const rejected = results.find((r) => r.status === 'rejected');
          assert.ok(rejected !== undefined && isConflict('group')(rejected.reason));
        });
      });

      describe('a database whose collation is linguistic', () => {
        // The test server's databases use the C locale; production ones often do not. An ICU en-US
        // database sorts `a_b` before `a-b`: the store must still order keys by code point.
        let icu: Store;
        before(async () => {
          const url = new URL(backend.url ?? assert.fail('the PostgreSQL backend has a URL'));
          const admin = new pg.Client({ connectionString: url.href });
          await admin.connect();
          try {
            await admin.query(`create database ward_icu template template0 locale_provider icu icu_locale 'en-US' locale 'C'`);
          } finally {
            await admin.end();
          }
          url.pathname = '/ward_icu';
          icu = await openPostgresStore({ connectionString: url.href });
          await icu.migrate();
        });
        after(async () => {
          await icu?.close();
        });

        it('still orders names, link ends and paths by code point', async () => {
          await icu.createAccount(account(ACCOUNT));
          const keys = ['a_b', 'a-b', 'aa', 'ab', 'a.b', 'A+B'];
          for (const name of keys) {
            await icu.createEntity(entity('user', name, { path: `/${name}/` }));
            await icu.addLink(link('group-member', 'g', name));
            await icu.putInlinePolicy(inlinePolicy('u', name));
          }
          const sorted = [...keys].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
          assert.deepEqual((await icu.listEntities(ACCOUNT, 'user')).map((e) => e.name), sorted);
          assert.deepEqual((await icu.listEntities(ACCOUNT, 'user', { after: 'a-b' })).map((e) => e.name),
            sorted.slice(sorted.indexOf('a-b') + 1));
          assert.deepEqual((await icu.listEntities(ACCOUNT, 'user', { pathPrefix: '/a-' })).map((e) => e.name), ['a-b']);
          assert.deepEqual((await icu.listLinksFrom(ACCOUNT, 'group-member', 'g')).map((l) => l.to), [...keys].sort());
          assert.deepEqual((await icu.listInlinePolicies(ACCOUNT, 'user', 'u')).map((p) => p.policyName), sorted);
        });
      });
    }
  });
}
