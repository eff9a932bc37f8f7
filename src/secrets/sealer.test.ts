import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { createSealer } from './sealer.js';

const key = randomBytes(32);
const sealer = createSealer(key);
const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

test('seal then open returns the plaintext', () => {
  const sealed = sealer.seal(secret, 'AKIAIOSFODNN7EXAMPLE');
  assert.match(sealed, /^v1\.[A-Za-z0-9_-]+$/);
  assert.equal(sealer.open(sealed, 'AKIAIOSFODNN7EXAMPLE'), secret);
  assert.equal(sealer.open(sealer.seal('', 'x'), 'x'), '');
});

test('the sealed text does not contain the secret, and each seal differs (fresh nonce)', () => {
  const a = sealer.seal(secret, 'id');
  const b = sealer.seal(secret, 'id');
  assert.notEqual(a, b);
  assert.ok(!a.includes(secret) && !Buffer.from(a.slice(3), 'base64url').toString('latin1').includes(secret));
  // nonce 12 + ciphertext 40 + tag 16 bytes
  assert.equal(Buffer.from(a.slice(3), 'base64url').length, 12 + secret.length + 16);
});

test('wrong associated data does not open', () => {
  assert.throws(() => sealer.open(sealer.seal(secret, 'AKIA1'), 'AKIA2'), /does not open/);
});

test('another key does not open', () => {
  assert.throws(() => createSealer(randomBytes(32)).open(sealer.seal(secret, 'id'), 'id'), /does not open/);
});

test('any changed byte (nonce, ciphertext or tag) does not open', () => {
  const sealed = sealer.seal(secret, 'id');
  const bytes = Buffer.from(sealed.slice(3), 'base64url');
  for (let i = 0; i < bytes.length; i++) {
    const copy = Buffer.from(bytes);
    copy[i] = (copy[i] ?? 0) ^ 0x01;
    assert.throws(() => sealer.open(`v1.${copy.toString('base64url')}`, 'id'), /does not open/, `byte ${i}`);
  }
});

test('unknown versions, truncation and garbage are refused', () => {
  const sealed = sealer.seal(secret, 'id');
  assert.throws(() => sealer.open(sealed.replace(/^v1/, 'v2'), 'id'), /unknown format/);
  assert.throws(() => sealer.open(secret, 'id'), /unknown format/);
  assert.throws(() => sealer.open('v1.AAAA', 'id'), /truncated/);
  assert.throws(() => sealer.open(sealed.slice(0, -4), 'id'), /does not open/);
});

test('the master key must be 32 bytes', () => {
  assert.throws(() => createSealer(randomBytes(16)), /32 bytes/);
});

test('the caller may reuse its key buffer after creating the sealer', () => {
  const mine = Buffer.from(randomBytes(32));
  const own = createSealer(mine);
  const sealed = own.seal(secret, 'id');
  mine.fill(0);
  assert.equal(own.open(sealed, 'id'), secret);
});
