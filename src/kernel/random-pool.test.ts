import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RandomSource } from './ids.js';
import { pooledRandom } from './random-pool.js';

/** A source counting its calls, whose bytes are 0, 1, 2, ... (mod 256) across calls. */
function countingSource(): RandomSource & { calls: number[] } {
  let next = 0;
  const calls: number[] = [];
  return {
    calls,
    bytes(length) {
      calls.push(length);
      return Buffer.from(Array.from({ length }, () => next++ & 0xff));
    },
  };
}

describe('pooledRandom', () => {
  test('hands out the source\'s bytes in order, each once, drawing a block at a time', () => {
    const source = countingSource();
    const pool = pooledRandom(source);
    const answers = Array.from({ length: 1000 }, () => Array.from(pool.bytes(12)));
    // 341 answers of 12 bytes a block of 4096: its last 4 bytes are skipped, never reused.
    assert.deepEqual(source.calls, [4096, 4096, 4096]);
    answers.forEach((answer, k) => {
      const start = Math.floor(k / 341) * 4096 + (k % 341) * 12;
      assert.deepEqual(answer, Array.from({ length: 12 }, (_, m) => (start + m) & 0xff), `answer ${k}`);
    });
  });

  test('answers are copies: changing one changes neither the pool nor another answer', () => {
    const pool = pooledRandom(countingSource());
    const a = pool.bytes(10);
    const copy = Uint8Array.from(a);
    a.fill(0xee);
    const b = pool.bytes(10);
    assert.deepEqual(Array.from(b), Array.from(copy).map((x) => x + 10));
  });

  test('a request longer than a block goes to the source', () => {
    const source = countingSource();
    assert.equal(pooledRandom(source).bytes(5000).length, 5000);
    assert.deepEqual(source.calls, [5000]);
  });
});
