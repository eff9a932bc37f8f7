// Service tests of instance profiles on a real SQLite store. Rules: API_CreateInstanceProfile,
// API_GetInstanceProfile, API_DeleteInstanceProfile, API_ListInstanceProfiles, API_AddRoleToInstanceProfile,
// API_RemoveRoleFromInstanceProfile, API_ListInstanceProfilesForRole, API_Tag/Untag/ListInstanceProfileTags;
// "IAM and AWS STS quotas" (one role per instance profile).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, NOW, type IamHarness, openIamHarness } from '../test-support/harness.js';

const EC2_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

type Profile = Record<string, unknown> & { InstanceProfileName: string; Roles: Record<string, unknown>[] };

describe('IAM instance profiles (service, SQLite)', () => {
  let iam: IamHarness;
  before(async () => {
    iam = await openIamHarness();
    await iam.call('CreateRole', { RoleName: 'WebServer', AssumeRolePolicyDocument: EC2_TRUST });
    await iam.call('CreateRole', { RoleName: 'Other', AssumeRolePolicyDocument: EC2_TRUST });
  });
  after(async () => iam.close());

  test('CreateInstanceProfile: AIPA id, ARN with path, no roles, tags', async () => {
    const profile = (await iam.call('CreateInstanceProfile', {
      InstanceProfileName: 'web', Path: '/app/', Tags: [{ Key: 'tier', Value: 'web' }],
    })).InstanceProfile as Profile;
    assert.equal(profile.Arn, `arn:aws:iam::${ACCOUNT}:instance-profile/app/web`);
    assert.match(profile.InstanceProfileId as string, /^AIPA[A-Z2-7]{17}$/);
    assert.deepEqual(profile.Roles, []);
    assert.deepEqual(profile.CreateDate, new Date(NOW));
    assert.deepEqual(profile.Tags, [{ Key: 'tier', Value: 'web' }]);
    assert.equal(await iam.fails('CreateInstanceProfile', { InstanceProfileName: 'WEB' }, 'EntityAlreadyExists', 409),
      'Instance Profile WEB already exists.');
  });

  test('AddRoleToInstanceProfile: one role per profile; GetInstanceProfile answers it', async () => {
    await iam.call('AddRoleToInstanceProfile', { InstanceProfileName: 'WEB', RoleName: 'webserver' });
    const profile = (await iam.call('GetInstanceProfile', { InstanceProfileName: 'web' })).InstanceProfile as Profile;
    assert.equal(profile.Roles.length, 1);
    assert.equal(profile.Roles[0]?.RoleName, 'WebServer');
    assert.equal(decodeURIComponent(profile.Roles[0]?.AssumeRolePolicyDocument as string), EC2_TRUST);
    assert.equal(await iam.fails('AddRoleToInstanceProfile', { InstanceProfileName: 'web', RoleName: 'Other' }, 'LimitExceeded', 409),
      'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1');
    await iam.fails('AddRoleToInstanceProfile', { InstanceProfileName: 'web', RoleName: 'WebServer' }, 'LimitExceeded');
    await iam.fails('AddRoleToInstanceProfile', { InstanceProfileName: 'web', RoleName: 'ghost' }, 'NoSuchEntity', 404);
    assert.equal(await iam.fails('AddRoleToInstanceProfile', { InstanceProfileName: 'ghost', RoleName: 'Other' }, 'NoSuchEntity', 404),
      'Instance Profile ghost cannot be found.');
  });

  test('ListInstanceProfilesForRole and ListInstanceProfiles (roles included, tags not)', async () => {
    await iam.call('CreateInstanceProfile', { InstanceProfileName: 'web-2' });
    await iam.call('AddRoleToInstanceProfile', { InstanceProfileName: 'web-2', RoleName: 'WebServer' });
    const forRole = await iam.call('ListInstanceProfilesForRole', { RoleName: 'WebServer', MaxItems: 1 });
    assert.deepEqual((forRole.InstanceProfiles as Profile[]).map((p) => p.InstanceProfileName), ['web']);
    assert.equal(forRole.IsTruncated, true);
    const next = await iam.call('ListInstanceProfilesForRole', { RoleName: 'WebServer', Marker: forRole.Marker });
    assert.deepEqual((next.InstanceProfiles as Profile[]).map((p) => p.InstanceProfileName), ['web-2']);
    assert.deepEqual((await iam.call('ListInstanceProfilesForRole', { RoleName: 'Other' })).InstanceProfiles, []);
    await iam.fails('ListInstanceProfilesForRole', { RoleName: 'ghost' }, 'NoSuchEntity');

    const all = await iam.call('ListInstanceProfiles', {});
    const listed = all.InstanceProfiles as Profile[];
    assert.deepEqual(listed.map((p) => p.InstanceProfileName), ['web', 'web-2']);
    assert.equal(listed[0]?.Tags, undefined);
    assert.equal(listed[0]?.Roles.length, 1);
    const scoped = await iam.call('ListInstanceProfiles', { PathPrefix: '/app/' });
    assert.deepEqual((scoped.InstanceProfiles as Profile[]).map((p) => p.InstanceProfileName), ['web']);
  });

  test('DeleteInstanceProfile: DeleteConflict while it holds a role; RemoveRoleFromInstanceProfile', async () => {
    assert.equal(await iam.fails('DeleteInstanceProfile', { InstanceProfileName: 'web-2' }, 'DeleteConflict', 409),
      'Cannot delete entity, must remove roles from instance profile first.');
    await iam.fails('RemoveRoleFromInstanceProfile', { InstanceProfileName: 'web-2', RoleName: 'Other' }, 'NoSuchEntity', 404);
    await iam.call('RemoveRoleFromInstanceProfile', { InstanceProfileName: 'web-2', RoleName: 'WEBSERVER' });
    const before = iam.changes.length;
    await iam.call('DeleteInstanceProfile', { InstanceProfileName: 'WEB-2' });
    assert.deepEqual(iam.changes.slice(before), [ACCOUNT]);
    await iam.fails('GetInstanceProfile', { InstanceProfileName: 'web-2' }, 'NoSuchEntity', 404);
    await iam.fails('DeleteInstanceProfile', { InstanceProfileName: 'web-2' }, 'NoSuchEntity');
  });

  test('Tag / Untag / ListInstanceProfileTags', async () => {
    await iam.call('TagInstanceProfile', { InstanceProfileName: 'web', Tags: [{ Key: 'TIER', Value: 'front' }, { Key: 'env', Value: 'prod' }] });
    assert.deepEqual((await iam.call('ListInstanceProfileTags', { InstanceProfileName: 'web' })).Tags,
      [{ Key: 'TIER', Value: 'front' }, { Key: 'env', Value: 'prod' }]);
    await iam.call('UntagInstanceProfile', { InstanceProfileName: 'web', TagKeys: ['tier'] });
    assert.deepEqual((await iam.call('ListInstanceProfileTags', { InstanceProfileName: 'web' })).Tags, [{ Key: 'env', Value: 'prod' }]);
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await iam.fails('TagInstanceProfile', { InstanceProfileName: 'web', Tags: many }, 'LimitExceeded');
    await iam.fails('TagInstanceProfile', { InstanceProfileName: 'web', Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '1' }] }, 'InvalidInput');
    await iam.fails('ListInstanceProfileTags', { InstanceProfileName: 'ghost' }, 'NoSuchEntity');
  });

  test('a profile holds one role even when two adds race', async () => {
    await iam.call('CreateInstanceProfile', { InstanceProfileName: 'race' });
    const results = await Promise.allSettled([
      iam.call('AddRoleToInstanceProfile', { InstanceProfileName: 'race', RoleName: 'WebServer' }),
      iam.call('AddRoleToInstanceProfile', { InstanceProfileName: 'race', RoleName: 'Other' }),
    ]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const profile = (await iam.call('GetInstanceProfile', { InstanceProfileName: 'race' })).InstanceProfile as Profile;
    assert.equal(profile.Roles.length, 1);
  });
});
