// Service tests of the role operations on a real SQLite store. Rules: API_CreateRole, API_GetRole,
// API_UpdateRole, API_UpdateRoleDescription, API_UpdateAssumeRolePolicy, API_DeleteRole, API_ListRoles,
// API_TagRole / UntagRole / ListRoleTags (IAM API Reference); "Tagging IAM resources" (IAM User Guide).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, NOW, type IamHarness, openIamHarness } from '../test-support/harness.js';

const EC2_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const CROSS_ACCOUNT_TRUST = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]}';

type RoleOut = Record<string, unknown> & { RoleName: string; Arn: string; RoleId: string; AssumeRolePolicyDocument: string };

describe('IAM roles (service, SQLite)', () => {
  let iam: IamHarness;
  before(async () => {
    iam = await openIamHarness();
  });
  after(async () => iam.close());

  test('CreateRole: AROA id, ARN with path, trust policy URL-encoded as sent, announced once', async () => {
    const before = iam.changes.length;
    const role = (await iam.call('CreateRole', { RoleName: 'WebServer', AssumeRolePolicyDocument: EC2_TRUST, Path: '/app/' })).Role as RoleOut;
    assert.equal(role.RoleName, 'WebServer');
    assert.equal(role.Path, '/app/');
    assert.equal(role.Arn, `arn:aws:iam::${ACCOUNT}:role/app/WebServer`);
    assert.match(role.RoleId, /^AROA[A-Z2-7]{17}$/);
    assert.deepEqual(role.CreateDate, new Date(NOW));
    assert.equal(decodeURIComponent(role.AssumeRolePolicyDocument), EC2_TRUST);
    assert.equal(role.MaxSessionDuration, undefined, 'CreateRole answers no MaxSessionDuration');
    assert.deepEqual(iam.changes.slice(before), [ACCOUNT]);
  });

  test('CreateRole: description, MaxSessionDuration, tags; GetRole answers all of them and RoleLastUsed', async () => {
    const created = (await iam.call('CreateRole', {
      RoleName: 'CrossAccount', AssumeRolePolicyDocument: CROSS_ACCOUNT_TRUST, Description: 'audit', MaxSessionDuration: 7200,
      Tags: [{ Key: 'team', Value: 'sec' }],
    })).Role as RoleOut;
    assert.deepEqual(created.Tags, [{ Key: 'team', Value: 'sec' }]);
    const role = (await iam.call('GetRole', { RoleName: 'crossaccount' })).Role as RoleOut;
    assert.equal(role.RoleName, 'CrossAccount');
    assert.equal(role.Description, 'audit');
    assert.equal(role.MaxSessionDuration, 7200);
    assert.deepEqual(role.RoleLastUsed, {});
    assert.equal(decodeURIComponent(role.AssumeRolePolicyDocument), CROSS_ACCOUNT_TRUST, 'white space kept');
    const plain = (await iam.call('GetRole', { RoleName: 'WebServer' })).Role as RoleOut;
    assert.equal(plain.MaxSessionDuration, 3600);
    assert.equal(plain.Tags, undefined);
    assert.equal(plain.PermissionsBoundary, undefined);
  });

  test('CreateRole errors: taken name in any case, bad trust policies, duplicate/reserved tags; nothing written', async () => {
    const before = iam.changes.length;
    assert.equal(await iam.fails('CreateRole', { RoleName: 'WEBSERVER', AssumeRolePolicyDocument: EC2_TRUST }, 'EntityAlreadyExists', 409),
      'Role with name WEBSERVER already exists.');
    assert.equal(await iam.fails('CreateRole', { RoleName: 'x', AssumeRolePolicyDocument: 'nope' }, 'MalformedPolicyDocument', 400),
      'This policy contains invalid Json');
    const noPrincipal = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] });
    await iam.fails('CreateRole', { RoleName: 'x', AssumeRolePolicyDocument: noPrincipal }, 'MalformedPolicyDocument');
    assert.equal(await iam.fails('CreateRole', {
      RoleName: 'x', AssumeRolePolicyDocument: EC2_TRUST, Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }],
    }, 'InvalidInput', 400), 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    await iam.fails('CreateRole', { RoleName: 'x', AssumeRolePolicyDocument: EC2_TRUST, Tags: [{ Key: 'aws:x', Value: '1' }] }, 'InvalidInput');
    await iam.fails('CreateRole', { RoleName: 'x', AssumeRolePolicyDocument: EC2_TRUST, Path: '/aws-service-role/ec2.amazonaws.com/' }, 'InvalidInput');
    await iam.fails('GetRole', { RoleName: 'x' }, 'NoSuchEntity');
    assert.equal(iam.changes.length, before);
  });

  test('GetRole of a missing role: NoSuchEntity 404 in AWS words', async () => {
    assert.equal(await iam.fails('GetRole', { RoleName: 'ghost' }, 'NoSuchEntity', 404), 'The role with name ghost cannot be found.');
  });

  test('UpdateRole, UpdateRoleDescription, UpdateAssumeRolePolicy', async () => {
    assert.deepEqual(await iam.call('UpdateRole', { RoleName: 'WebServer', Description: 'web', MaxSessionDuration: 43200 }), {});
    const updated = (await iam.call('UpdateRoleDescription', { RoleName: 'webserver', Description: 'web tier' })).Role as RoleOut;
    assert.equal(updated.Description, 'web tier');
    assert.equal(updated.MaxSessionDuration, 43200);
    await iam.call('UpdateAssumeRolePolicy', { RoleName: 'WebServer', PolicyDocument: CROSS_ACCOUNT_TRUST });
    const role = (await iam.call('GetRole', { RoleName: 'WebServer' })).Role as RoleOut;
    assert.equal(decodeURIComponent(role.AssumeRolePolicyDocument), CROSS_ACCOUNT_TRUST);
    await iam.fails('UpdateAssumeRolePolicy', { RoleName: 'WebServer', PolicyDocument: '{}' }, 'MalformedPolicyDocument');
    await iam.fails('UpdateRole', { RoleName: 'ghost', Description: 'x' }, 'NoSuchEntity', 404);
    await iam.fails('UpdateAssumeRolePolicy', { RoleName: 'ghost', PolicyDocument: EC2_TRUST }, 'NoSuchEntity');
  });

  test('ListRoles: by name ignoring case, PathPrefix, Marker paging; no tags or boundary in the list', async () => {
    for (const name of ['b-role', 'A-role', 'c-role']) {
      await iam.call('CreateRole', { RoleName: name, AssumeRolePolicyDocument: EC2_TRUST, Path: '/paging/', Tags: [{ Key: 'k', Value: 'v' }] });
    }
    const first = await iam.call('ListRoles', { PathPrefix: '/paging/', MaxItems: 2 });
    assert.deepEqual((first.Roles as RoleOut[]).map((r) => r.RoleName), ['A-role', 'b-role']);
    assert.equal(first.IsTruncated, true);
    assert.equal((first.Roles as RoleOut[])[0]?.Tags, undefined);
    assert.equal((first.Roles as RoleOut[])[0]?.MaxSessionDuration, 3600);
    const second = await iam.call('ListRoles', { PathPrefix: '/paging/', MaxItems: 2, Marker: first.Marker });
    assert.deepEqual((second.Roles as RoleOut[]).map((r) => r.RoleName), ['c-role']);
    assert.equal(second.IsTruncated, false);
    assert.equal(second.Marker, undefined);
    const all = await iam.call('ListRoles', {});
    assert.ok((all.Roles as RoleOut[]).length >= 5);
    await iam.fails('ListRoles', { Marker: 'garbage!' }, 'InvalidInput');
  });

  test('TagRole / UntagRole / ListRoleTags: replace ignoring case, 50 at most, paging', async () => {
    await iam.call('TagRole', { RoleName: 'CrossAccount', Tags: [{ Key: 'TEAM', Value: 'blue' }, { Key: 'env', Value: 'prod' }] });
    let tags = (await iam.call('ListRoleTags', { RoleName: 'CrossAccount' })).Tags;
    assert.deepEqual(tags, [{ Key: 'TEAM', Value: 'blue' }, { Key: 'env', Value: 'prod' }]);
    const page = await iam.call('ListRoleTags', { RoleName: 'CrossAccount', MaxItems: 1 });
    assert.equal(page.IsTruncated, true);
    const rest = await iam.call('ListRoleTags', { RoleName: 'CrossAccount', Marker: page.Marker });
    assert.deepEqual(rest.Tags, [{ Key: 'env', Value: 'prod' }]);
    const many = Array.from({ length: 49 }, (_, i) => ({ Key: `k${i}`, Value: '' }));
    assert.equal(await iam.fails('TagRole', { RoleName: 'CrossAccount', Tags: many }, 'LimitExceeded', 409),
      'The number of tags has reached the maximum limit.');
    await iam.call('UntagRole', { RoleName: 'CrossAccount', TagKeys: ['team', 'absent'] });
    tags = (await iam.call('ListRoleTags', { RoleName: 'CrossAccount' })).Tags;
    assert.deepEqual(tags, [{ Key: 'env', Value: 'prod' }]);
    await iam.call('TagRole', { RoleName: 'CrossAccount', Tags: many });
    assert.equal(((await iam.call('ListRoleTags', { RoleName: 'CrossAccount' })).Tags as unknown[]).length, 50);
    await iam.fails('TagRole', { RoleName: 'CrossAccount', Tags: [{ Key: 'aws:cloudformation', Value: 'x' }] }, 'InvalidInput');
    await iam.fails('TagRole', { RoleName: 'ghost', Tags: [{ Key: 'a', Value: 'b' }] }, 'NoSuchEntity');
    await iam.fails('ListRoleTags', { RoleName: 'ghost' }, 'NoSuchEntity');
  });

  test('DeleteRole: DeleteConflict while in an instance profile, with attached or inline policies', async () => {
    await iam.call('CreateRole', { RoleName: 'Busy', AssumeRolePolicyDocument: EC2_TRUST });
    await iam.call('CreateInstanceProfile', { InstanceProfileName: 'busy-profile' });
    await iam.call('AddRoleToInstanceProfile', { InstanceProfileName: 'busy-profile', RoleName: 'Busy' });
    assert.equal(await iam.fails('DeleteRole', { RoleName: 'Busy' }, 'DeleteConflict', 409),
      'Cannot delete entity, must remove roles from instance profile first.');
    await iam.call('RemoveRoleFromInstanceProfile', { InstanceProfileName: 'busy-profile', RoleName: 'busy' });

    await iam.store.addLink({ accountId: ACCOUNT, kind: 'role-policy', from: 'busy', to: 'arn:aws:iam::aws:policy/ReadOnlyAccess', createdAt: new Date(NOW).toISOString() });
    assert.equal(await iam.fails('DeleteRole', { RoleName: 'Busy' }, 'DeleteConflict'), 'Cannot delete entity, must detach all policies first.');
    await iam.store.removeLink(ACCOUNT, 'role-policy', 'busy', 'arn:aws:iam::aws:policy/ReadOnlyAccess');

    await iam.store.putInlinePolicy({ accountId: ACCOUNT, ownerKind: 'role', ownerName: 'Busy', policyName: 'inline', document: '{}' });
    assert.equal(await iam.fails('DeleteRole', { RoleName: 'Busy' }, 'DeleteConflict'), 'Cannot delete entity, must delete policies first.');
    await iam.store.deleteInlinePolicy(ACCOUNT, 'role', 'Busy', 'inline');

    const before = iam.changes.length;
    assert.deepEqual(await iam.call('DeleteRole', { RoleName: 'BUSY' }), {});
    assert.deepEqual(iam.changes.slice(before), [ACCOUNT]);
    await iam.fails('GetRole', { RoleName: 'Busy' }, 'NoSuchEntity');
    await iam.fails('DeleteRole', { RoleName: 'Busy' }, 'NoSuchEntity', 404);
  });
});
