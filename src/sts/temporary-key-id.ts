import { IdPrefix, type RandomSource } from '../kernel/index.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * A temporary access key id (`ASIA` + 16 base-32 characters) that carries its account, as AWS's do: the
 * 16 characters are 10 bytes whose first 6, as a big-endian number, hold the account id in bits 7–46
 * (the encoding GetAccessKeyInfo answers from without a lookup; see "AWS access key ID formats",
 * https://awsteele.com/blog/2020/09/26/aws-access-key-format.html). The rest is random.
 */
export function newTemporaryAccessKeyId(accountId: string, random: RandomSource): string {
  if (!/^\d{12}$/.test(accountId)) throw new Error(`not an account id: ${accountId}`);
  const bytes = random.bytes(10);
  // The account (below 10^12 < 2^40) shifted by 7 bits, plus 7 random ones: under 2^47, so exact in a double
  // (no BigInt on AssumeRole's path).
  let z = Number(accountId) * 128 + ((bytes[0] ?? 0) & 0x7f);
  for (let i = 5; i >= 0; i--) {
    bytes[i] = z % 256;
    z = Math.floor(z / 256);
  }
  let out: string = IdPrefix.TemporaryAccessKey;
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

/** The account an `AKIA…`/`ASIA…` key id encodes (see {@link newTemporaryAccessKeyId}); undefined if malformed. */
export function accountOfKeyId(accessKeyId: string): string | undefined {
  if (!/^A[SK]IA[A-Z2-7]{16}$/.test(accessKeyId)) return undefined;
  let z = 0n;
  let bits = 0;
  for (const char of accessKeyId.slice(4, 14)) {
    z = (z << 5n) | BigInt(BASE32.indexOf(char));
    bits += 5;
  }
  // 10 characters are 50 bits; the first 48 are the 6 bytes.
  z >>= BigInt(bits - 48);
  return ((z & 0x7fffffffff80n) >> 7n).toString().padStart(12, '0');
}
