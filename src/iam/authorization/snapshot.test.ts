// The compiled-snapshot cache: built once per principal, dropped per account, a drop during a load wins.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SnapshotCache } from './snapshot.js';

describe('SnapshotCache', () => {
  test('loads once per principal; drop forgets only that account', async () => {
    const cache = new SnapshotCache<string>();
    let loads = 0;
    const load = (value: string) => async () => {
      loads += 1;
      return value;
    };
    assert.equal(await cache.get('111111111111', 'alice', load('a1')), 'a1');
    assert.equal(await cache.get('111111111111', 'alice', load('a2')), 'a1');
    assert.equal(await cache.get('222222222222', 'alice', load('b1')), 'b1');
    assert.equal(loads, 2);
    cache.drop('111111111111');
    assert.equal(cache.count, 1);
    assert.equal(await cache.get('111111111111', 'alice', load('a3')), 'a3');
    assert.equal(await cache.get('222222222222', 'alice', load('b2')), 'b1');
  });

  test('a drop during a load discards it: the next get loads again', async () => {
    const cache = new SnapshotCache<string>();
    let release: (value: string) => void = () => {};
    const first = cache.get('111111111111', 'alice', () => new Promise<string>((resolve) => (release = resolve)));
    cache.drop('111111111111');
    release('stale');
    assert.equal(await first, 'stale');
    assert.equal(await cache.get('111111111111', 'alice', async () => 'fresh'), 'fresh');
  });

  test('a failed load is not cached', async () => {
    const cache = new SnapshotCache<string>();
    await assert.rejects(cache.get('111111111111', 'alice', async () => {
      throw new Error('store down');
    }));
    assert.equal(await cache.get('111111111111', 'alice', async () => 'ok'), 'ok');
    assert.equal(cache.count, 1);
  });
});
