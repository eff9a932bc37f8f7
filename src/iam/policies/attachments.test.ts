// Service tests of managed policy attachments on a real SQLite store. Rules: API_AttachUserPolicy,
// API_DetachUserPolicy, API_ListAttachedUserPolicies (and the Group and Role operations alike),
// API_ListEntitiesForPolicy (IAM API Reference); "IAM and AWS STS quotas" (10 managed policies per identity).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, type IamHarness, allow, openIamHarness } from '../test-support/harness.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const BILLING = 'arn:aws:iam::aws:policy/job-function/Billing';
const ARN = (name: string, path = '/') => `arn:aws:iam::${ACCOUNT}:policy${path}${name}`;
type Attached = { PolicyName: string; PolicyArn: string };

describe('managed policy attachments (service, SQLite)', () => {
  let iam: IamHarness;
  before(async () => {
    iam = await openIamHarness();
    await iam.seed('user', 'Alice');
    await iam.seed('user', 'bob', { path: '/eng/' });
    await iam.seed('group', 'Developers');
    await iam.seed('role', 'Deployer', { path: '/ci/' });
    for (let i = 0; i < 10; i++) await iam.call('CreatePolicy', { PolicyName: `P${i}`, Path: i % 2 === 0 ? '/even/' : '/', PolicyDocument: allow(`s3:Get${i}`) });
  });
  after(async () => iam.close());

  test('Attach/Detach/ListAttached for a user; attaching twice is a no-op; names ignore case', async () => {
    await iam.call('AttachUserPolicy', { UserName: 'alice', PolicyArn: ADMIN });
    await iam.call('AttachUserPolicy', { UserName: 'ALICE', PolicyArn: ADMIN });
    await iam.call('AttachUserPolicy', { UserName: 'Alice', PolicyArn: ARN('P0', '/even/') });
    const listed = await iam.call('ListAttachedUserPolicies', { UserName: 'Alice' });
    // Ordered by ARN (an account's own policies before `arn:aws:iam::aws:`).
    assert.deepEqual(listed.AttachedPolicies, [
      { PolicyName: 'P0', PolicyArn: ARN('P0', '/even/') },
      { PolicyName: 'AdministratorAccess', PolicyArn: ADMIN },
    ]);
    assert.equal(listed.IsTruncated, false);
    assert.deepEqual((await iam.call('ListAttachedUserPolicies', { UserName: 'Alice', PathPrefix: '/even/' })).AttachedPolicies,
      [{ PolicyName: 'P0', PolicyArn: ARN('P0', '/even/') }]);
    const first = await iam.call('ListAttachedUserPolicies', { UserName: 'Alice', MaxItems: 1 });
    assert.equal(first.IsTruncated, true);
    assert.deepEqual(((await iam.call('ListAttachedUserPolicies', { UserName: 'Alice', Marker: first.Marker })).AttachedPolicies as Attached[]).map((p) => p.PolicyName), ['AdministratorAccess']);
    assert.equal((((await iam.call('GetPolicy', { PolicyArn: ADMIN })).Policy) as { AttachmentCount: number }).AttachmentCount, 1);

    await iam.call('DetachUserPolicy', { UserName: 'alice', PolicyArn: ARN('P0', '/even/') });
    assert.equal(await iam.fails('DetachUserPolicy', { UserName: 'alice', PolicyArn: ARN('P0', '/even/') }, 'NoSuchEntity', 404),
      `Policy ${ARN('P0', '/even/')} was not found.`);
    assert.ok(iam.changes.length >= 4, 'writes report the change');
  });

  test('errors: unknown identity, unknown or wrong-path policy, invalid ARN', async () => {
    assert.equal(await iam.fails('AttachUserPolicy', { UserName: 'nobody', PolicyArn: ADMIN }, 'NoSuchEntity', 404), 'The user with name nobody cannot be found.');
    assert.equal(await iam.fails('AttachGroupPolicy', { GroupName: 'nobody', PolicyArn: ADMIN }, 'NoSuchEntity'), 'The group with name nobody cannot be found.');
    assert.equal(await iam.fails('AttachRolePolicy', { RoleName: 'nobody', PolicyArn: ADMIN }, 'NoSuchEntity'), 'The role with name nobody cannot be found.');
    assert.equal(await iam.fails('AttachUserPolicy', { UserName: 'Alice', PolicyArn: ARN('Nope') }, 'NoSuchEntity', 404),
      `Policy ${ARN('Nope')} does not exist or is not attachable.`);
    await iam.fails('AttachUserPolicy', { UserName: 'Alice', PolicyArn: ARN('P0') }, 'NoSuchEntity');
    await iam.fails('AttachUserPolicy', { UserName: 'Alice', PolicyArn: 'arn:aws:iam::aws:policy/NotInTheCatalogue' }, 'NoSuchEntity');
    await iam.fails('AttachUserPolicy', { UserName: 'Alice', PolicyArn: 'arn:aws:s3:::bucket-name-long' }, 'InvalidInput', 400);
    await iam.fails('ListAttachedRolePolicies', { RoleName: 'nobody' }, 'NoSuchEntity');
  });

  test('at most 10 per user, group and role: the 11th is LimitExceeded with AWS quota names', async () => {
    for (const [kind, member, name, quota] of [
      ['User', 'UserName', 'bob', 'PoliciesPerUser'], ['Group', 'GroupName', 'Developers', 'PoliciesPerGroup'], ['Role', 'RoleName', 'Deployer', 'PoliciesPerRole'],
    ] as const) {
      for (let i = 0; i < 10; i++) await iam.call(`Attach${kind}Policy`, { [member]: name, PolicyArn: ARN(`P${i}`, i % 2 === 0 ? '/even/' : '/') });
      assert.equal(await iam.fails(`Attach${kind}Policy`, { [member]: name, PolicyArn: ADMIN }, 'LimitExceeded', 409), `Cannot exceed quota for ${quota}: 10`);
      // Attaching an attached policy again is still a no-op at the limit.
      await iam.call(`Attach${kind}Policy`, { [member]: name, PolicyArn: ARN('P1') });
      assert.equal(((await iam.call(`ListAttached${kind}Policies`, { [member]: name })).AttachedPolicies as Attached[]).length, 10);
    }
    assert.equal(((await iam.call('GetPolicy', { PolicyArn: ARN('P1') })).Policy as { AttachmentCount: number }).AttachmentCount, 3);
    await iam.fails('DeletePolicy', { PolicyArn: ARN('P1') }, 'DeleteConflict');
  });

  test('ListEntitiesForPolicy: groups, users, roles with ids; EntityFilter, PathPrefix and paging', async () => {
    await iam.call('AttachUserPolicy', { UserName: 'Alice', PolicyArn: ARN('P1') });
    const all = await iam.call('ListEntitiesForPolicy', { PolicyArn: ARN('P1') });
    assert.deepEqual(all.PolicyGroups, [{ GroupName: 'Developers', GroupId: (await iam.store.getEntity(ACCOUNT, 'group', 'developers'))?.id }]);
    assert.deepEqual((all.PolicyUsers as { UserName: string }[]).map((u) => u.UserName), ['Alice', 'bob']);
    assert.match((all.PolicyUsers as { UserId: string }[])[0]!.UserId, /^AIDA/);
    assert.deepEqual((all.PolicyRoles as { RoleName: string }[]).map((r) => r.RoleName), ['Deployer']);
    assert.equal(all.IsTruncated, false);

    const users = await iam.call('ListEntitiesForPolicy', { PolicyArn: ARN('P1'), EntityFilter: 'User' });
    assert.deepEqual([users.PolicyGroups, (users.PolicyUsers as unknown[]).length, users.PolicyRoles], [[], 2, []]);
    const eng = await iam.call('ListEntitiesForPolicy', { PolicyArn: ARN('P1'), PathPrefix: '/eng/' });
    assert.deepEqual([(eng.PolicyGroups as unknown[]).length, (eng.PolicyUsers as { UserName: string }[]).map((u) => u.UserName), (eng.PolicyRoles as unknown[]).length], [0, ['bob'], 0]);
    assert.deepEqual((await iam.call('ListEntitiesForPolicy', { PolicyArn: ARN('P1'), EntityFilter: 'AWSManagedPolicy' })).PolicyUsers, []);

    const seen: string[] = [];
    let marker: unknown;
    do {
      const page = await iam.call('ListEntitiesForPolicy', { PolicyArn: ARN('P1'), MaxItems: 1, ...(marker !== undefined ? { Marker: marker } : {}) });
      for (const list of ['PolicyGroups', 'PolicyUsers', 'PolicyRoles'] as const) {
        for (const e of page[list] as Record<string, string>[]) seen.push(e.GroupName ?? e.UserName ?? e.RoleName ?? '');
      }
      marker = page.Marker;
    } while (marker !== undefined);
    assert.deepEqual(seen, ['Developers', 'Alice', 'bob', 'Deployer']);
    await iam.fails('ListEntitiesForPolicy', { PolicyArn: ARN('Nope') }, 'NoSuchEntity');
  });

  test('ListEntitiesForPolicy PermissionsBoundary lists users and roles using the policy as boundary', async () => {
    await iam.call('CreateUser', { UserName: 'bounded', PermissionsBoundary: BILLING });
    const bounded = await iam.call('ListEntitiesForPolicy', { PolicyArn: BILLING, PolicyUsageFilter: 'PermissionsBoundary' });
    assert.deepEqual((bounded.PolicyUsers as { UserName: string }[]).map((u) => u.UserName), ['bounded']);
    assert.deepEqual((await iam.call('ListEntitiesForPolicy', { PolicyArn: BILLING, PolicyUsageFilter: 'PermissionsPolicy' })).PolicyUsers, []);
  });

  test('detaching from groups and roles; AWS managed policies attach by their job-function path', async () => {
    await iam.call('DetachGroupPolicy', { GroupName: 'developers', PolicyArn: ARN('P1') });
    await iam.call('DetachRolePolicy', { RoleName: 'deployer', PolicyArn: ARN('P1') });
    await iam.call('AttachRolePolicy', { RoleName: 'deployer', PolicyArn: ARN('P1') });
    await iam.fails('DetachGroupPolicy', { GroupName: 'developers', PolicyArn: ARN('P1') }, 'NoSuchEntity');
    await iam.call('DetachGroupPolicy', { GroupName: 'developers', PolicyArn: ARN('P3') });
    await iam.call('AttachGroupPolicy', { GroupName: 'developers', PolicyArn: BILLING });
    const attached = (await iam.call('ListAttachedGroupPolicies', { GroupName: 'Developers', PathPrefix: '/job-function/' })).AttachedPolicies;
    assert.deepEqual(attached, [{ PolicyName: 'Billing', PolicyArn: BILLING }]);
  });
});
