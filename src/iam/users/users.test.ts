// Service tests of the users operations on a real SQLite store. Rules: API_CreateUser, API_GetUser,
// API_UpdateUser, API_DeleteUser, API_ListUsers, API_TagUser/UntagUser/ListUserTags (IAM API Reference),
// "Tagging IAM resources" and "IAM and AWS STS quotas" (IAM User Guide).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, type IamHarness, NOW, openIamHarness } from '../test-support/harness.js';

type UserOut = { Path: string; UserName: string; UserId: string; Arn: string; CreateDate: Date; Tags?: unknown; PermissionsBoundary?: unknown };

describe('IAM users (service, SQLite)', () => {
  let iam: IamHarness;
  before(async () => {
    iam = await openIamHarness();
  });
  after(async () => iam.close());

  test('CreateUser: path defaults to /, AIDA id, ARN, tags answered; announced by the store at commit', async () => {
    const before = iam.changes.length;
    const out = await iam.call('CreateUser', { UserName: 'Alice', Tags: [{ Key: 'team', Value: 'blue' }] });
    const user = out.User as UserOut;
    assert.equal(user.Path, '/');
    assert.equal(user.UserName, 'Alice');
    assert.match(user.UserId, /^AIDA[A-Z2-7]{17}$/);
    assert.equal(user.Arn, `arn:aws:iam::${ACCOUNT}:user/Alice`);
    assert.deepEqual(user.CreateDate, new Date(NOW));
    assert.deepEqual(user.Tags, [{ Key: 'team', Value: 'blue' }]);
    assert.deepEqual(iam.changes.slice(before), [ACCOUNT]);
    const pathed = (await iam.call('CreateUser', { UserName: 'svc', Path: '/system/ci/' })).User as UserOut;
    assert.equal(pathed.Arn, `arn:aws:iam::${ACCOUNT}:user/system/ci/svc`);
    assert.equal(pathed.Tags, undefined);
  });

  test('CreateUser: a name taken in any case is EntityAlreadyExists (409), nothing changed', async () => {
    const before = iam.changes.length;
    const message = await iam.fails('CreateUser', { UserName: 'ALICE' }, 'EntityAlreadyExists', 409);
    assert.equal(message, 'User with name ALICE already exists.');
    assert.equal(iam.changes.length, before);
  });

  test('GetUser: by name ignoring case; missing is NoSuchEntity (404) in AWS words', async () => {
    const user = (await iam.call('GetUser', { UserName: 'alice' })).User as UserOut;
    assert.equal(user.UserName, 'Alice');
    assert.deepEqual(user.Tags, [{ Key: 'team', Value: 'blue' }]);
    assert.equal(await iam.fails('GetUser', { UserName: 'nobody' }, 'NoSuchEntity', 404), 'The user with name nobody cannot be found.');
  });

  test('GetUser without UserName: the calling user; for root, the account id and root ARN', async () => {
    const asAlice = (await iam.call('GetUser', {}, await iam.userCaller('Alice'))).User as UserOut;
    assert.equal(asAlice.UserName, 'Alice');
    const asRoot = (await iam.call('GetUser', {})).User as Record<string, unknown>;
    assert.deepEqual(asRoot, { UserId: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:root`, CreateDate: new Date(NOW - 86_400_000) });
  });

  test('tags: duplicate keys ignoring case and the aws: prefix are InvalidInput; over 50 is LimitExceeded', async () => {
    await iam.fails('CreateUser', { UserName: 'dup', Tags: [{ Key: 'A', Value: '1' }, { Key: 'a', Value: '2' }] }, 'InvalidInput', 400);
    await iam.fails('CreateUser', { UserName: 'dup', Tags: [{ Key: 'AWS:x', Value: '1' }] }, 'InvalidInput', 400);
    await iam.fails('GetUser', { UserName: 'dup' }, 'NoSuchEntity');
    const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: `v${i}` }));
    await iam.call('CreateUser', { UserName: 'tagged', Tags: fifty });
    const message = await iam.fails('TagUser', { UserName: 'tagged', Tags: [{ Key: 'one-more', Value: 'x' }] }, 'LimitExceeded', 409);
    assert.equal(message, 'The number of tags has reached the maximum limit.');
    // Replacing a key (any case) does not add one.
    await iam.call('TagUser', { UserName: 'tagged', Tags: [{ Key: 'K0', Value: 'new' }] });
    const tags = (await iam.call('ListUserTags', { UserName: 'tagged', MaxItems: 1 }));
    assert.deepEqual(tags.Tags, [{ Key: 'K0', Value: 'new' }]);
    assert.equal(tags.IsTruncated, true);
  });

  test('TagUser / UntagUser / ListUserTags: overwrite, remove ignoring case, page through', async () => {
    await iam.call('TagUser', { UserName: 'Alice', Tags: [{ Key: 'TEAM', Value: 'red' }, { Key: 'cost', Value: '42' }] });
    assert.deepEqual((await iam.call('ListUserTags', { UserName: 'Alice' })).Tags, [{ Key: 'TEAM', Value: 'red' }, { Key: 'cost', Value: '42' }]);
    await iam.call('UntagUser', { UserName: 'Alice', TagKeys: ['team', 'absent'] });
    assert.deepEqual((await iam.call('ListUserTags', { UserName: 'Alice' })).Tags, [{ Key: 'cost', Value: '42' }]);
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const page = await iam.call('ListUserTags', { UserName: 'tagged', MaxItems: 7, ...(marker !== undefined ? { Marker: marker } : {}) });
      seen.push(...(page.Tags as { Key: string }[]).map((t) => t.Key));
      marker = page.IsTruncated === true ? (page.Marker as string) : undefined;
    } while (marker !== undefined);
    assert.equal(seen.length, 50);
    assert.equal(new Set(seen).size, 50);
    await iam.fails('TagUser', { UserName: 'nobody', Tags: [{ Key: 'a', Value: 'b' }] }, 'NoSuchEntity', 404);
    await iam.fails('ListUserTags', { UserName: 'nobody' }, 'NoSuchEntity', 404);
  });

  test('CreateUser with a permissions boundary: AWS managed or an existing policy of the account', async () => {
    const managed = 'arn:aws:iam::aws:policy/PowerUserAccess';
    const created = (await iam.call('CreateUser', { UserName: 'bounded', PermissionsBoundary: managed })).User as UserOut;
    assert.deepEqual(created.PermissionsBoundary, { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: managed });
    assert.deepEqual(((await iam.call('GetUser', { UserName: 'bounded' })).User as UserOut).PermissionsBoundary, created.PermissionsBoundary);
    const missing = `arn:aws:iam::${ACCOUNT}:policy/Nope`;
    assert.equal(await iam.fails('CreateUser', { UserName: 'b2', PermissionsBoundary: missing }, 'NoSuchEntity', 404),
      `Scope ARN: ${missing} does not exist or is not attachable.`);
    await iam.fails('CreateUser', { UserName: 'b2', PermissionsBoundary: 'arn:aws:s3:::bucket/policy' }, 'InvalidInput', 400);
    await iam.fails('CreateUser', { UserName: 'b2', PermissionsBoundary: 'arn:aws:iam::999988887777:policy/Theirs' }, 'NoSuchEntity');
    const own = `arn:aws:iam::${ACCOUNT}:policy/team/Boundary`;
    await iam.store.createEntity({ accountId: ACCOUNT, kind: 'policy', name: 'Boundary', id: 'ANPAAAAAAAAAAAAAAAAAA', path: '/team/', arn: own, createdAt: new Date(NOW).toISOString(), data: {} });
    await iam.call('CreateUser', { UserName: 'b2', PermissionsBoundary: own });
    // The same name under another path is another, absent, policy.
    await iam.fails('CreateUser', { UserName: 'b3', PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/Boundary` }, 'NoSuchEntity');
  });

  test('ListUsers: by name ignoring case, PathPrefix, Marker/MaxItems paging without tags', async () => {
    for (const name of ['p-c', 'P-a', 'p-b', 'p-d', 'p-e']) await iam.call('CreateUser', { UserName: name, Path: '/paging/' });
    const names: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await iam.call('ListUsers', { PathPrefix: '/paging/', MaxItems: 2, ...(marker !== undefined ? { Marker: marker } : {}) });
      const users = page.Users as UserOut[];
      names.push(...users.map((u) => u.UserName));
      for (const u of users) assert.equal(u.Tags, undefined);
      marker = page.IsTruncated === true ? (page.Marker as string) : undefined;
      pages++;
    } while (marker !== undefined);
    assert.deepEqual(names, ['P-a', 'p-b', 'p-c', 'p-d', 'p-e']);
    assert.equal(pages, 3);
    const all = await iam.call('ListUsers', {});
    assert.equal(all.IsTruncated, false);
    assert.equal(all.Marker, undefined);
    assert.ok((all.Users as UserOut[]).some((u) => u.UserName === 'svc'));
    assert.deepEqual(((await iam.call('ListUsers', { PathPrefix: '/system/' })).Users as UserOut[]).map((u) => u.UserName), ['svc']);
    await iam.fails('ListUsers', { Marker: 'not a marker!' }, 'InvalidInput', 400);
  });

  test('UpdateUser: NewPath and NewUserName; memberships, keys, inline and attached policies follow the rename', async () => {
    await iam.call('CreateUser', { UserName: 'bob' });
    await iam.call('CreateGroup', { GroupName: 'Devs' });
    await iam.call('AddUserToGroup', { GroupName: 'Devs', UserName: 'bob' });
    const key = ((await iam.call('CreateAccessKey', { UserName: 'bob' })).AccessKey as { AccessKeyId: string }).AccessKeyId;
    await iam.store.putInlinePolicy({ accountId: ACCOUNT, ownerKind: 'user', ownerName: 'bob', policyName: 'inline', document: '{}' });
    const attached = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
    await iam.store.addLink({ accountId: ACCOUNT, kind: 'user-policy', from: 'bob', to: attached, createdAt: new Date(NOW).toISOString() });

    await iam.call('UpdateUser', { UserName: 'BOB', NewUserName: 'Robert', NewPath: '/renamed/' });
    await iam.fails('GetUser', { UserName: 'bob' }, 'NoSuchEntity');
    const robert = (await iam.call('GetUser', { UserName: 'robert' })).User as UserOut;
    assert.equal(robert.Arn, `arn:aws:iam::${ACCOUNT}:user/renamed/Robert`);
    assert.deepEqual(((await iam.call('ListGroupsForUser', { UserName: 'Robert' })).Groups as { GroupName: string }[]).map((g) => g.GroupName), ['Devs']);
    assert.deepEqual(((await iam.call('GetGroup', { GroupName: 'Devs' })).Users as UserOut[]).map((u) => u.UserName), ['Robert']);
    const keys = (await iam.call('ListAccessKeys', { UserName: 'Robert' })).AccessKeyMetadata as { AccessKeyId: string; UserName: string }[];
    assert.deepEqual(keys.map((k) => [k.AccessKeyId, k.UserName]), [[key, 'Robert']]);
    assert.equal((await iam.store.getAccessKey(key))?.owner.kind, 'user');
    assert.deepEqual((await iam.store.listInlinePolicies(ACCOUNT, 'user', 'Robert')).map((p) => p.policyName), ['inline']);
    assert.deepEqual((await iam.store.listLinksFrom(ACCOUNT, 'user-policy', 'robert')).map((l) => l.to), [attached]);
    assert.equal(await iam.store.countLinksFrom(ACCOUNT, 'user-policy', 'bob'), 0);

    assert.equal(await iam.fails('UpdateUser', { UserName: 'Robert', NewUserName: 'alice' }, 'EntityAlreadyExists', 409), 'User with name alice already exists.');
    await iam.fails('UpdateUser', { UserName: 'ghost', NewPath: '/x/' }, 'NoSuchEntity', 404);
    await iam.call('UpdateUser', { UserName: 'Robert', NewPath: '/' });
    assert.equal(((await iam.call('GetUser', { UserName: 'Robert' })).User as UserOut).Arn, `arn:aws:iam::${ACCOUNT}:user/Robert`);
  });

  test('UpdateUser: a rename that only changes case keeps the user, its keys and memberships', async () => {
    await iam.call('CreateUser', { UserName: 'carol' });
    await iam.call('AddUserToGroup', { GroupName: 'Devs', UserName: 'carol' });
    await iam.call('CreateAccessKey', { UserName: 'carol' });
    await iam.call('UpdateUser', { UserName: 'carol', NewUserName: 'Carol' });
    assert.equal(((await iam.call('GetUser', { UserName: 'CAROL' })).User as UserOut).Arn, `arn:aws:iam::${ACCOUNT}:user/Carol`);
    assert.deepEqual(((await iam.call('ListAccessKeys', { UserName: 'carol' })).AccessKeyMetadata as { UserName: string }[]).map((k) => k.UserName), ['Carol']);
    assert.deepEqual(((await iam.call('ListGroupsForUser', { UserName: 'Carol' })).Groups as { GroupName: string }[]).map((g) => g.GroupName), ['Devs']);
    for (const k of (await iam.call('ListAccessKeys', { UserName: 'Carol' })).AccessKeyMetadata as { AccessKeyId: string }[]) {
      await iam.call('DeleteAccessKey', { UserName: 'Carol', AccessKeyId: k.AccessKeyId });
    }
    await iam.call('RemoveUserFromGroup', { GroupName: 'Devs', UserName: 'Carol' });
    await iam.call('DeleteUser', { UserName: 'Carol' });
  });

  test('DeleteUser: DeleteConflict (409) for keys, inline policies, attached policies, groups — then deleted', async () => {
    const conflict = (what: string) => `Cannot delete entity, must ${what} first.`;
    assert.equal(await iam.fails('DeleteUser', { UserName: 'Robert' }, 'DeleteConflict', 409), conflict('delete access keys'));
    for (const k of (await iam.call('ListAccessKeys', { UserName: 'Robert' })).AccessKeyMetadata as { AccessKeyId: string }[]) {
      await iam.call('DeleteAccessKey', { UserName: 'Robert', AccessKeyId: k.AccessKeyId });
    }
    assert.equal(await iam.fails('DeleteUser', { UserName: 'Robert' }, 'DeleteConflict'), conflict('delete policies'));
    await iam.store.deleteInlinePolicy(ACCOUNT, 'user', 'Robert', 'inline');
    assert.equal(await iam.fails('DeleteUser', { UserName: 'Robert' }, 'DeleteConflict'), conflict('detach all policies'));
    await iam.store.removeLink(ACCOUNT, 'user-policy', 'robert', 'arn:aws:iam::aws:policy/ReadOnlyAccess');
    assert.equal(await iam.fails('DeleteUser', { UserName: 'Robert' }, 'DeleteConflict'), conflict('remove users from group'));
    await iam.call('RemoveUserFromGroup', { GroupName: 'Devs', UserName: 'Robert' });
    await iam.call('DeleteUser', { UserName: 'robert' });
    await iam.fails('GetUser', { UserName: 'Robert' }, 'NoSuchEntity');
    await iam.fails('DeleteUser', { UserName: 'Robert' }, 'NoSuchEntity', 404);
  });

  test('concurrent CreateUser of one name (any case): exactly one wins', async () => {
    const results = await Promise.allSettled(['race', 'RACE', 'Race', 'rAce'].map((UserName) => iam.call('CreateUser', { UserName })));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  });
});
