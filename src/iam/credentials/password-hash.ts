import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing (../shared/DESIGN.md, "Secrets"): scrypt with a random 16-byte salt, its parameters
 * recorded with the hash (`scrypt$N$r$p$salt$hash`, base64) so they can be raised later without breaking
 * the hashes already stored; verification compares in constant time.
 * INVARIANT: the plain password is never stored, logged or put in an error message.
 */

/** N = 2^15, r = 8, p = 1: OWASP's scrypt floor (about 32 MiB and tens of milliseconds a hash). */
const N = 32768;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, n: number, r: number, p: number, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem: 128 * N * r bytes plus headroom; node's default (32 MiB) is just too small for N = 2^15.
    scrypt(password, salt, length, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 }, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

/** The stored form of `password`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P, KEY_LENGTH);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Whether `password` is the one `stored` was made from (false for a malformed `stored`). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || n === undefined || r === undefined || p === undefined || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p), expected.length);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
