import { randomBytes } from 'node:crypto';

/**
 * A new secret access key: 40 characters of standard base64 (A–Z a–z 0–9 + /), the shape AWS issues.
 * 30 random bytes encode to exactly 40 characters with no padding: 240 bits of entropy.
 */
export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}
