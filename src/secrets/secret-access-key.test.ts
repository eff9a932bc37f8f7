import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomBytes } from 'node:crypto';
import { newSecretAccessKey } from './secret-access-key.js';

const random = { bytes: (length: number) => randomBytes(length) };

test('40 characters of base64 (A-Z a-z 0-9 + /), no padding', () => {
  for (let i = 0; i < 200; i++) assert.match(newSecretAccessKey(random), /^[A-Za-z0-9+/]{40}$/);
});

test('keys differ', () => {
  const keys = new Set(Array.from({ length: 200 }, () => newSecretAccessKey(random)));
  assert.equal(keys.size, 200);
});
