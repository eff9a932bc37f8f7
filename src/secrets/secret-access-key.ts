import type { RandomSource } from '../kernel/index.js';

/**
 * A new secret access key: 40 characters of standard base64 (A–Z a–z 0–9 + /), the shape AWS issues.
 * 30 random bytes encode to exactly 40 characters with no padding: 240 bits of entropy. The server passes
 * its one pooled source (src/kernel/random-pool.ts, built in src/server/runtime.ts).
 */
export function newSecretAccessKey(random: RandomSource): string {
  const bytes = random.bytes(30);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
