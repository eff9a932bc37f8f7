// Service tests of the groups operations on a real SQLite store. Rules: API_CreateGroup, API_GetGroup,
// API_UpdateGroup, API_DeleteGroup, API_ListGroups, API_AddUserToGroup, API_RemoveUserFromGroup,
// API_ListGroupsForUser (IAM API Reference); "IAM and AWS STS quotas" (10 groups per user).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, type IamHarness, NOW, openIamHarness } from '../test-support/harness.js';

type GroupOut = { Path: string; GroupName: string; GroupId: string; Arn: string; CreateDate: Date };
const names = (list: unknown) => (list as { GroupName?: string; UserName?: string }[]).map((x) => x.GroupName ?? x.UserName);

describe('IAM groups (service, SQLite)', () => {
  let iam: IamHarness;
  before(async () => {
    iam = await openIamHarness();
    for (const UserName of ['ann', 'ben', 'cat']) await iam.call('CreateUser', { UserName });
  });
  after(async () => iam.close());

  test('CreateGroup: AGPA id, ARN with path; a name taken in any case is EntityAlreadyExists', async () => {
    const group = (await iam.call('CreateGroup', { GroupName: 'Developers' })).Group as GroupOut;
    assert.match(group.GroupId, /^AGPA[A-Z2-7]{17}$/);
    assert.equal(group.Path, '/');
    assert.equal(group.Arn, `arn:aws:iam::${ACCOUNT}:group/Developers`);
    assert.deepEqual(group.CreateDate, new Date(NOW));
    const ops = (await iam.call('CreateGroup', { GroupName: 'ops', Path: '/teams/' })).Group as GroupOut;
    assert.equal(ops.Arn, `arn:aws:iam::${ACCOUNT}:group/teams/ops`);
    assert.equal(await iam.fails('CreateGroup', { GroupName: 'developers' }, 'EntityAlreadyExists', 409), 'Group with name developers already exists.');
  });

  test('AddUserToGroup / GetGroup / ListGroupsForUser; adding twice is a no-op; NoSuchEntity for either side', async () => {
    await iam.call('AddUserToGroup', { GroupName: 'developers', UserName: 'BEN' });
    await iam.call('AddUserToGroup', { GroupName: 'Developers', UserName: 'ann' });
    await iam.call('AddUserToGroup', { GroupName: 'Developers', UserName: 'ann' });
    const got = await iam.call('GetGroup', { GroupName: 'DEVELOPERS' });
    assert.equal((got.Group as GroupOut).GroupName, 'Developers');
    assert.deepEqual(names(got.Users), ['ann', 'ben']);
    assert.equal(got.IsTruncated, false);
    assert.deepEqual(names((await iam.call('ListGroupsForUser', { UserName: 'ann' })).Groups), ['Developers']);
    assert.deepEqual((await iam.call('ListGroupsForUser', { UserName: 'cat' })).Groups, []);
    assert.equal(await iam.fails('AddUserToGroup', { GroupName: 'nope', UserName: 'ann' }, 'NoSuchEntity', 404), 'The group with name nope cannot be found.');
    assert.equal(await iam.fails('AddUserToGroup', { GroupName: 'Developers', UserName: 'nope' }, 'NoSuchEntity', 404), 'The user with name nope cannot be found.');
    await iam.fails('GetGroup', { GroupName: 'nope' }, 'NoSuchEntity', 404);
    await iam.fails('ListGroupsForUser', { UserName: 'nope' }, 'NoSuchEntity', 404);
  });

  test('GetGroup pages its users; ListGroups pages and filters by PathPrefix', async () => {
    await iam.call('AddUserToGroup', { GroupName: 'Developers', UserName: 'cat' });
    const first = await iam.call('GetGroup', { GroupName: 'Developers', MaxItems: 2 });
    assert.deepEqual(names(first.Users), ['ann', 'ben']);
    assert.equal(first.IsTruncated, true);
    const second = await iam.call('GetGroup', { GroupName: 'Developers', MaxItems: 2, Marker: first.Marker });
    assert.deepEqual(names(second.Users), ['cat']);
    assert.equal(second.IsTruncated, false);
    const groups = await iam.call('ListGroups', { MaxItems: 1 });
    assert.deepEqual(names(groups.Groups), ['Developers']);
    assert.equal(groups.IsTruncated, true);
    assert.deepEqual(names((await iam.call('ListGroups', { Marker: groups.Marker })).Groups), ['ops']);
    assert.deepEqual(names((await iam.call('ListGroups', { PathPrefix: '/teams' })).Groups), ['ops']);
  });

  test('a user can be in at most 10 groups: LimitExceeded "Cannot exceed quota for GroupsPerUser: 10"', async () => {
    await iam.call('CreateUser', { UserName: 'joiner' });
    for (let i = 0; i < 10; i++) {
      await iam.call('CreateGroup', { GroupName: `g${i}` });
      await iam.call('AddUserToGroup', { GroupName: `g${i}`, UserName: 'joiner' });
    }
    await iam.call('CreateGroup', { GroupName: 'g10' });
    assert.equal(await iam.fails('AddUserToGroup', { GroupName: 'g10', UserName: 'joiner' }, 'LimitExceeded', 409), 'Cannot exceed quota for GroupsPerUser: 10');
    // Re-adding an existing membership at the quota is still fine.
    await iam.call('AddUserToGroup', { GroupName: 'g0', UserName: 'joiner' });
  });

  test('concurrent AddUserToGroup never makes an 11th membership', async () => {
    await iam.call('CreateUser', { UserName: 'racer' });
    const adds = Array.from({ length: 12 }, (_, i) => iam.call('AddUserToGroup', { GroupName: i < 11 ? `g${i}` : 'Developers', UserName: 'racer' }));
    const results = await Promise.allSettled(adds);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 10);
    assert.equal(await iam.store.countLinksTo(ACCOUNT, 'group-member', 'racer'), 10);
  });

  test('RemoveUserFromGroup: removes; a user not in the group changes nothing; a missing group or user is NoSuchEntity', async () => {
    await iam.call('RemoveUserFromGroup', { GroupName: 'Developers', UserName: 'CAT' });
    assert.deepEqual(names((await iam.call('GetGroup', { GroupName: 'Developers' })).Users), ['ann', 'ben']);
    const before = iam.changes.length;
    assert.deepEqual(await iam.call('RemoveUserFromGroup', { GroupName: 'Developers', UserName: 'cat' }), {});
    assert.equal(iam.changes.length, before);
    await iam.fails('RemoveUserFromGroup', { GroupName: 'nope', UserName: 'cat' }, 'NoSuchEntity', 404);
    await iam.fails('RemoveUserFromGroup', { GroupName: 'Developers', UserName: 'nope' }, 'NoSuchEntity', 404);
  });

  test('UpdateGroup: renamed and moved; members, inline and attached policies follow', async () => {
    await iam.store.putInlinePolicy({ accountId: ACCOUNT, ownerKind: 'group', ownerName: 'Developers', policyName: 'inline', document: '{}' });
    const attached = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
    await iam.store.addLink({ accountId: ACCOUNT, kind: 'group-policy', from: 'developers', to: attached, createdAt: new Date(NOW).toISOString() });
    await iam.call('UpdateGroup', { GroupName: 'developers', NewGroupName: 'Engineers', NewPath: '/eng/' });
    await iam.fails('GetGroup', { GroupName: 'Developers' }, 'NoSuchEntity');
    const got = await iam.call('GetGroup', { GroupName: 'engineers' });
    assert.equal((got.Group as GroupOut).Arn, `arn:aws:iam::${ACCOUNT}:group/eng/Engineers`);
    assert.deepEqual(names(got.Users), ['ann', 'ben']);
    assert.deepEqual(names((await iam.call('ListGroupsForUser', { UserName: 'ann' })).Groups), ['Engineers']);
    assert.deepEqual((await iam.store.listInlinePolicies(ACCOUNT, 'group', 'Engineers')).map((p) => p.policyName), ['inline']);
    assert.deepEqual((await iam.store.listLinksFrom(ACCOUNT, 'group-policy', 'engineers')).map((l) => l.to), [attached]);
    assert.equal(await iam.fails('UpdateGroup', { GroupName: 'Engineers', NewGroupName: 'OPS' }, 'EntityAlreadyExists', 409), 'Group with name OPS already exists.');
    await iam.fails('UpdateGroup', { GroupName: 'ghost', NewPath: '/' }, 'NoSuchEntity', 404);
  });

  test('DeleteGroup: DeleteConflict for members, inline policies, attached policies — then deleted', async () => {
    const conflict = (what: string) => `Cannot delete entity, must ${what} first.`;
    assert.equal(await iam.fails('DeleteGroup', { GroupName: 'Engineers' }, 'DeleteConflict', 409), conflict('remove users from group'));
    for (const UserName of ['ann', 'ben']) await iam.call('RemoveUserFromGroup', { GroupName: 'Engineers', UserName });
    assert.equal(await iam.fails('DeleteGroup', { GroupName: 'Engineers' }, 'DeleteConflict'), conflict('delete policies'));
    await iam.store.deleteInlinePolicy(ACCOUNT, 'group', 'Engineers', 'inline');
    assert.equal(await iam.fails('DeleteGroup', { GroupName: 'Engineers' }, 'DeleteConflict'), conflict('detach all policies'));
    await iam.store.removeLink(ACCOUNT, 'group-policy', 'engineers', 'arn:aws:iam::aws:policy/ReadOnlyAccess');
    await iam.call('DeleteGroup', { GroupName: 'engineers' });
    await iam.fails('GetGroup', { GroupName: 'Engineers' }, 'NoSuchEntity');
    await iam.fails('DeleteGroup', { GroupName: 'Engineers' }, 'NoSuchEntity', 404);
  });
});
