// Service tests of ListPoliciesGrantingServiceAccess on a real SQLite store. Rules:
// API_ListPoliciesGrantingServiceAccess (a user's own and its groups' inline and managed policies; a group's
// or role's own; boundaries not returned; "It only applies permissions policy logic"),
// API_PolicyGrantingServiceAccess (EntityType/EntityName "null for managed policies") and the example of
// botocore's examples-1.json (managed policies listed with their ARN, inline ones with their entity).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, type IamHarness, allow, openIamHarness } from '../test-support/harness.js';

const S3_READ = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
const IAM_READ = 'arn:aws:iam::aws:policy/IAMReadOnlyAccess';
const EC2_READ = 'arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess';
const EC2_DESCRIBE = `arn:aws:iam::${ACCOUNT}:policy/ec2-describe`;
const ALICE = `arn:aws:iam::${ACCOUNT}:user/eng/alice`;

const doc = (statement: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Resource: '*', ...statement }] });
const managed = (name: string, arn: string) => ({ PolicyName: name, PolicyType: 'MANAGED', PolicyArn: arn });
const inline = (name: string, type: 'USER' | 'GROUP' | 'ROLE', entity: string) => ({ PolicyName: name, PolicyType: 'INLINE', EntityType: type, EntityName: entity });

describe('ListPoliciesGrantingServiceAccess (service, SQLite)', () => {
  let iam: IamHarness;
  const list = (Arn: string, ServiceNamespaces: string[], Marker?: string) =>
    iam.call('ListPoliciesGrantingServiceAccess', { Arn, ServiceNamespaces, ...(Marker !== undefined ? { Marker } : {}) });

  before(async () => {
    iam = await openIamHarness();
    await iam.call('CreateUser', { UserName: 'alice', Path: '/eng/' });
    await iam.call('CreatePolicy', { PolicyName: 'ec2-describe', PolicyDocument: allow('ec2:Describe*') });
    await iam.call('CreatePolicy', { PolicyName: 'boundary', PolicyDocument: allow('*') });
    await iam.call('PutUserPolicy', { UserName: 'alice', PolicyName: 'alice-s3-get', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:Get*' }) });
    await iam.call('PutUserPolicy', { UserName: 'alice', PolicyName: 'alice-deny', PolicyDocument: doc({ Effect: 'Deny', Action: '*' }) });
    await iam.call('AttachUserPolicy', { UserName: 'alice', PolicyArn: EC2_DESCRIBE });
    await iam.call('AttachUserPolicy', { UserName: 'alice', PolicyArn: S3_READ });
    await iam.call('PutUserPermissionsBoundary', { UserName: 'alice', PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/boundary` });

    await iam.call('CreateGroup', { GroupName: 'devs' });
    await iam.call('PutGroupPolicy', { GroupName: 'devs', PolicyName: 'devs-not-iam', PolicyDocument: doc({ Effect: 'Allow', NotAction: 'iam:*' }) });
    await iam.call('AttachGroupPolicy', { GroupName: 'devs', PolicyArn: EC2_DESCRIBE });
    await iam.call('AttachGroupPolicy', { GroupName: 'devs', PolicyArn: IAM_READ });
    await iam.call('CreateGroup', { GroupName: 'ops' });
    await iam.call('PutGroupPolicy', { GroupName: 'ops', PolicyName: 'ops-everything', PolicyDocument: doc({ Effect: 'Allow', Action: '*' }) });
    await iam.call('AddUserToGroup', { GroupName: 'ops', UserName: 'alice' });
    await iam.call('AddUserToGroup', { GroupName: 'devs', UserName: 'alice' });

    await iam.call('CreateRole', {
      RoleName: 'app', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    });
    await iam.call('PutRolePolicy', { RoleName: 'app', PolicyName: 'app-assume', PolicyDocument: allow('sts:AssumeRole') });
    await iam.call('AttachRolePolicy', { RoleName: 'app', PolicyArn: EC2_READ });
  });
  after(async () => iam.close());

  test('a user: its own and its groups\' policies per namespace, managed first and once, boundary and Deny-only left out', async () => {
    assert.deepEqual(await list(ALICE, ['s3', 'ec2', 'iam', 'sts', 'elasticloadbalancing']), {
      PoliciesGrantingServiceAccess: [
        { ServiceNamespace: 's3', Policies: [managed('AmazonS3ReadOnlyAccess', S3_READ), inline('alice-s3-get', 'USER', 'alice'), inline('devs-not-iam', 'GROUP', 'devs'), inline('ops-everything', 'GROUP', 'ops')] },
        { ServiceNamespace: 'ec2', Policies: [managed('ec2-describe', EC2_DESCRIBE), inline('devs-not-iam', 'GROUP', 'devs'), inline('ops-everything', 'GROUP', 'ops')] },
        { ServiceNamespace: 'iam', Policies: [managed('IAMReadOnlyAccess', IAM_READ), inline('ops-everything', 'GROUP', 'ops')] },
        { ServiceNamespace: 'sts', Policies: [inline('devs-not-iam', 'GROUP', 'devs'), inline('ops-everything', 'GROUP', 'ops')] },
        { ServiceNamespace: 'elasticloadbalancing', Policies: [inline('devs-not-iam', 'GROUP', 'devs'), inline('ops-everything', 'GROUP', 'ops')] },
      ],
      IsTruncated: false,
    });
  });

  test('a group: only its own policies; a role: only its own (an AWS managed policy counts for its services only)', async () => {
    assert.deepEqual(await list(`arn:aws:iam::${ACCOUNT}:group/devs`, ['iam', 's3', 'lambda']), {
      PoliciesGrantingServiceAccess: [
        { ServiceNamespace: 'iam', Policies: [managed('IAMReadOnlyAccess', IAM_READ)] },
        { ServiceNamespace: 's3', Policies: [inline('devs-not-iam', 'GROUP', 'devs')] },
        { ServiceNamespace: 'lambda', Policies: [inline('devs-not-iam', 'GROUP', 'devs')] },
      ],
      IsTruncated: false,
    });
    const role = await list(`arn:aws:iam::${ACCOUNT}:role/app`, ['ec2', 'autoscaling', 'sts', 's3']);
    assert.deepEqual(role.PoliciesGrantingServiceAccess, [
      { ServiceNamespace: 'ec2', Policies: [managed('AmazonEC2ReadOnlyAccess', EC2_READ)] },
      { ServiceNamespace: 'autoscaling', Policies: [managed('AmazonEC2ReadOnlyAccess', EC2_READ)] },
      { ServiceNamespace: 'sts', Policies: [inline('app-assume', 'ROLE', 'app')] },
      { ServiceNamespace: 's3', Policies: [] },
    ]);
  });

  test('AmazonS3ReadOnlyAccess counts for s3 and s3-object-lambda, not for ec2', async () => {
    await iam.call('CreateUser', { UserName: 'reader' });
    await iam.call('AttachUserPolicy', { UserName: 'reader', PolicyArn: S3_READ });
    const answer = await list(`arn:aws:iam::${ACCOUNT}:user/reader`, ['s3', 'ec2', 's3-object-lambda']);
    assert.deepEqual(answer.PoliciesGrantingServiceAccess, [
      { ServiceNamespace: 's3', Policies: [managed('AmazonS3ReadOnlyAccess', S3_READ)] },
      { ServiceNamespace: 'ec2', Policies: [] },
      { ServiceNamespace: 's3-object-lambda', Policies: [managed('AmazonS3ReadOnlyAccess', S3_READ)] },
    ]);
  });

  test('a change is seen by the next call', async () => {
    await iam.call('CreateUser', { UserName: 'carol' });
    const arn = `arn:aws:iam::${ACCOUNT}:user/carol`;
    assert.deepEqual((await list(arn, ['s3'])).PoliciesGrantingServiceAccess, [{ ServiceNamespace: 's3', Policies: [] }]);
    await iam.call('PutUserPolicy', { UserName: 'carol', PolicyName: 'p', PolicyDocument: allow('s3:PutObject') });
    assert.deepEqual((await list(arn, ['s3'])).PoliciesGrantingServiceAccess, [{ ServiceNamespace: 's3', Policies: [inline('p', 'USER', 'carol')] }]);
    await iam.call('DeleteUserPolicy', { UserName: 'carol', PolicyName: 'p' });
    assert.deepEqual((await list(arn, ['s3'])).PoliciesGrantingServiceAccess, [{ ServiceNamespace: 's3', Policies: [] }]);
  });

  test('errors: NoSuchEntity for an unknown identity or a wrong path, InvalidInput for a malformed ARN or Marker', async () => {
    assert.equal(await iam.fails('ListPoliciesGrantingServiceAccess', { Arn: `arn:aws:iam::${ACCOUNT}:user/nobody`, ServiceNamespaces: ['s3'] }, 'NoSuchEntity', 404),
      'The user with name nobody cannot be found.');
    assert.equal(await iam.fails('ListPoliciesGrantingServiceAccess', { Arn: `arn:aws:iam::${ACCOUNT}:user/alice`, ServiceNamespaces: ['s3'] }, 'NoSuchEntity', 404),
      'The user with name alice cannot be found.');
    assert.equal(await iam.fails('ListPoliciesGrantingServiceAccess', { Arn: `arn:aws:iam::${ACCOUNT}:role/nobody`, ServiceNamespaces: ['s3'] }, 'NoSuchEntity', 404),
      'The role with name nobody cannot be found.');
    assert.equal(await iam.fails('ListPoliciesGrantingServiceAccess', { Arn: `arn:aws:iam::${ACCOUNT}:group/nobody`, ServiceNamespaces: ['s3'] }, 'NoSuchEntity', 404),
      'The group with name nobody cannot be found.');
    // Another account's identity is not found from this one.
    await iam.fails('ListPoliciesGrantingServiceAccess', { Arn: 'arn:aws:iam::444455556666:user/eng/alice', ServiceNamespaces: ['s3'] }, 'NoSuchEntity', 404);
    for (const bad of [
      'not-an-arn-at-all-really', `arn:aws:iam::${ACCOUNT}:policy/ec2-describe`, `arn:aws:s3:::${ACCOUNT}-bucket/user/x`,
      `arn:aws:iam:us-east-1:${ACCOUNT}:user/alice`, `arn:aws-cn:iam::${ACCOUNT}:user/alice`, 'arn:aws:iam::aws:user/alice', `arn:aws:iam::${ACCOUNT}:user/`,
    ]) {
      assert.equal(await iam.fails('ListPoliciesGrantingServiceAccess', { Arn: bad, ServiceNamespaces: ['s3'] }, 'InvalidInput', 400), `ARN ${bad} is not valid.`);
    }
    for (const marker of ['bm9wZQ', Buffer.from('5').toString('base64url'), Buffer.from('0').toString('base64url'), '%%%']) {
      assert.equal(await iam.fails('ListPoliciesGrantingServiceAccess', { Arn: ALICE, ServiceNamespaces: ['s3'], Marker: marker }, 'InvalidInput', 400), 'Invalid Marker.');
    }
  });

  test('pages: a page ends after the namespace that brings it to 1,000 policies; the Marker resumes after it', async () => {
    // A role with 200 small inline policies granting everything (10,240 characters of inline policy at most).
    await iam.seed('role', 'wide');
    for (let i = 0; i < 200; i++) {
      await iam.store.putInlinePolicy({ accountId: ACCOUNT, ownerKind: 'role', ownerName: 'wide', policyName: `p${String(i).padStart(3, '0')}`, document: allow('*') });
    }
    const arn = `arn:aws:iam::${ACCOUNT}:role/wide`;
    const namespaces = ['s3', 'ec2', 'iam', 'sts', 'lambda', 'sqs', 'sns'];
    const first = await list(arn, namespaces);
    const entries = first.PoliciesGrantingServiceAccess as { ServiceNamespace: string; Policies: unknown[] }[];
    assert.deepEqual(entries.map((e) => [e.ServiceNamespace, e.Policies.length]), [['s3', 200], ['ec2', 200], ['iam', 200], ['sts', 200], ['lambda', 200]]);
    assert.equal(first.IsTruncated, true);
    assert.equal(first.Marker, Buffer.from('4').toString('base64url'));
    const second = await list(arn, namespaces, first.Marker as string);
    assert.deepEqual((second.PoliciesGrantingServiceAccess as { ServiceNamespace: string; Policies: unknown[] }[]).map((e) => [e.ServiceNamespace, e.Policies.length]),
      [['sqs', 200], ['sns', 200]]);
    assert.equal(second.IsTruncated, false);
    assert.equal(second.Marker, undefined);
    // A namespace granting more than a page's worth is never split.
    const many = Array.from({ length: 12 }, (_, i) => `svc${i}`);
    const pages: number[] = [];
    let marker: string | undefined;
    do {
      const page = await list(arn, many, marker);
      pages.push((page.PoliciesGrantingServiceAccess as unknown[]).length);
      marker = page.Marker as string | undefined;
    } while (marker !== undefined);
    assert.deepEqual(pages, [5, 5, 2]);
  });
});
