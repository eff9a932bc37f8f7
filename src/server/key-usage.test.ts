// GetAccessKeyLastUsed's recording: in memory per request, one store write per flush (never per request),
// the latest use per key, a failed flush retried, the rest written on close.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccessKeyUse } from '../store/port.js';
import type { KeyUse } from './authenticator.js';
import { KeyUsageRecorder } from './key-usage.js';

const use = (accessKeyId: string, second: number, service = 'iam'): KeyUse =>
  ({ accessKeyId, at: Date.UTC(2026, 10, 25, 20, 0, second), service, region: 'us-east-1' });
/** What the store is given for a use. */
const written = (accessKeyId: string, second: number, serviceName = 'iam'): AccessKeyUse =>
  ({ accessKeyId, date: `2026-11-25T20:00:${String(second).padStart(2, '0')}.000Z`, serviceName, region: 'us-east-1' });

/** A store that keeps every batch it is given; `fail` makes the next call throw. */
function batchStore() {
  const batches: AccessKeyUse[][] = [];
  const store = {
    fail: false,
    async recordAccessKeyUse(uses: readonly AccessKeyUse[]): Promise<number> {
      if (store.fail) {
        store.fail = false;
        throw new Error('database down');
      }
      batches.push([...uses]);
      return uses.length;
    },
  };
  return { store, batches };
}

describe('KeyUsageRecorder', () => {
  test('1,000 uses of 3 keys are one write of 3 entries, each the latest use of its key', async () => {
    const { store, batches } = batchStore();
    const recorder = new KeyUsageRecorder(store, 60_000);
    const latest: Record<string, string> = {};
    for (let i = 0; i < 1_000; i++) {
      const u = use(`AKIA${i % 3}`, (i * 7) % 60, i % 2 === 0 ? 'iam' : 'sts');
      recorder.record(u);
      const date = new Date(u.at).toISOString();
      if ((latest[u.accessKeyId] ?? '') < date) latest[u.accessKeyId] = date;
    }
    recorder.record(use('AKIA0', 1)); // older than what is pending: ignored
    assert.equal(batches.length, 0, 'nothing written per request');
    await recorder.flush();
    assert.equal(batches.length, 1);
    const byKey = Object.fromEntries((batches[0] ?? []).map((u) => [u.accessKeyId, u.date]));
    assert.deepEqual(byKey, latest);
    assert.equal(Object.keys(byKey).length, 3);
    await recorder.flush();
    assert.equal(batches.length, 1, 'an empty flush writes nothing');
  });

  test('a failed flush keeps its uses for the next one (newer uses win)', async () => {
    const { store, batches } = batchStore();
    const recorder = new KeyUsageRecorder(store, 60_000);
    recorder.record(use('AKIA1', 10));
    recorder.record(use('AKIA2', 10));
    store.fail = true;
    await recorder.flush();
    assert.equal(recorder.failures, 1);
    assert.equal(recorder.pendingCount, 2);
    recorder.record(use('AKIA1', 20, 'sts'));
    await recorder.flush();
    assert.deepEqual(batches, [[written('AKIA1', 20, 'sts'), written('AKIA2', 10)]]);
  });

  test('flushes on its timer, and close() writes what is left and stops the timer', async () => {
    const { store, batches } = batchStore();
    const recorder = new KeyUsageRecorder(store, 20);
    recorder.start();
    recorder.record(use('AKIA1', 1));
    const deadline = Date.now() + 2_000;
    while (batches.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual(batches, [[written('AKIA1', 1)]]);
    recorder.record(use('AKIA1', 2));
    await recorder.close();
    assert.deepEqual(batches.at(-1), [written('AKIA1', 2)]);
    const count = batches.length;
    recorder.record(use('AKIA1', 3));
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(batches.length, count, 'no timer after close');
  });
});

describe('key use in a running Ward (SQLite, in process)', () => {
  test('a request records its key\'s use in memory only; the store has it after close()', async () => {
    const { GetCallerIdentityCommand, STSClient } = await import('@aws-sdk/client-sts');
    const { openStore } = await import('../store/index.js');
    const { startWard } = await import('./runtime.js');
    const { tempDir } = await import('./test-support/ward-process.js');
    const dir = tempDir();
    try {
      const ward = await startWard({ host: '127.0.0.1', port: 0, dataDir: dir.path, dev: false, region: 'us-east-1', keyUseFlushMs: 3_600_000 }, {});
      const created = ward.created;
      assert.ok(created);
      const client = new STSClient({
        endpoint: ward.url, region: 'eu-central-1', maxAttempts: 1,
        credentials: { accessKeyId: created.rootAccessKeyId, secretAccessKey: created.rootSecretAccessKey },
      });
      for (let i = 0; i < 5; i++) await client.send(new GetCallerIdentityCommand({}));
      const reader = await openStore({ dataDir: dir.path });
      try {
        assert.equal((await reader.getAccessKey(created.rootAccessKeyId))?.lastUsed, undefined, 'no write per request');
        await ward.close();
        const lastUsed = (await reader.getAccessKey(created.rootAccessKeyId))?.lastUsed;
        assert.equal(lastUsed?.serviceName, 'sts');
        assert.equal(lastUsed?.region, 'eu-central-1');
        assert.ok(Math.abs(Date.parse(lastUsed?.date ?? '') - Date.now()) < 60_000);
      } finally {
        await reader.close();
      }
    } finally {
      dir.remove();
    }
  });
});
