import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import type { Database } from '../kysely/index.js';
import { StoreConflict } from '../port.js';
import { createDialect } from './dialect.js';
import { classifyError } from './errors.js';
import { openSqliteStore } from './index.js';
import { createTransactionRunner, DEFAULT_GROUP_LIMITS, type GroupLimits, type TransactionRunner } from './transactions.js';

/** A writer runner on a file with two tables, recording every statement it runs on the raw connection. */
interface Harness {
  readonly file: string;
  readonly runner: TransactionRunner;
  /** `begin immediate`, `savepoint ...`, `commit`, ... in the order run. */
  readonly statements: string[];
  /** Makes the next COMMIT throw this error instead of committing. */
  failNextCommit(error: Error): void;
  /** Rows of `item` as seen from a fresh connection: only what was committed. */
  committed(): { id: number; name: string }[];
  close(): Promise<void>;
}

async function open(dir: string, limits: GroupLimits = DEFAULT_GROUP_LIMITS): Promise<Harness> {
  const file = join(dir, 'ward.db');
  const writer = createDialect({ file });
  writer.database.exec(`
    create table if not exists item (id integer primary key, name text not null unique);
    create table if not exists parent (id integer primary key);
    create table if not exists child (id integer primary key, parent_id integer not null references parent (id));`);
  const statements: string[] = [];
  let commitError: Error | undefined;
  const run = writer.connection.run.bind(writer.connection);
  writer.connection.run = (text: string): void => {
    statements.push(text);
    if (text === 'commit' && commitError !== undefined) {
      const error = commitError;
      commitError = undefined;
      throw error;
    }
    run(text);
  };
  const db = new Kysely<Database>({ dialect: writer.dialect });
  const runner = createTransactionRunner(db, writer.connection, 'begin immediate', limits);
  return {
    file,
    runner,
    statements,
    failNextCommit(error) {
      commitError = error;
    },
    committed() {
      const reader = new BetterSqlite3(file, { readonly: true });
      try {
        return reader.prepare('select id, name from item order by id').all() as { id: number; name: string }[];
      } finally {
        reader.close();
      }
    },
    async close() {
      await runner.drain();
      await db.destroy();
    },
  };
}

async function insert(trx: Kysely<Database>, id: number, name = `item-${id}`): Promise<void> {
  await sql`insert into item (id, name) values (${id}, ${name})`.execute(trx);
}

async function count(trx: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from item`.execute(trx);
  return rows[0]?.n ?? 0;
}

function commits(statements: readonly string[]): number {
  return statements.filter((text) => text === 'commit').length;
}

describe('SQLite writer: group commit', () => {
  let dir: string;
  let harness: Harness;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ward-group-commit-'));
    // No time limit here: on a busy machine a group could pass the default 5 ms and split, and these tests
    // count COMMITs. The time limit has its own test.
    harness = await open(dir, { ...DEFAULT_GROUP_LIMITS, maxMillis: 60_000 });
  });
  afterEach(async () => {
    await harness.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs a lone transaction as before: BEGIN IMMEDIATE, its work, COMMIT, no savepoint', async () => {
    await harness.runner.run((trx) => insert(trx, 1));
    assert.deepEqual(harness.statements, ['begin immediate', 'commit']);
    assert.deepEqual(harness.committed(), [{ id: 1, name: 'item-1' }]);
  });

  it('commits concurrent transactions with one COMMIT, and all their writes survive reopening the file', async () => {
    const ids = Array.from({ length: 20 }, (_, index) => index + 1);
    const values = await Promise.all(ids.map((id) => harness.runner.run(async (trx) => {
      await insert(trx, id);
      return id * 10;
    })));
    assert.deepEqual(values, ids.map((id) => id * 10));
    assert.equal(commits(harness.statements), 1);
    assert.equal(harness.statements.filter((text) => text.startsWith('savepoint')).length, 19);
    await harness.close();
    harness = await open(dir);
    assert.deepEqual(harness.committed().map((row) => row.id), ids);
  });

  it('settles no transaction of a group before its COMMIT has returned', async () => {
    const seenOnSettling: { commits: number; rows: number[] }[] = [];
    await Promise.all([1, 2, 3].map((id) => harness.runner.run((trx) => insert(trx, id)).then(() => {
      seenOnSettling.push({ commits: commits(harness.statements), rows: harness.committed().map((row) => row.id) });
    })));
    assert.deepEqual(seenOnSettling, [1, 2, 3].map(() => ({ commits: 1, rows: [1, 2, 3] })));
  });

  it('rolls back a failing transaction of a group alone, rejecting it with its own error', async () => {
    const mine = new Error('work failed');
    const results = await Promise.allSettled([
      harness.runner.run((trx) => insert(trx, 1)),
      harness.runner.run(async (trx) => {
        await insert(trx, 2);
        throw mine;
      }),
      harness.runner.run(async (trx) => {
        await insert(trx, 3);
        await insert(trx, 4, 'item-1'); // UNIQUE constraint on name
      }),
      harness.runner.run((trx) => insert(trx, 5)),
    ]);
    assert.equal(results[0].status, 'fulfilled');
    assert.deepEqual(results[1], { status: 'rejected', reason: mine });
    assert.equal(results[2].status, 'rejected');
    assert.equal(classifyError((results[2] as PromiseRejectedResult).reason), 'unique');
    assert.equal(results[3].status, 'fulfilled');
    assert.deepEqual(harness.committed().map((row) => row.id), [1, 5]);
    assert.equal(commits(harness.statements), 1);
  });

  it('rolls back a failing first transaction alone; the ones behind it still commit', async () => {
    const mine = new Error('first failed');
    const results = await Promise.allSettled([
      harness.runner.run(async (trx) => {
        await insert(trx, 1);
        throw mine;
      }),
      harness.runner.run((trx) => insert(trx, 2)),
      harness.runner.run((trx) => insert(trx, 3)),
    ]);
    assert.deepEqual(results.map((result) => result.status), ['rejected', 'fulfilled', 'fulfilled']);
    assert.equal((results[0] as PromiseRejectedResult).reason, mine);
    assert.deepEqual(harness.committed().map((row) => row.id), [2, 3]);
  });

  it('rejects every transaction of a group whose COMMIT fails, and leaves nothing of it', async () => {
    const diskFull = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    harness.failNextCommit(diskFull);
    const results = await Promise.allSettled([1, 2, 3].map((id) => harness.runner.run((trx) => insert(trx, id))));
    assert.deepEqual(results, [1, 2, 3].map(() => ({ status: 'rejected', reason: diskFull })));
    assert.deepEqual(harness.committed(), []);
    assert.equal(await harness.runner.run(count), 0);
    await harness.runner.run((trx) => insert(trx, 4));
    assert.deepEqual(harness.committed().map((row) => row.id), [4]);
  });

  it('settles a failed grouped transaction only after the COMMIT: when the COMMIT fails, with its error', async () => {
    const diskFull = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    harness.failNextCommit(diskFull);
    const settledBeforeCommit: string[] = [];
    const results = await Promise.allSettled([
      harness.runner.run((trx) => insert(trx, 1)),
      // Fails on the name the first took: an error that rests on a write the failed COMMIT throws away.
      harness.runner.run((trx) => insert(trx, 2, 'item-1')).catch((error: unknown) => {
        settledBeforeCommit.push(commits(harness.statements) === 0 ? 'before' : 'after');
        throw error;
      }),
    ]);
    assert.deepEqual(results, [{ status: 'rejected', reason: diskFull }, { status: 'rejected', reason: diskFull }]);
    assert.deepEqual(settledBeforeCommit, ['after']);
    assert.deepEqual(harness.committed(), []);
  });

  it('rejects the whole group when SQLite ends its transaction during one of its transactions', async () => {
    const lost = new Error('transaction ended');
    const results = await Promise.allSettled([
      harness.runner.run((trx) => insert(trx, 1)),
      harness.runner.run(async (trx) => {
        await insert(trx, 2);
        // What SQLite does by itself on SQLITE_FULL or an I/O error: the whole transaction is gone.
        await sql`rollback`.execute(trx);
        throw lost;
      }),
    ]);
    assert.deepEqual(results, [{ status: 'rejected', reason: lost }, { status: 'rejected', reason: lost }]);
    assert.deepEqual(harness.committed(), []);
    await harness.runner.run((trx) => insert(trx, 3));
    assert.deepEqual(harness.committed().map((row) => row.id), [3]);
  });

  it('runs the transactions of a group in queue order, each seeing the writes of those before it', async () => {
    const seen = await Promise.all(Array.from({ length: 10 }, (_, index) => harness.runner.run(async (trx) => {
      const before = await count(trx);
      await insert(trx, index + 1);
      return before;
    })));
    assert.deepEqual(seen, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(commits(harness.statements), 1);
  });

  it('commits at most maxTransactions transactions at a time', async () => {
    await harness.close();
    harness = await open(dir, { maxTransactions: 4, maxMillis: 60_000 });
    await Promise.all(Array.from({ length: 10 }, (_, index) => harness.runner.run((trx) => insert(trx, index + 1))));
    assert.equal(commits(harness.statements), 3);
    assert.equal(harness.committed().length, 10);
  });

  it('lets no transaction join a group that has run for maxMillis', async () => {
    await harness.close();
    harness = await open(dir, { maxTransactions: 64, maxMillis: 0 });
    await Promise.all([1, 2, 3].map((id) => harness.runner.run((trx) => insert(trx, id))));
    assert.equal(commits(harness.statements), 3);
  });

  it('rejects alone a grouped transaction that deferred its foreign keys and broke one; the next ones check theirs', async () => {
    await harness.runner.run((trx) => sql`insert into parent (id) values (1)`.execute(trx));
    const results = await Promise.allSettled([
      harness.runner.run((trx) => insert(trx, 1)),
      harness.runner.run(async (trx) => {
        await sql`pragma defer_foreign_keys = on`.execute(trx);
        await sql`insert into child (id, parent_id) values (1, 99)`.execute(trx);
      }),
      harness.runner.run(async (trx) => {
        // Deferred, then repaired before the end: fine, as it would be at COMMIT.
        await sql`pragma defer_foreign_keys = on`.execute(trx);
        await sql`insert into child (id, parent_id) values (2, 2)`.execute(trx);
        await sql`insert into parent (id) values (2)`.execute(trx);
      }),
      // Checked at once again: the pragma of the ones before did not leak into it.
      harness.runner.run((trx) => sql`insert into child (id, parent_id) values (3, 98)`.execute(trx)),
      harness.runner.run((trx) => insert(trx, 2)),
    ]);
    assert.deepEqual(results.map((result) => result.status), ['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    assert.equal((results[1] as PromiseRejectedResult).reason.code, 'SQLITE_CONSTRAINT_FOREIGNKEY');
    assert.equal(classifyError((results[1] as PromiseRejectedResult).reason), 'foreign-key');
    assert.equal(classifyError((results[3] as PromiseRejectedResult).reason), 'foreign-key');
    assert.deepEqual(harness.committed().map((row) => row.id), [1, 2]);
    const reader = new BetterSqlite3(harness.file, { readonly: true });
    try {
      assert.deepEqual(reader.prepare('select id from child order by id').pluck().all(), [2]);
    } finally {
      reader.close();
    }
  });

  it('ends the group with a first transaction that deferred its foreign keys: its COMMIT checks them alone', async () => {
    const results = await Promise.allSettled([
      harness.runner.run(async (trx) => {
        await sql`pragma defer_foreign_keys = on`.execute(trx);
        await sql`insert into child (id, parent_id) values (1, 99)`.execute(trx);
      }),
      harness.runner.run((trx) => insert(trx, 1)),
    ]);
    assert.deepEqual(results.map((result) => result.status), ['rejected', 'fulfilled']);
    assert.equal(classifyError((results[0] as PromiseRejectedResult).reason), 'foreign-key');
    assert.deepEqual(harness.committed().map((row) => row.id), [1]);
  });

  it('drain() resolves once every queued transaction has ended, including those queued while it waits', async () => {
    const ended: number[] = [];
    const runs = [1, 2, 3].map((id) => harness.runner.run(async (trx) => {
      await insert(trx, id);
      if (id === 3) void harness.runner.run((inner) => insert(inner, 4)).then(() => ended.push(4));
    }).then(() => ended.push(id)));
    await harness.runner.drain();
    assert.deepEqual(ended.sort(), [1, 2, 3, 4]);
    await Promise.all(runs);
  });
});

describe('SQLite writer: the queue never stalls', () => {
  it('runs a transaction asked for at any moment of the queue running dry', async () => {
    // Each transaction asks for the next a few microtasks after it settles: whenever the queue has just
    // run dry. (A queue that noticed it was idle a microtask after its last look would miss some.)
    const dir = await mkdtemp(join(tmpdir(), 'ward-group-commit-'));
    const harness = await open(dir);
    try {
      for (let delay = 0; delay < 12; delay += 1) {
        const next = async (id: number): Promise<void> => {
          await harness.runner.run((trx) => insert(trx, id));
          for (let i = 0; i < delay; i += 1) await Promise.resolve();
          if (id % 10 !== 9) await next(id + 1);
        };
        const stalled = new Promise<'stalled'>((resolve) => setTimeout(() => resolve('stalled'), 5_000).unref());
        assert.notEqual(await Promise.race([next(delay * 10), stalled]), 'stalled', `delay ${delay}`);
      }
      assert.equal(harness.committed().length, 120);
    } finally {
      await harness.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('SQLite store: group commit through the port', () => {
  it('commits concurrent writes, rejects a duplicate with StoreConflict alone, and keeps the rest across reopening', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ward-group-commit-store-'));
    const file = join(dir, 'ward.db');
    try {
      const store = await openSqliteStore({ file });
      const ids = Array.from({ length: 30 }, (_, index) => String(100_000_000_000 + index));
      try {
        await store.migrate();
        const results = await Promise.allSettled([
          ...ids.map((id) => store.createAccount({ id, name: `account-${id}`, createdAt: '2026-11-25T19:07:18.000Z' })),
          store.createAccount({ id: ids[0] as string, name: 'duplicate', createdAt: '2026-11-25T19:07:18.000Z' }),
        ]);
        assert.equal(results.filter((result) => result.status === 'fulfilled').length, 30);
        const last = results.at(-1) as PromiseRejectedResult;
        assert.ok(last.reason instanceof StoreConflict);
      } finally {
        await store.close();
      }
      const reopened = await openSqliteStore({ file });
      try {
        const accounts = await reopened.listAccounts({ limit: 100 });
        assert.deepEqual(accounts.map((account) => account.id), ids);
        assert.equal(accounts[0]?.name, `account-${ids[0]}`);
      } finally {
        await reopened.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
