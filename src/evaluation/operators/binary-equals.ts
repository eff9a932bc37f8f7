import type { ConditionOperator } from './types.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes base64 into a string of byte values (one char per byte); `undefined` when not base64. */
export function decodeBase64(text: string): string | undefined {
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) return undefined;
  const body = clean.replace(/=+$/, '');
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const c of body) {
    buffer = (buffer << 6) | ALPHABET.indexOf(c);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((buffer >> bits) & 0xff);
    }
  }
  return out;
}

/** `BinaryEquals`: compares base64-encoded values byte for byte (the request value is base64 too). */
export const BinaryEquals: ConditionOperator<string, string> = {
  name: 'BinaryEquals', negated: false, variables: false, family: 'binary',
  policy: decodeBase64, request: decodeBase64, match: (r, p) => r === p,
};
