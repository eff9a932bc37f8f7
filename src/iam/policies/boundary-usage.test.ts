// Service tests of a policy's permissions-boundary uses, as every operation that sets, replaces, moves or
// drops a boundary leaves them. Rules: API_GetPolicy and API_ListPolicies (PermissionsBoundaryUsageCount,
// PolicyUsageFilter), API_ListEntitiesForPolicy, API_DeletePolicy (DeleteConflict while in use),
// API_PutUserPermissionsBoundary / API_PutRolePermissionsBoundary (replace), API_UpdateUser (a renamed user
// keeps what it has), API_DeleteUser / API_DeleteRole (IAM API Reference).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, type IamHarness, allow, openIamHarness } from '../test-support/harness.js';

const ARN = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`;
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

describe('permissions-boundary uses of a policy (service, SQLite)', () => {
  let iam: IamHarness;
  const usage = async (arn: string): Promise<number> =>
    ((await iam.call('GetPolicy', { PolicyArn: arn })).Policy as { PermissionsBoundaryUsageCount: number }).PermissionsBoundaryUsageCount;
  const holders = async (arn: string): Promise<{ users: string[]; roles: string[] }> => {
    const out = await iam.call('ListEntitiesForPolicy', { PolicyArn: arn, PolicyUsageFilter: 'PermissionsBoundary' });
    return {
      users: (out.PolicyUsers as { UserName: string }[]).map((u) => u.UserName),
      roles: (out.PolicyRoles as { RoleName: string }[]).map((r) => r.RoleName),
    };
  };
  /** The store's boundary links to `arn`: what the count reads, kept in the same transaction as the identity. */
  const links = async (arn: string): Promise<string[]> => [
    ...(await iam.store.listLinksTo(ACCOUNT, 'user-boundary', arn)).map((l) => `user:${l.from}`),
    ...(await iam.store.listLinksTo(ACCOUNT, 'role-boundary', arn)).map((l) => `role:${l.from}`),
  ];

  before(async () => {
    iam = await openIamHarness();
    await iam.call('CreatePolicy', { PolicyName: 'Fence', PolicyDocument: allow('s3:*') });
    await iam.call('CreatePolicy', { PolicyName: 'Wall', PolicyDocument: allow('ec2:*') });
  });
  after(async () => iam.close());

  test('CreateUser and CreateRole with a boundary count and list at once', async () => {
    await iam.call('CreateUser', { UserName: 'Ann', PermissionsBoundary: ARN('Fence') });
    await iam.call('CreateRole', { RoleName: 'Worker', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: ARN('Fence') });
    assert.equal(await usage(ARN('Fence')), 2);
    assert.deepEqual(await holders(ARN('Fence')), { users: ['Ann'], roles: ['Worker'] });
    assert.deepEqual(await links(ARN('Fence')), ['user:ann', 'role:worker']);
    const listed = await iam.call('ListPolicies', { Scope: 'Local', PolicyUsageFilter: 'PermissionsBoundary' });
    assert.deepEqual((listed.Policies as { PolicyName: string }[]).map((p) => p.PolicyName), ['Fence']);
  });

  test('a failed create leaves no use behind', async () => {
    await iam.fails('CreateUser', { UserName: 'ann', PermissionsBoundary: ARN('Wall') }, 'EntityAlreadyExists');
    await iam.fails('CreateRole', { RoleName: 'WORKER', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: ARN('Wall') }, 'EntityAlreadyExists');
    assert.equal(await usage(ARN('Wall')), 0);
    assert.deepEqual(await links(ARN('Wall')), []);
  });

  test('Put{User,Role}PermissionsBoundary replaces: the old policy loses the use, the new one gains it', async () => {
    await iam.call('PutUserPermissionsBoundary', { UserName: 'ann', PermissionsBoundary: ARN('Wall') });
    await iam.call('PutRolePermissionsBoundary', { RoleName: 'worker', PermissionsBoundary: READ_ONLY });
    assert.equal(await usage(ARN('Fence')), 0);
    assert.equal(await usage(ARN('Wall')), 1);
    assert.equal(await usage(READ_ONLY), 1);
    assert.deepEqual(await holders(READ_ONLY), { users: [], roles: ['Worker'] });
    // Setting the same boundary again keeps one use, not two.
    await iam.call('PutUserPermissionsBoundary', { UserName: 'Ann', PermissionsBoundary: ARN('Wall') });
    assert.equal(await usage(ARN('Wall')), 1);
    await iam.call('DeletePolicy', { PolicyArn: ARN('Fence') });
  });

  test('UpdateUser NewUserName carries the boundary to the new name', async () => {
    await iam.call('UpdateUser', { UserName: 'Ann', NewUserName: 'Anna' });
    assert.equal(await usage(ARN('Wall')), 1);
    assert.deepEqual(await holders(ARN('Wall')), { users: ['Anna'], roles: [] });
    assert.deepEqual(await links(ARN('Wall')), ['user:anna']);
    // A change of case only keeps the same link.
    await iam.call('UpdateUser', { UserName: 'Anna', NewUserName: 'ANNA' });
    assert.deepEqual(await holders(ARN('Wall')), { users: ['ANNA'], roles: [] });
  });

  test('Delete{User,Role}PermissionsBoundary drop the use; DeletePolicy is then allowed', async () => {
    await iam.fails('DeletePolicy', { PolicyArn: ARN('Wall') }, 'DeleteConflict');
    await iam.call('DeleteUserPermissionsBoundary', { UserName: 'anna' });
    await iam.call('DeleteRolePermissionsBoundary', { RoleName: 'Worker' });
    assert.equal(await usage(ARN('Wall')), 0);
    assert.equal(await usage(READ_ONLY), 0);
    assert.deepEqual(await links(ARN('Wall')), []);
    await iam.call('DeletePolicy', { PolicyArn: ARN('Wall') });
  });

  test('DeleteUser and DeleteRole take their boundary use with them', async () => {
    await iam.call('CreatePolicy', { PolicyName: 'Gate', PolicyDocument: allow('sqs:*') });
    await iam.call('PutUserPermissionsBoundary', { UserName: 'anna', PermissionsBoundary: ARN('Gate') });
    await iam.call('PutRolePermissionsBoundary', { RoleName: 'Worker', PermissionsBoundary: ARN('Gate') });
    assert.equal(await usage(ARN('Gate')), 2);
    await iam.call('DeleteUser', { UserName: 'anna' });
    assert.equal(await usage(ARN('Gate')), 1);
    await iam.call('DeleteRole', { RoleName: 'Worker' });
    assert.equal(await usage(ARN('Gate')), 0);
    assert.deepEqual(await links(ARN('Gate')), []);
    // A user of the same name made later does not inherit the old boundary.
    await iam.call('CreateUser', { UserName: 'anna' });
    assert.equal(await usage(ARN('Gate')), 0);
    await iam.call('DeletePolicy', { PolicyArn: ARN('Gate') });
  });
});
