// Service tests of GetAccountAuthorizationDetails on a real SQLite store. Rules:
// API_GetAccountAuthorizationDetails (IAM API Reference) and the aws CLI's
// get-account-authorization-details example (lists always present, AWS managed policies only when
// attached, documents URL-encoded, Marker/IsTruncated paging).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, type IamHarness, NOW, allow, openIamHarness } from '../test-support/harness.js';

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const POWER = 'arn:aws:iam::aws:policy/PowerUserAccess';
const enc = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

type Details = { UserDetailList: Record<string, unknown>[]; GroupDetailList: Record<string, unknown>[]; RoleDetailList: Record<string, unknown>[];
  Policies: Record<string, unknown>[]; IsTruncated: boolean; Marker?: string };

describe('IAM GetAccountAuthorizationDetails (service, SQLite)', () => {
  let iam: IamHarness;
  let customArn: string;
  const details = async (input: Record<string, unknown> = {}) => (await iam.call('GetAccountAuthorizationDetails', input)) as unknown as Details;

  before(async () => {
    iam = await openIamHarness();
    customArn = ((await iam.call('CreatePolicy', { PolicyName: 'read', Path: '/team/', PolicyDocument: allow('s3:GetObject'), Description: 'reads' })).Policy as { Arn: string }).Arn;
    await iam.call('CreatePolicyVersion', { PolicyArn: customArn, PolicyDocument: allow('s3:ListBucket'), SetAsDefault: true });
    await iam.call('CreateUser', { UserName: 'alice', Path: '/eng/', Tags: [{ Key: 'team', Value: 'eng' }], PermissionsBoundary: POWER });
    await iam.call('CreateUser', { UserName: 'bob' });
    await iam.call('CreateGroup', { GroupName: 'devs' });
    await iam.call('CreateGroup', { GroupName: 'Admins' });
    await iam.call('AddUserToGroup', { GroupName: 'devs', UserName: 'alice' });
    await iam.call('AddUserToGroup', { GroupName: 'Admins', UserName: 'alice' });
    await iam.call('PutUserPolicy', { UserName: 'alice', PolicyName: 'own-keys', PolicyDocument: allow('iam:CreateAccessKey') });
    await iam.call('AttachUserPolicy', { UserName: 'alice', PolicyArn: customArn });
    await iam.call('PutGroupPolicy', { GroupName: 'devs', PolicyName: 'ec2', PolicyDocument: allow('ec2:Describe*') });
    await iam.call('AttachGroupPolicy', { GroupName: 'Admins', PolicyArn: ADMIN });
    await iam.call('CreateRole', { RoleName: 'app', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'tier', Value: 'web' }] });
    await iam.call('PutRolePermissionsBoundary', { RoleName: 'app', PermissionsBoundary: READ_ONLY });
    await iam.call('PutRolePolicy', { RoleName: 'app', PolicyName: 'logs', PolicyDocument: allow('logs:*') });
    await iam.call('AttachRolePolicy', { RoleName: 'app', PolicyArn: READ_ONLY });
    await iam.call('CreateInstanceProfile', { InstanceProfileName: 'app-profile' });
    await iam.call('AddRoleToInstanceProfile', { InstanceProfileName: 'app-profile', RoleName: 'app' });
  });
  after(async () => iam.close());

  test('users: inline policies URL-encoded, groups by name, attached policies, boundary, tags; empty lists kept', async () => {
    const { UserDetailList: users } = await details({ Filter: ['User'] });
    assert.deepEqual(users.map((u) => u.UserName), ['alice', 'bob']);
    const [alice, bob] = users;
    assert.deepEqual(alice, {
      Path: '/eng/', UserName: 'alice', UserId: alice?.UserId, Arn: `arn:aws:iam::${ACCOUNT}:user/eng/alice`, CreateDate: new Date(NOW),
      UserPolicyList: [{ PolicyName: 'own-keys', PolicyDocument: enc(allow('iam:CreateAccessKey')) }],
      GroupList: ['Admins', 'devs'],
      AttachedManagedPolicies: [{ PolicyName: 'read', PolicyArn: customArn }],
      PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: POWER },
      Tags: [{ Key: 'team', Value: 'eng' }],
    });
    assert.match(alice?.UserId as string, /^AIDA/);
    assert.deepEqual({ p: bob?.UserPolicyList, g: bob?.GroupList, a: bob?.AttachedManagedPolicies, b: bob?.PermissionsBoundary, t: bob?.Tags },
      { p: [], g: [], a: [], b: undefined, t: undefined });
  });

  test('groups and roles: inline and attached policies, instance profiles with their role, RoleLastUsed', async () => {
    const result = await details({ Filter: ['Group', 'Role'] });
    assert.deepEqual(result.UserDetailList, []);
    assert.deepEqual(result.Policies, []);
    assert.deepEqual(result.GroupDetailList.map((g) => [g.GroupName, g.GroupPolicyList, g.AttachedManagedPolicies]), [
      ['Admins', [], [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN }]],
      ['devs', [{ PolicyName: 'ec2', PolicyDocument: enc(allow('ec2:Describe*')) }], []],
    ]);
    const [role] = result.RoleDetailList;
    assert.ok(role);
    assert.equal(role.AssumeRolePolicyDocument, enc(TRUST));
    assert.deepEqual(role.RolePolicyList, [{ PolicyName: 'logs', PolicyDocument: enc(allow('logs:*')) }]);
    assert.deepEqual(role.AttachedManagedPolicies, [{ PolicyName: 'ReadOnlyAccess', PolicyArn: READ_ONLY }]);
    assert.deepEqual(role.PermissionsBoundary, { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: READ_ONLY });
    assert.deepEqual(role.Tags, [{ Key: 'tier', Value: 'web' }]);
    assert.deepEqual(role.RoleLastUsed, {});
    const profiles = role.InstanceProfileList as Record<string, unknown>[];
    assert.deepEqual(profiles.map((p) => [p.InstanceProfileName, p.Arn, (p.Roles as { RoleName: string }[]).map((r) => r.RoleName)]),
      [['app-profile', `arn:aws:iam::${ACCOUNT}:instance-profile/app-profile`, ['app']]]);
  });

  test('policies: customer managed with every version; AWS managed only when attached (a boundary alone does not count)', async () => {
    const { Policies: policies } = await details({ Filter: ['LocalManagedPolicy', 'AWSManagedPolicy'] });
    assert.deepEqual(policies.map((p) => p.Arn), [customArn, ADMIN, READ_ONLY]);
    const [custom, admin, readOnly] = policies;
    assert.deepEqual({ ...custom, PolicyId: undefined }, {
      PolicyName: 'read', PolicyId: undefined, Arn: customArn, Path: '/team/', DefaultVersionId: 'v2', AttachmentCount: 1,
      PermissionsBoundaryUsageCount: 0, IsAttachable: true, Description: 'reads', CreateDate: new Date(NOW), UpdateDate: new Date(NOW),
      PolicyVersionList: [
        { Document: enc(allow('s3:GetObject')), VersionId: 'v1', IsDefaultVersion: false, CreateDate: new Date(NOW) },
        { Document: enc(allow('s3:ListBucket')), VersionId: 'v2', IsDefaultVersion: true, CreateDate: new Date(NOW) },
      ],
    });
    assert.equal(admin?.AttachmentCount, 1);
    assert.equal(readOnly?.AttachmentCount, 1);
    assert.equal(readOnly?.PermissionsBoundaryUsageCount, 1);
    const version = (readOnly?.PolicyVersionList as Record<string, unknown>[])[0];
    assert.equal(version?.IsDefaultVersion, true);
    assert.match(decodeURIComponent(version?.Document as string), /"Version"/);
  });

  test('no filter: every section; one page when MaxItems allows', async () => {
    const all = await details();
    assert.deepEqual([all.UserDetailList.length, all.GroupDetailList.length, all.RoleDetailList.length, all.Policies.length], [2, 2, 1, 3]);
    assert.equal(all.IsTruncated, false);
    assert.equal(all.Marker, undefined);
  });

  test('paging across sections with MaxItems 1..8 gives the unpaged listing, in order', async () => {
    const names = (d: Details) => [
      ...d.UserDetailList.map((u) => `U:${String(u.UserName)}`), ...d.GroupDetailList.map((g) => `G:${String(g.GroupName)}`),
      ...d.RoleDetailList.map((r) => `R:${String(r.RoleName)}`), ...d.Policies.map((p) => `P:${String(p.PolicyName)}`),
    ];
    const expected = names(await details());
    for (let size = 1; size <= 8; size++) {
      const seen: string[] = [];
      let marker: string | undefined;
      let pages = 0;
      do {
        const page = await details({ MaxItems: size, ...(marker !== undefined ? { Marker: marker } : {}) });
        seen.push(...names(page));
        assert.ok(names(page).length <= size);
        marker = page.IsTruncated ? page.Marker : undefined;
        assert.equal(page.IsTruncated, marker !== undefined);
        pages++;
      } while (marker !== undefined);
      assert.deepEqual(seen, expected, `MaxItems ${size}`);
      assert.equal(pages, Math.ceil(expected.length / size), `MaxItems ${size}`);
    }
  });

  test('a marker resumes after its item even when items were added and removed, and honours Filter', async () => {
    const first = await details({ MaxItems: 1, Filter: ['User', 'Role'] });
    assert.deepEqual(first.UserDetailList.map((u) => u.UserName), ['alice']);
    await iam.call('CreateUser', { UserName: 'aaron' });
    await iam.call('CreateUser', { UserName: 'carol' });
    await iam.call('DeleteUser', { UserName: 'bob' });
    const rest = await details({ Marker: first.Marker, Filter: ['User', 'Role'] });
    assert.deepEqual(rest.UserDetailList.map((u) => u.UserName), ['carol']);
    assert.deepEqual(rest.RoleDetailList.map((r) => r.RoleName), ['app']);
    assert.equal(rest.IsTruncated, false);
    await iam.fails('GetAccountAuthorizationDetails', { Marker: Buffer.from('Nope:x').toString('base64url') }, 'InvalidInput', 400);
    await iam.fails('GetAccountAuthorizationDetails', { Marker: 'not base64!' }, 'InvalidInput', 400);
  });
});
