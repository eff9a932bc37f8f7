// Service tests of service-linked roles on a real SQLite store. Rules: API_CreateServiceLinkedRole,
// API_DeleteServiceLinkedRole, API_GetServiceLinkedRoleDeletionStatus; "Using service-linked roles" and
// "Service-linked roles for Amazon EC2 Auto Scaling" (custom suffixes).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, type IamHarness, openIamHarness } from '../test-support/harness.js';

type RoleOut = Record<string, unknown> & { RoleName: string; Arn: string; Path: string; AssumeRolePolicyDocument: string };

describe('IAM service-linked roles (service, SQLite)', () => {
  let iam: IamHarness;
  before(async () => {
    iam = await openIamHarness();
  });
  after(async () => iam.close());

  test('CreateServiceLinkedRole: named by the service, under /aws-service-role/<service>/, trusting only it', async () => {
    const role = (await iam.call('CreateServiceLinkedRole', { AWSServiceName: 'elasticbeanstalk.amazonaws.com', Description: 'eb' })).Role as RoleOut;
    assert.equal(role.RoleName, 'AWSServiceRoleForElasticBeanstalk');
    assert.equal(role.Path, '/aws-service-role/elasticbeanstalk.amazonaws.com/');
    assert.equal(role.Arn, `arn:aws:iam::${ACCOUNT}:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk`);
    assert.equal(role.Description, 'eb');
    assert.deepEqual(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument)), {
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'elasticbeanstalk.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
  });

  test('a second one is InvalidInput "has been taken"; CustomSuffix only where the service allows it', async () => {
    assert.equal(await iam.fails('CreateServiceLinkedRole', { AWSServiceName: 'elasticbeanstalk.amazonaws.com' }, 'InvalidInput', 400),
      'Service role name AWSServiceRoleForElasticBeanstalk has been taken in this account, please try a different suffix.');
    assert.equal(await iam.fails('CreateServiceLinkedRole', { AWSServiceName: 'es.amazonaws.com', CustomSuffix: 'x' }, 'InvalidInput'),
      'Custom suffix is not allowed for es.amazonaws.com');
    const suffixed = (await iam.call('CreateServiceLinkedRole', { AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'web' })).Role as RoleOut;
    assert.equal(suffixed.RoleName, 'AWSServiceRoleForAutoScaling_web');
    await iam.fails('CreateServiceLinkedRole', { AWSServiceName: 'nothing.example.com' }, 'InvalidInput');
  });

  test('a service-linked role is protected: only its description may change', async () => {
    const name = 'AWSServiceRoleForElasticBeanstalk';
    const message = `Cannot perform the operation on the protected role '${name}' - this role is only modifiable by AWS`;
    assert.equal(await iam.fails('DeleteRole', { RoleName: name }, 'UnmodifiableEntity', 400), message);
    await iam.fails('UpdateAssumeRolePolicy', { RoleName: name, PolicyDocument: '{}' }, 'UnmodifiableEntity');
    await iam.fails('PutRolePermissionsBoundary', { RoleName: name, PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, 'UnmodifiableEntity');
    await iam.fails('UpdateRole', { RoleName: name, MaxSessionDuration: 7200 }, 'UnmodifiableEntity');
    await iam.call('CreateInstanceProfile', { InstanceProfileName: 'p' });
    await iam.fails('AddRoleToInstanceProfile', { InstanceProfileName: 'p', RoleName: name }, 'UnmodifiableEntity');
    const role = (await iam.call('UpdateRoleDescription', { RoleName: name, Description: 'edited' })).Role as RoleOut;
    assert.equal(role.Description, 'edited');
  });

  test('DeleteServiceLinkedRole: a task id in AWS format; its status SUCCEEDED; the role gone', async () => {
    const out = await iam.call('DeleteServiceLinkedRole', { RoleName: 'AWSServiceRoleForElasticBeanstalk' });
    const taskId = out.DeletionTaskId as string;
    assert.match(taskId, /^task\/aws-service-role\/elasticbeanstalk\.amazonaws\.com\/AWSServiceRoleForElasticBeanstalk\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(await iam.call('GetServiceLinkedRoleDeletionStatus', { DeletionTaskId: taskId }), { Status: 'SUCCEEDED' });
    await iam.fails('GetRole', { RoleName: 'AWSServiceRoleForElasticBeanstalk' }, 'NoSuchEntity');
    await iam.fails('DeleteServiceLinkedRole', { RoleName: 'AWSServiceRoleForElasticBeanstalk' }, 'NoSuchEntity', 404);
    await iam.fails('GetServiceLinkedRoleDeletionStatus', { DeletionTaskId: `${taskId.slice(0, -1)}0` }, 'NoSuchEntity');
    await iam.fails('GetServiceLinkedRoleDeletionStatus', { DeletionTaskId: 'not-a-task' }, 'InvalidInput');
    // The name is free again.
    await iam.call('CreateServiceLinkedRole', { AWSServiceName: 'elasticbeanstalk.amazonaws.com' });
  });

  test('DeleteServiceLinkedRole refuses an ordinary role', async () => {
    await iam.call('CreateRole', { RoleName: 'plain', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) });
    await iam.fails('DeleteServiceLinkedRole', { RoleName: 'plain' }, 'InvalidInput');
  });
});
