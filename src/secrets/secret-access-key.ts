import { randomBytes } from 'node:crypto';
import { pooledRandom } from '../kernel/index.js';

/** Random bytes drawn from the system in blocks: one call per ~130 secrets instead of one each (~8 µs). */
const random = pooledRandom({ bytes: (length) => randomBytes(length) });

/**
 * A new secret access key: 40 characters of standard base64 (A–Z a–z 0–9 + /), the shape AWS issues.
 * 30 random bytes encode to exactly 40 characters with no padding: 240 bits of entropy. The bytes come
 * from a pool (src/kernel/random-pool.ts) that hands each out once and wipes it from the pool.
 */
export function newSecretAccessKey(): string {
  const bytes = random.bytes(30);
  const secret = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  bytes.fill(0);
  return secret;
}
