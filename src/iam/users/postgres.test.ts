// The invariants of users, groups and access keys on PostgreSQL, where transactions are SERIALIZABLE and
// a work function may run again after a serialization failure: racing writes through the IAM operations
// (not the store directly) must still never make a 3rd key, an 11th membership or a duplicate name, and a
// rename must carry everything over exactly once. Quotas: "IAM and AWS STS quotas".
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, type IamHarness, openIamHarness } from '../test-support/harness.js';
import { onThrowawayPostgres } from '../test-support/postgres.js';

describe('IAM users, groups and access keys on PostgreSQL', () => {
  let iam: IamHarness;
  onThrowawayPostgres((databaseUrl) => openIamHarness({ databaseUrl }), (harness) => {
    iam = harness;
  });

  test('racing CreateUser of one name in several cases: one user', async () => {
    const results = await Promise.allSettled(['pat', 'PAT', 'Pat', 'pAt', 'paT'].map((UserName) => iam.call('CreateUser', { UserName })));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as { code?: string }).code, 'EntityAlreadyExists');
  });

  test('racing CreateAccessKey: exactly 2 keys, the rest LimitExceeded', async () => {
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => iam.call('CreateAccessKey', { UserName: 'pat' })));
    const seen = results.map((r) => (r.status === 'fulfilled' ? 'ok' : `${(r.reason as { code?: string }).code}: ${(r.reason as Error).message}`));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 2, seen.join('\n'));
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as { code?: string }).code, 'LimitExceeded');
    // The race above decided the spelling: keys belong to the user as its entity spells its name.
    const user = await iam.store.getEntity(ACCOUNT, 'user', 'pat');
    assert.ok(user);
    assert.equal((await iam.store.listAccessKeys(ACCOUNT, { kind: 'user', userName: user.name })).length, 2);
  });

  test('racing AddUserToGroup over 12 groups: exactly 10 memberships', async () => {
    for (let i = 0; i < 12; i++) await iam.call('CreateGroup', { GroupName: `pg${i}` });
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => iam.call('AddUserToGroup', { GroupName: `pg${i}`, UserName: 'pat' })));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 10);
    assert.equal(await iam.store.countLinksTo(ACCOUNT, 'group-member', 'pat'), 10);
  });

  test('a rename carries keys and memberships once; DeleteUser then refuses in AWS order', async () => {
    await iam.call('UpdateUser', { UserName: 'pat', NewUserName: 'Patricia' });
    assert.equal((await iam.store.listAccessKeys(ACCOUNT, { kind: 'user', userName: 'Patricia' })).length, 2);
    assert.equal(await iam.store.countLinksTo(ACCOUNT, 'group-member', 'patricia'), 10);
    assert.equal(await iam.store.countLinksTo(ACCOUNT, 'group-member', 'pat'), 0);
    assert.equal(await iam.fails('DeleteUser', { UserName: 'patricia' }, 'DeleteConflict', 409), 'Cannot delete entity, must delete access keys first.');
    const page = await iam.call('ListGroupsForUser', { UserName: 'Patricia', MaxItems: 4 });
    assert.equal((page.Groups as unknown[]).length, 4);
    assert.equal(page.IsTruncated, true);
  });
});
