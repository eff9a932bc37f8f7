// Service tests of the access-key operations on a real SQLite store. Rules: API_CreateAccessKey,
// API_UpdateAccessKey, API_DeleteAccessKey, API_ListAccessKeys, API_GetAccessKeyLastUsed (IAM API
// Reference); "IAM and AWS STS quotas" (2 access keys per user).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, type IamHarness, NOW, openIamHarness } from '../test-support/harness.js';

type KeyOut = { UserName?: string; AccessKeyId: string; Status: string; SecretAccessKey: string; CreateDate: Date };
type KeyMeta = { UserName?: string; AccessKeyId: string; Status: string; CreateDate: Date };

describe('IAM access keys (service, SQLite)', () => {
  let iam: IamHarness;
  before(async () => {
    iam = await openIamHarness();
    for (const UserName of ['dev', 'other']) await iam.call('CreateUser', { UserName });
  });
  after(async () => iam.close());

  test('CreateAccessKey: AKIA id, Active, the secret only in the answer, sealed in the store; announced', async () => {
    const before = iam.changes.length;
    const key = (await iam.call('CreateAccessKey', { UserName: 'DEV' })).AccessKey as KeyOut;
    assert.match(key.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(key.UserName, 'dev');
    assert.equal(key.Status, 'Active');
    assert.equal(key.SecretAccessKey.length, 40);
    assert.deepEqual(key.CreateDate, new Date(NOW));
    const stored = await iam.store.getAccessKey(key.AccessKeyId);
    assert.ok(stored);
    assert.deepEqual(stored.owner, { kind: 'user', userName: 'dev' });
    assert.notEqual(stored.sealedSecret, key.SecretAccessKey);
    assert.ok(!stored.sealedSecret.includes(key.SecretAccessKey));
    assert.deepEqual(iam.changes.slice(before), [ACCOUNT]);
    const listed = (await iam.call('ListAccessKeys', { UserName: 'dev' })).AccessKeyMetadata as KeyMeta[];
    assert.deepEqual(listed, [{ UserName: 'dev', AccessKeyId: key.AccessKeyId, Status: 'Active', CreateDate: new Date(NOW) }]);
    assert.ok(!JSON.stringify(listed).includes(key.SecretAccessKey));
  });

  test('a third key is LimitExceeded "Cannot exceed quota for AccessKeysPerUser: 2" (409)', async () => {
    await iam.call('CreateAccessKey', { UserName: 'dev' });
    assert.equal(await iam.fails('CreateAccessKey', { UserName: 'dev' }, 'LimitExceeded', 409), 'Cannot exceed quota for AccessKeysPerUser: 2');
    assert.equal((await iam.store.listAccessKeys(ACCOUNT, { kind: 'user', userName: 'dev' })).length, 2);
    assert.equal(await iam.fails('CreateAccessKey', { UserName: 'ghost' }, 'NoSuchEntity', 404), 'The user with name ghost cannot be found.');
  });

  test('concurrent CreateAccessKey never makes a third key', async () => {
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => iam.call('CreateAccessKey', { UserName: 'other' })));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 2);
    assert.equal((await iam.store.listAccessKeys(ACCOUNT, { kind: 'user', userName: 'other' })).length, 2);
  });

  test('UpdateAccessKey: Inactive then Active; a key of another user or unknown is NoSuchEntity', async () => {
    const [first] = (await iam.call('ListAccessKeys', { UserName: 'dev' })).AccessKeyMetadata as KeyMeta[];
    assert.ok(first);
    await iam.call('UpdateAccessKey', { UserName: 'dev', AccessKeyId: first.AccessKeyId, Status: 'Inactive' });
    assert.equal((await iam.store.getAccessKey(first.AccessKeyId))?.status, 'Inactive');
    await iam.call('UpdateAccessKey', { UserName: 'dev', AccessKeyId: first.AccessKeyId, Status: 'Active' });
    assert.equal((await iam.store.getAccessKey(first.AccessKeyId))?.status, 'Active');
    assert.equal(await iam.fails('UpdateAccessKey', { UserName: 'other', AccessKeyId: first.AccessKeyId, Status: 'Inactive' }, 'NoSuchEntity', 404),
      `The Access Key with id ${first.AccessKeyId} cannot be found.`);
    await iam.fails('UpdateAccessKey', { UserName: 'dev', AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA', Status: 'Inactive' }, 'NoSuchEntity', 404);
    await iam.fails('UpdateAccessKey', { UserName: 'dev', AccessKeyId: first.AccessKeyId, Status: 'Expired' }, 'InvalidInput', 400);
    // Without UserName, a root caller means the root user's keys: the user's key is not among them.
    await iam.fails('UpdateAccessKey', { AccessKeyId: first.AccessKeyId, Status: 'Inactive' }, 'NoSuchEntity', 404);
    assert.equal((await iam.store.getAccessKey(first.AccessKeyId))?.status, 'Active');
  });

  test('without UserName a user manages its own keys', async () => {
    const dev = await iam.userCaller('dev');
    const keys = (await iam.call('ListAccessKeys', {}, dev)).AccessKeyMetadata as KeyMeta[];
    assert.equal(keys.length, 2);
    const [first] = keys;
    assert.ok(first);
    await iam.call('UpdateAccessKey', { AccessKeyId: first.AccessKeyId, Status: 'Inactive' }, dev);
    assert.equal((await iam.store.getAccessKey(first.AccessKeyId))?.status, 'Inactive');
    await iam.call('DeleteAccessKey', { AccessKeyId: first.AccessKeyId }, dev);
    assert.equal(await iam.store.getAccessKey(first.AccessKeyId), undefined);
    const created = (await iam.call('CreateAccessKey', {}, dev)).AccessKey as KeyOut;
    assert.equal(created.UserName, 'dev');
  });

  test('a root caller without UserName creates, lists and deletes root keys (also at most 2)', async () => {
    const before = await iam.store.listAccessKeys(ACCOUNT, { kind: 'root' });
    const key = (await iam.call('CreateAccessKey', {})).AccessKey as KeyOut;
    assert.equal(key.UserName, undefined);
    assert.deepEqual((await iam.store.getAccessKey(key.AccessKeyId))?.owner, { kind: 'root' });
    const listed = (await iam.call('ListAccessKeys', {})).AccessKeyMetadata as KeyMeta[];
    assert.deepEqual(listed.map((k) => k.AccessKeyId), [...before.map((k) => k.accessKeyId), key.AccessKeyId]);
    await iam.call('CreateAccessKey', {});
    await iam.fails('CreateAccessKey', {}, 'LimitExceeded', 409);
    await iam.call('DeleteAccessKey', { AccessKeyId: key.AccessKeyId });
    assert.equal(await iam.store.getAccessKey(key.AccessKeyId), undefined);
  });

  test('DeleteAccessKey: unknown or another user\'s key is NoSuchEntity; deleted keys are gone from the list', async () => {
    const [otherKey] = (await iam.call('ListAccessKeys', { UserName: 'other' })).AccessKeyMetadata as KeyMeta[];
    assert.ok(otherKey);
    await iam.fails('DeleteAccessKey', { UserName: 'dev', AccessKeyId: otherKey.AccessKeyId }, 'NoSuchEntity', 404);
    await iam.call('DeleteAccessKey', { UserName: 'other', AccessKeyId: otherKey.AccessKeyId });
    await iam.fails('DeleteAccessKey', { UserName: 'other', AccessKeyId: otherKey.AccessKeyId }, 'NoSuchEntity', 404);
    assert.equal(((await iam.call('ListAccessKeys', { UserName: 'other' })).AccessKeyMetadata as KeyMeta[]).length, 1);
    await iam.fails('ListAccessKeys', { UserName: 'ghost' }, 'NoSuchEntity', 404);
  });

  test('ListAccessKeys pages with MaxItems/Marker', async () => {
    const first = await iam.call('ListAccessKeys', { UserName: 'dev', MaxItems: 1 });
    assert.equal((first.AccessKeyMetadata as KeyMeta[]).length, 1);
    assert.equal(first.IsTruncated, true);
    const second = await iam.call('ListAccessKeys', { UserName: 'dev', MaxItems: 1, Marker: first.Marker });
    assert.equal((second.AccessKeyMetadata as KeyMeta[]).length, 1);
    assert.equal(second.IsTruncated, false);
    assert.notEqual((second.AccessKeyMetadata as KeyMeta[])[0]?.AccessKeyId, (first.AccessKeyMetadata as KeyMeta[])[0]?.AccessKeyId);
  });

  test('GetAccessKeyLastUsed: the owner and N/A before first use; another account\'s key is NoSuchEntity', async () => {
    const [key] = (await iam.call('ListAccessKeys', { UserName: 'dev' })).AccessKeyMetadata as KeyMeta[];
    assert.ok(key);
    assert.deepEqual(await iam.call('GetAccessKeyLastUsed', { AccessKeyId: key.AccessKeyId }), {
      UserName: 'dev', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' },
    });
    await iam.store.createAccount({ id: '444455556666', name: 'else', createdAt: new Date(NOW).toISOString() });
    await iam.store.createAccessKey({ accessKeyId: 'AKIAELSEELSEELSEELSE', accountId: '444455556666', owner: { kind: 'root' }, sealedSecret: 'x', status: 'Active', createdAt: new Date(NOW).toISOString() });
    await iam.fails('GetAccessKeyLastUsed', { AccessKeyId: 'AKIAELSEELSEELSEELSE' }, 'NoSuchEntity', 404);
    await iam.fails('DeleteAccessKey', { AccessKeyId: 'AKIAELSEELSEELSEELSE' }, 'NoSuchEntity', 404);
  });

  test('GetAccessKeyLastUsed: LastUsedDate, ServiceName and Region once a use is recorded, for user and root keys', async () => {
    const [key] = (await iam.call('ListAccessKeys', { UserName: 'dev' })).AccessKeyMetadata as KeyMeta[];
    const [rootKey] = (await iam.call('ListAccessKeys', {})).AccessKeyMetadata as KeyMeta[];
    assert.ok(key && rootKey);
    const changes = iam.changes.length;
    await iam.store.recordAccessKeyUse([
      { accessKeyId: key.AccessKeyId, date: '2026-11-25T12:30:00.000Z', serviceName: 'iam', region: 'us-east-1' },
      { accessKeyId: rootKey.AccessKeyId, date: '2026-11-25T12:31:00.000Z', serviceName: 'sts', region: 'eu-west-1' },
    ]);
    assert.deepEqual(await iam.call('GetAccessKeyLastUsed', { AccessKeyId: key.AccessKeyId }), {
      UserName: 'dev',
      AccessKeyLastUsed: { LastUsedDate: new Date('2026-11-25T12:30:00.000Z'), ServiceName: 'iam', Region: 'us-east-1' },
    });
    assert.deepEqual(await iam.call('GetAccessKeyLastUsed', { AccessKeyId: rootKey.AccessKeyId }), {
      UserName: undefined,
      AccessKeyLastUsed: { LastUsedDate: new Date('2026-11-25T12:31:00.000Z'), ServiceName: 'sts', Region: 'eu-west-1' },
    });
    assert.equal(iam.changes.length, changes, 'recording a use is not an IAM change');
  });
});
