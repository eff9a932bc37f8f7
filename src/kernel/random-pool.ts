import type { RandomSource } from './ids.js';

/** How many bytes a pool draws from its source at once. */
const POOL_BYTES = 4096;

/**
 * A RandomSource that draws from `source` in blocks of {@link POOL_BYTES} and hands each byte out once, as
 * node's `randomUUID` caches its entropy: one call into the source per block instead of one per id, nonce
 * or key. Requests longer than a block go to the source directly.
 * INVARIANT: every byte is handed out at most once, and each answer is a fresh copy the caller may change.
 */
export function pooledRandom(source: RandomSource): RandomSource {
  let pool: Uint8Array = new Uint8Array(0);
  let offset = 0;
  return {
    bytes(length) {
      if (length > POOL_BYTES) return source.bytes(length);
      if (offset + length > pool.length) {
        pool = source.bytes(POOL_BYTES);
        offset = 0;
      }
      // A copy (a Buffer's `slice` would be a view of the pool).
      const out = new Uint8Array(length);
      out.set(pool.subarray(offset, offset + length));
      // The used bytes are wiped: what was handed out is not left in the pool for anyone to read later.
      pool.fill(0, offset, offset + length);
      offset += length;
      return out;
    },
  };
}
