// Access key → secret and caller: root keys, IAM users' keys (their ARN, id and path), inactive keys,
// and keys whose user no longer exists (InvalidClientTokenId, as for an unknown key).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MemoryStore } from '../iam/authorization/test-support/memory-store.js';
import { ACCOUNT, addUser } from '../iam/authorization/test-support/fixtures.js';
import { CredentialDirectory } from './credential-directory.js';

const key = (accessKeyId: string, owner: { kind: 'root' } | { kind: 'user'; userName: string }, status: 'Active' | 'Inactive' = 'Active') => ({
  accessKeyId, accountId: ACCOUNT, owner, sealedSecret: `sealed-${accessKeyId}`, status, createdAt: '2026-11-25T19:00:00.000Z',
});

describe('CredentialDirectory', () => {
  test('root and IAM user keys resolve to their callers; unknown keys do not', async () => {
    const store = new MemoryStore();
    const user = await addUser(store, 'Alice', { path: '/dev/' });
    await store.createAccessKey(key('AKIAROOT000000000001', { kind: 'root' }));
    await store.createAccessKey(key('AKIAUSER000000000001', { kind: 'user', userName: 'alice' }));
    const directory = new CredentialDirectory(store, (sealed) => sealed.replace('sealed-', 'secret-'), 'aws');
    const root = await directory.resolve('AKIAROOT000000000001');
    assert.deepEqual(root?.caller, { kind: 'root', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, userId: ACCOUNT, accessKeyId: 'AKIAROOT000000000001' });
    const alice = await directory.resolve('AKIAUSER000000000001');
    assert.equal(alice?.secretAccessKey, 'secret-AKIAUSER000000000001');
    assert.equal(alice?.active, true);
    assert.deepEqual(alice?.caller, {
      kind: 'user', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/dev/Alice`, userId: user.id, userName: 'Alice', path: '/dev/',
      accessKeyId: 'AKIAUSER000000000001',
    });
    assert.equal(await directory.resolve('AKIAUNKNOWN000000001'), undefined);
  });

  test('an inactive key resolves as inactive; a key of a deleted user does not resolve', async () => {
    const store = new MemoryStore();
    await addUser(store, 'bob');
    await store.createAccessKey(key('AKIAUSER000000000002', { kind: 'user', userName: 'bob' }, 'Inactive'));
    await store.createAccessKey(key('AKIAUSER000000000003', { kind: 'user', userName: 'ghost' }));
    const directory = new CredentialDirectory(store, (sealed) => sealed, 'aws');
    assert.equal((await directory.resolve('AKIAUSER000000000002'))?.active, false);
    assert.equal(await directory.resolve('AKIAUSER000000000003'), undefined);
  });

  test('clear() forgets cached credentials, so a status change is seen', async () => {
    const store = new MemoryStore();
    await addUser(store, 'carol');
    await store.createAccessKey(key('AKIAUSER000000000004', { kind: 'user', userName: 'carol' }));
    const directory = new CredentialDirectory(store, (sealed) => sealed, 'aws');
    assert.equal((await directory.resolve('AKIAUSER000000000004'))?.active, true);
    await store.updateAccessKeyStatus('AKIAUSER000000000004', 'Inactive');
    assert.equal((await directory.resolve('AKIAUSER000000000004'))?.active, true, 'cached until cleared');
    directory.clear();
    assert.equal((await directory.resolve('AKIAUSER000000000004'))?.active, false);
  });
});
