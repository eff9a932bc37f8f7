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

  test('forgetAccount() forgets only that account\'s credentials', async () => {
    const store = new MemoryStore();
    await store.createAccount({ id: '999988887777', name: 'other', createdAt: '2026-11-25T19:00:00.000Z' });
    await store.createAccessKey(key('AKIAROOT000000000005', { kind: 'root' }));
    await store.createAccessKey({ ...key('AKIAROOT000000000006', { kind: 'root' }), accountId: '999988887777' });
    const directory = new CredentialDirectory(store, (sealed) => sealed, 'aws');
    await directory.resolve('AKIAROOT000000000005');
    await directory.resolve('AKIAROOT000000000006');
    assert.equal(directory.size, 2);
    directory.forgetAccount(ACCOUNT);
    assert.equal(directory.size, 1);
    await store.deleteAccessKey('AKIAROOT000000000005');
    assert.equal(await directory.resolve('AKIAROOT000000000005'), undefined);
    assert.ok(await directory.resolve('AKIAROOT000000000006'), 'the other account\'s key still served from memory');
  });

  test('a lookup overlapping a change is answered but not cached (no stale credential left behind)', async () => {
    const store = new MemoryStore();
    await store.createAccessKey(key('AKIAROOT000000000007', { kind: 'root' }));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = Object.assign(Object.create(store) as MemoryStore, {
      getAccessKey: async (id: string) => {
        const record = await store.getAccessKey(id);
        await gate;
        return record;
      },
    });
    const directory = new CredentialDirectory(slow, (sealed) => sealed, 'aws');
    const pending = directory.resolve('AKIAROOT000000000007');
    // The key is deleted and the change announced while the lookup is still reading.
    await store.deleteAccessKey('AKIAROOT000000000007');
    directory.forgetAccount(ACCOUNT);
    release();
    assert.ok(await pending, 'the overlapping lookup answers what it read');
    assert.equal(directory.size, 0, 'but does not cache it');
    assert.equal(await directory.resolve('AKIAROOT000000000007'), undefined);
  });
});
