import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Hash } from '@smithy/hash-node';
import { clearCredentialCache, getSigningKey } from '@smithy/signature-v4';
import { SIGNING_KEY_CACHE_SIZE, signingKeyFor } from './signing-key.js';

const sha256 = Hash.bind(null, 'sha256');
const scope = { date: '20150830', region: 'us-east-1', service: 'iam' };
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

// smithy keeps derived keys too (50) and hands back the same object: each "the kept key" check below
// empties smithy's cache first, so that sameness can only come from Ward's.

test('the key is smithy\'s derivation for the scope, and a second request reuses it', async () => {
  const first = await signingKeyFor('AKIDSIGNINGKEY1', SECRET, scope);
  const expected = await getSigningKey(sha256, { accessKeyId: 'AKIDSIGNINGKEY1', secretAccessKey: SECRET }, scope.date, scope.region, scope.service);
  assert.deepEqual(Buffer.from(first), Buffer.from(expected));
  clearCredentialCache();
  assert.equal(await signingKeyFor('AKIDSIGNINGKEY1', SECRET, scope), first, 'the kept key, not a new derivation');
});

test('another scope or another secret under the same key id derives anew', async () => {
  const kept = await signingKeyFor('AKIDSIGNINGKEY2', SECRET, scope);
  const otherDay = await signingKeyFor('AKIDSIGNINGKEY2', SECRET, { ...scope, date: '20150831' });
  assert.notDeepEqual(Buffer.from(otherDay), Buffer.from(kept));
  const otherSecret = await signingKeyFor('AKIDSIGNINGKEY2', `${SECRET}x`, scope);
  const expected = await getSigningKey(sha256, { accessKeyId: 'AKIDSIGNINGKEY2', secretAccessKey: `${SECRET}x` }, scope.date, scope.region, scope.service);
  assert.deepEqual(Buffer.from(otherSecret), Buffer.from(expected));
  assert.notDeepEqual(Buffer.from(otherSecret), Buffer.from(kept));
});

test(`at most ${SIGNING_KEY_CACHE_SIZE} keys are kept, the oldest leaving first`, async () => {
  const oldest = await signingKeyFor('AKIDOLDEST', SECRET, scope);
  clearCredentialCache();
  assert.equal(await signingKeyFor('AKIDOLDEST', SECRET, scope), oldest);
  for (let i = 0; i < SIGNING_KEY_CACHE_SIZE; i++) await signingKeyFor(`AKIDFILLER${i}`, SECRET, scope);
  clearCredentialCache();
  const again = await signingKeyFor('AKIDOLDEST', SECRET, scope);
  assert.notEqual(again, oldest, 'derived again after being pushed out');
  assert.deepEqual(Buffer.from(again), Buffer.from(oldest));
  // The newest filler is still kept.
  const newest = await signingKeyFor(`AKIDFILLER${SIGNING_KEY_CACHE_SIZE - 1}`, SECRET, scope);
  clearCredentialCache();
  assert.equal(await signingKeyFor(`AKIDFILLER${SIGNING_KEY_CACHE_SIZE - 1}`, SECRET, scope), newest);
});
