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

  test('answers are copies: the block drawn from the source is not shared, and what was handed out is wiped from it', () => {
    const blocks: Uint8Array[] = [];
    const source = countingSource();
    const pool = pooledRandom({ bytes: (length) => { const block = source.bytes(length); blocks.push(block); return block; } });
    const a = pool.bytes(10);
    assert.deepEqual(Array.from(a), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const block = blocks[0]!;
    assert.notEqual(a.buffer, block.buffer);
    // The handed-out bytes are zero in the pool; the next ones are still there.
    assert.deepEqual(Array.from(block.subarray(0, 12)), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 11]);
    a.fill(0xee);
    assert.deepEqual(Array.from(block.subarray(0, 10)), new Array(10).fill(0));
    assert.deepEqual(Array.from(pool.bytes(10)), [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });

  test('a request longer than a block goes to the source', () => {
    const source = countingSource();
    assert.equal(pooledRandom(source).bytes(5000).length, 5000);
    assert.deepEqual(source.calls, [5000]);
  });
});
