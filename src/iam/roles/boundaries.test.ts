// Service tests of permissions boundaries on a real SQLite store. Rules: API_PutUserPermissionsBoundary,
// API_DeleteUserPermissionsBoundary, API_PutRolePermissionsBoundary, API_DeleteRolePermissionsBoundary,
// API_CreateRole (PermissionsBoundary); "Permissions boundaries for IAM entities" (IAM User Guide).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type UserData, dataOf } from '../records.js';
import { ACCOUNT, type IamHarness, openIamHarness } from '../test-support/harness.js';

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sts:AssumeRole' }] });
const EC2_ONLY = `arn:aws:iam::${ACCOUNT}:policy/boundaries/Ec2Only`;
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

describe('IAM permissions boundaries (service, SQLite)', () => {
  let iam: IamHarness;
  before(async () => {
    iam = await openIamHarness();
    await iam.seed('policy', 'Ec2Only', { path: '/boundaries/' });
    await iam.seed('user', 'alice');
  });
  after(async () => iam.close());

  test('CreateRole with a customer managed boundary: GetRole answers it', async () => {
    await iam.call('CreateRole', { RoleName: 'Bounded', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: EC2_ONLY });
    const role = (await iam.call('GetRole', { RoleName: 'Bounded' })).Role as Record<string, unknown>;
    assert.deepEqual(role.PermissionsBoundary, { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: EC2_ONLY });
  });

  test('a boundary that does not exist: NoSuchEntity "Scope ARN"; not a policy ARN: InvalidInput; nothing created', async () => {
    const missing = `arn:aws:iam::${ACCOUNT}:policy/Ec2Only`;
    assert.equal(await iam.fails('CreateRole', { RoleName: 'X', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: missing }, 'NoSuchEntity', 404),
      `Scope ARN: ${missing} does not exist or is not attachable.`);
    await iam.fails('CreateRole', { RoleName: 'X', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: 'arn:aws:iam::999999999999:policy/boundaries/Ec2Only' }, 'NoSuchEntity');
    await iam.fails('CreateRole', { RoleName: 'X', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: 'arn:aws-cn:iam::aws:policy/AdministratorAccess' }, 'NoSuchEntity');
    await iam.fails('CreateRole', { RoleName: 'X', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: 'arn:aws:iam::aws:policy/NoSuchAwsPolicy' }, 'NoSuchEntity');
    assert.equal(await iam.fails('PutRolePermissionsBoundary', { RoleName: 'Bounded', PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:user/alice` }, 'InvalidInput', 400),
      `ARN arn:aws:iam::${ACCOUNT}:user/alice is not valid.`);
    await iam.fails('GetRole', { RoleName: 'X' }, 'NoSuchEntity');
  });

  test('PutRolePermissionsBoundary replaces it (AWS managed accepted); DeleteRolePermissionsBoundary removes it', async () => {
    await iam.call('PutRolePermissionsBoundary', { RoleName: 'bounded', PermissionsBoundary: ADMIN });
    let role = (await iam.call('GetRole', { RoleName: 'Bounded' })).Role as Record<string, unknown>;
    assert.deepEqual(role.PermissionsBoundary, { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: ADMIN });
    const before = iam.changes.length;
    await iam.call('DeleteRolePermissionsBoundary', { RoleName: 'Bounded' });
    assert.deepEqual(iam.changes.slice(before), [ACCOUNT]);
    role = (await iam.call('GetRole', { RoleName: 'Bounded' })).Role as Record<string, unknown>;
    assert.equal(role.PermissionsBoundary, undefined);
    await iam.fails('PutRolePermissionsBoundary', { RoleName: 'ghost', PermissionsBoundary: ADMIN }, 'NoSuchEntity', 404);
    await iam.fails('DeleteRolePermissionsBoundary', { RoleName: 'ghost' }, 'NoSuchEntity', 404);
  });

  test('Put/DeleteUserPermissionsBoundary keep UserData.permissionsBoundary and the rest of the data', async () => {
    await iam.store.updateEntity({ ...(await iam.store.getEntity(ACCOUNT, 'user', 'alice'))!, data: { tags: [{ Key: 'a', Value: 'b' }] } });
    await iam.call('PutUserPermissionsBoundary', { UserName: 'ALICE', PermissionsBoundary: EC2_ONLY });
    let user = await iam.store.getEntity(ACCOUNT, 'user', 'alice');
    assert.deepEqual(dataOf<UserData>(user!), { tags: [{ Key: 'a', Value: 'b' }], permissionsBoundary: EC2_ONLY });
    await iam.call('DeleteUserPermissionsBoundary', { UserName: 'alice' });
    user = await iam.store.getEntity(ACCOUNT, 'user', 'alice');
    assert.deepEqual(dataOf<UserData>(user!), { tags: [{ Key: 'a', Value: 'b' }] });
    assert.equal(await iam.fails('PutUserPermissionsBoundary', { UserName: 'bob', PermissionsBoundary: EC2_ONLY }, 'NoSuchEntity', 404),
      'The user with name bob cannot be found.');
    await iam.fails('PutUserPermissionsBoundary', { UserName: 'alice', PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/nope` }, 'NoSuchEntity');
    await iam.fails('DeleteUserPermissionsBoundary', { UserName: 'bob' }, 'NoSuchEntity');
  });
});
