// Service tests of customer managed policies, versions, tags and the AWS managed catalogue on a real
// SQLite store. Rules: API_CreatePolicy, API_GetPolicy, API_DeletePolicy, API_ListPolicies,
// API_CreatePolicyVersion, API_GetPolicyVersion, API_ListPolicyVersions, API_DeletePolicyVersion,
// API_SetDefaultPolicyVersion, API_TagPolicy, API_UntagPolicy, API_ListPolicyTags (IAM API Reference);
// "IAM and AWS STS quotas" (5 versions, 6,144 characters, 50 tags).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from '../../policy/index.js';
import { awsManagedPolicies, awsManagedPolicy } from './aws-managed-catalogue.js';
import { resolveManagedPolicyDocument } from './index.js';
import { ACCOUNT, NOW, type IamHarness, allow, openIamHarness } from '../test-support/harness.js';

type PolicyOut = {
  PolicyName: string; PolicyId: string; Arn: string; Path: string; DefaultVersionId: string; AttachmentCount: number;
  PermissionsBoundaryUsageCount: number; IsAttachable: boolean; Description?: string; CreateDate: Date; UpdateDate: Date;
  Tags?: { Key: string; Value: string }[];
};
type VersionOut = { Document?: string; VersionId: string; IsDefaultVersion: boolean; CreateDate: Date };

const ARN = (name: string, path = '/') => `arn:aws:iam::${ACCOUNT}:policy${path}${name}`;
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

describe('customer managed policies (service, SQLite)', () => {
  let iam: IamHarness;
  before(async () => {
    iam = await openIamHarness();
  });
  after(async () => iam.close());

  test('CreatePolicy: ANPA id, ARN with path, v1 default, tags and description; GetPolicy by ARN', async () => {
    const created = (await iam.call('CreatePolicy', {
      PolicyName: 'ReadBuckets', Path: '/teams/data/', PolicyDocument: allow('s3:GetObject'), Description: 'reads',
      Tags: [{ Key: 'team', Value: 'data' }],
    })).Policy as PolicyOut;
    assert.match(created.PolicyId, /^ANPA[A-Z2-7]{17}$/);
    assert.equal(created.Arn, ARN('ReadBuckets', '/teams/data/'));
    assert.equal(created.Path, '/teams/data/');
    assert.equal(created.DefaultVersionId, 'v1');
    assert.equal(created.AttachmentCount, 0);
    assert.equal(created.PermissionsBoundaryUsageCount, 0);
    assert.equal(created.IsAttachable, true);
    assert.deepEqual(created.CreateDate, new Date(NOW));
    assert.deepEqual(created.Tags, [{ Key: 'team', Value: 'data' }]);
    assert.deepEqual(iam.changes, [ACCOUNT]);
    const got = (await iam.call('GetPolicy', { PolicyArn: created.Arn })).Policy as PolicyOut;
    assert.deepEqual(got, created);
    assert.equal(got.Description, 'reads');
  });

  test('CreatePolicy errors: duplicate name in any case and any path, malformed documents, size quota', async () => {
    assert.equal(await iam.fails('CreatePolicy', { PolicyName: 'readbuckets', PolicyDocument: allow('s3:*') }, 'EntityAlreadyExists', 409),
      'A policy called readbuckets already exists. Duplicate names are not allowed.');
    assert.equal(await iam.fails('CreatePolicy', { PolicyName: 'Bad', PolicyDocument: '{"Version":' }, 'MalformedPolicyDocument', 400),
      'Syntax errors in policy.');
    const withPrincipal = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] });
    assert.equal(await iam.fails('CreatePolicy', { PolicyName: 'Bad', PolicyDocument: withPrincipal }, 'MalformedPolicyDocument'),
      'Policy document should not specify a principal.');
    const big = allow('s3:GetObject', `arn:aws:s3:::${'b'.repeat(6100)}`);
    assert.equal(await iam.fails('CreatePolicy', { PolicyName: 'Big', PolicyDocument: big }, 'LimitExceeded', 409),
      'Cannot exceed quota for PolicySize: 6144');
    // IAM does not count white space: a document padded with 10,000 spaces still fits.
    const padded = allow('s3:GetObject').replace('{', `{${' '.repeat(10_000)}`);
    await iam.call('CreatePolicy', { PolicyName: 'Padded', PolicyDocument: padded });
    await iam.call('DeletePolicy', { PolicyArn: ARN('Padded') });
    assert.equal(await iam.fails('CreatePolicy', { PolicyName: 'Dup', PolicyDocument: allow('s3:*'), Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] }, 'InvalidInput'),
      'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
  });

  test('GetPolicy: NoSuchEntity for an unknown ARN, a wrong path, another account; InvalidInput for a non-ARN', async () => {
    assert.equal(await iam.fails('GetPolicy', { PolicyArn: ARN('Nope') }, 'NoSuchEntity', 404), `Policy ${ARN('Nope')} was not found.`);
    await iam.fails('GetPolicy', { PolicyArn: ARN('ReadBuckets') }, 'NoSuchEntity', 404);
    await iam.fails('GetPolicy', { PolicyArn: 'arn:aws:iam::999988887777:policy/teams/data/ReadBuckets' }, 'NoSuchEntity');
    await iam.fails('GetPolicy', { PolicyArn: 'arn:aws:iam::aws:policy/NoSuchAwsPolicy' }, 'NoSuchEntity');
    assert.equal(await iam.fails('GetPolicy', { PolicyArn: 'not-an-arn-at-all-really' }, 'InvalidInput', 400), 'ARN not-an-arn-at-all-really is not valid.');
  });

  test('versions: up to 5, SetAsDefault, newest first without documents, ids never reused, rollback', async () => {
    await iam.call('CreatePolicy', { PolicyName: 'Versioned', PolicyDocument: allow('s3:GetObject') });
    const arn = ARN('Versioned');
    iam.advance(1000);
    const v2 = (await iam.call('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: allow('s3:PutObject'), SetAsDefault: true })).PolicyVersion as VersionOut;
    assert.deepEqual(v2, { VersionId: 'v2', IsDefaultVersion: true, CreateDate: new Date(NOW + 1000) });
    const v3 = (await iam.call('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: allow('s3:ListBucket') })).PolicyVersion as VersionOut;
    assert.equal(v3.IsDefaultVersion, false);
    await iam.call('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: allow('ec2:*') });
    await iam.call('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: allow('sqs:*') });
    assert.equal(await iam.fails('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: allow('sns:*') }, 'LimitExceeded', 409),
      'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
    await iam.fails('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: '[]' }, 'MalformedPolicyDocument');

    const policy = (await iam.call('GetPolicy', { PolicyArn: arn })).Policy as PolicyOut;
    assert.equal(policy.DefaultVersionId, 'v2');
    assert.deepEqual(policy.UpdateDate, new Date(NOW + 1000));

    const list = await iam.call('ListPolicyVersions', { PolicyArn: arn, MaxItems: 3 });
    assert.deepEqual((list.Versions as VersionOut[]).map((v) => [v.VersionId, v.IsDefaultVersion, 'Document' in v]),
      [['v5', false, false], ['v4', false, false], ['v3', false, false]]);
    assert.equal(list.IsTruncated, true);
    const rest = await iam.call('ListPolicyVersions', { PolicyArn: arn, Marker: list.Marker });
    assert.deepEqual((rest.Versions as VersionOut[]).map((v) => v.VersionId), ['v2', 'v1']);
    assert.equal(rest.IsTruncated, false);

    const got = (await iam.call('GetPolicyVersion', { PolicyArn: arn, VersionId: 'v2' })).PolicyVersion as VersionOut;
    assert.equal(got.IsDefaultVersion, true);
    assert.equal(decodeURIComponent(got.Document ?? ''), allow('s3:PutObject'));
    assert.match(got.Document ?? '', /^%7B%22Version%22%3A%222012-10-17%22/);
    assert.match(got.Document ?? '', /%22Resource%22%3A%22%2A%22/, 'AWS encodes * as %2A');
    assert.equal(await iam.fails('GetPolicyVersion', { PolicyArn: arn, VersionId: 'v9' }, 'NoSuchEntity', 404),
      `Policy ${arn} version v9 does not exist or is not attachable.`);

    assert.equal(await iam.fails('DeletePolicyVersion', { PolicyArn: arn, VersionId: 'v2' }, 'DeleteConflict', 409),
      'Cannot delete the default version of a policy.');
    await iam.fails('DeletePolicyVersion', { PolicyArn: arn, VersionId: 'v7' }, 'NoSuchEntity');
    await iam.call('DeletePolicyVersion', { PolicyArn: arn, VersionId: 'v3' });
    const v6 = (await iam.call('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: allow('sns:*') })).PolicyVersion as VersionOut;
    assert.equal(v6.VersionId, 'v6', 'version ids are never reused');

    // Rollback: v1 becomes the default again, and the resolver serves it.
    await iam.fails('SetDefaultPolicyVersion', { PolicyArn: arn, VersionId: 'v3' }, 'NoSuchEntity');
    await iam.call('SetDefaultPolicyVersion', { PolicyArn: arn, VersionId: 'v1' });
    assert.equal(((await iam.call('GetPolicy', { PolicyArn: arn })).Policy as PolicyOut).DefaultVersionId, 'v1');
    assert.equal(await iam.store.transaction((tx) => resolveManagedPolicyDocument(tx, 'aws', ACCOUNT, arn)), allow('s3:GetObject'));
  });

  test('DeletePolicy: DeleteConflict while attached or with versions, then deletes', async () => {
    const arn = ARN('Versioned');
    await iam.seed('user', 'alice');
    await iam.store.addLink({ accountId: ACCOUNT, kind: 'user-policy', from: 'alice', to: arn, createdAt: new Date(NOW).toISOString() });
    assert.equal(await iam.fails('DeletePolicy', { PolicyArn: arn }, 'DeleteConflict', 409), 'Cannot delete a policy attached to entities.');
    await iam.store.removeLink(ACCOUNT, 'user-policy', 'alice', arn);
    assert.equal(await iam.fails('DeletePolicy', { PolicyArn: arn }, 'DeleteConflict', 409),
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
    for (const VersionId of ['v2', 'v4', 'v5', 'v6']) await iam.call('DeletePolicyVersion', { PolicyArn: arn, VersionId });
    await iam.call('DeletePolicy', { PolicyArn: arn });
    await iam.fails('GetPolicy', { PolicyArn: arn }, 'NoSuchEntity');
    await iam.fails('DeletePolicy', { PolicyArn: arn }, 'NoSuchEntity', 404);
  });

  test('a policy used as a permissions boundary counts in PermissionsBoundaryUsageCount and cannot be deleted', async () => {
    await iam.call('CreatePolicy', { PolicyName: 'Boundary', PolicyDocument: allow('ec2:*') });
    const arn = ARN('Boundary');
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    await iam.call('CreateRole', { RoleName: 'bounded', AssumeRolePolicyDocument: trust, PermissionsBoundary: arn });
    assert.equal(((await iam.call('GetPolicy', { PolicyArn: arn })).Policy as PolicyOut).PermissionsBoundaryUsageCount, 1);
    await iam.fails('DeletePolicy', { PolicyArn: arn }, 'DeleteConflict');
    const boundaries = await iam.call('ListPolicies', { Scope: 'Local', OnlyAttached: true, PolicyUsageFilter: 'PermissionsBoundary' });
    assert.deepEqual((boundaries.Policies as PolicyOut[]).map((p) => p.PolicyName), ['Boundary']);
  });

  test('tags: TagPolicy merges ignoring key case, UntagPolicy, ListPolicyTags pages, 50 at most', async () => {
    const arn = ARN('ReadBuckets', '/teams/data/');
    await iam.call('TagPolicy', { PolicyArn: arn, Tags: [{ Key: 'TEAM', Value: 'analytics' }, { Key: 'cost', Value: '42' }] });
    let tags = await iam.call('ListPolicyTags', { PolicyArn: arn });
    // TEAM replaces team in its place.
    assert.deepEqual(tags.Tags, [{ Key: 'TEAM', Value: 'analytics' }, { Key: 'cost', Value: '42' }]);
    const first = await iam.call('ListPolicyTags', { PolicyArn: arn, MaxItems: 1 });
    assert.equal(first.IsTruncated, true);
    assert.deepEqual((await iam.call('ListPolicyTags', { PolicyArn: arn, Marker: first.Marker })).Tags, [{ Key: 'cost', Value: '42' }]);
    await iam.call('UntagPolicy', { PolicyArn: arn, TagKeys: ['team', 'absent'] });
    tags = await iam.call('ListPolicyTags', { PolicyArn: arn });
    assert.deepEqual(tags.Tags, [{ Key: 'cost', Value: '42' }]);
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    assert.equal(await iam.fails('TagPolicy', { PolicyArn: arn, Tags: many }, 'LimitExceeded'), 'The number of tags has reached the maximum limit.');
    assert.match(await iam.fails('TagPolicy', { PolicyArn: arn, Tags: [{ Key: 'AWS:x', Value: 'v' }] }, 'InvalidInput'), /reserved for use by AWS/);
    await iam.fails('TagPolicy', { PolicyArn: ARN('Nope'), Tags: [{ Key: 'a', Value: 'b' }] }, 'NoSuchEntity');
  });

  test('ListPolicies: Scope, OnlyAttached, PathPrefix and paging from the AWS catalogue into local policies', async () => {
    const local = await iam.call('ListPolicies', { Scope: 'Local' });
    assert.deepEqual((local.Policies as PolicyOut[]).map((p) => p.PolicyName), ['Boundary', 'ReadBuckets']);
    assert.equal('Description' in (local.Policies as PolicyOut[])[1]!, false, 'ListPolicies leaves out Description and Tags');
    const aws = await iam.call('ListPolicies', { Scope: 'AWS' });
    assert.equal((aws.Policies as PolicyOut[]).length, awsManagedPolicies('aws').length);
    const jobs = await iam.call('ListPolicies', { Scope: 'AWS', PathPrefix: '/job-function/' });
    assert.deepEqual((jobs.Policies as PolicyOut[]).map((p) => p.PolicyName),
      ['Billing', 'DatabaseAdministrator', 'DataScientist', 'NetworkAdministrator', 'SupportUser', 'SystemAdministrator', 'ViewOnlyAccess']);
    assert.deepEqual(((await iam.call('ListPolicies', { PathPrefix: '/teams/' })).Policies as PolicyOut[]).map((p) => p.PolicyName), ['ReadBuckets']);

    const seen: string[] = [];
    let marker: unknown;
    let pages = 0;
    do {
      const page = await iam.call('ListPolicies', { MaxItems: 7, ...(marker !== undefined ? { Marker: marker } : {}) });
      seen.push(...(page.Policies as PolicyOut[]).map((p) => p.Arn));
      marker = page.Marker;
      pages++;
      assert.equal(page.IsTruncated, marker !== undefined);
    } while (marker !== undefined);
    assert.equal(seen.length, awsManagedPolicies('aws').length + 2);
    assert.equal(new Set(seen).size, seen.length);
    assert.equal(pages, Math.ceil(seen.length / 7));

    await iam.store.addLink({ accountId: ACCOUNT, kind: 'user-policy', from: 'alice', to: ADMIN, createdAt: new Date(NOW).toISOString() });
    const attached = await iam.call('ListPolicies', { OnlyAttached: true, PolicyUsageFilter: 'PermissionsPolicy' });
    assert.deepEqual((attached.Policies as PolicyOut[]).map((p) => [p.PolicyName, p.AttachmentCount]), [['AdministratorAccess', 1]]);
  });
});

describe('the AWS managed catalogue', () => {
  let iam: IamHarness;
  before(async () => {
    iam = await openIamHarness();
  });
  after(async () => iam.close());

  test('every document is a valid identity policy, and every ARN resolves', () => {
    const names = awsManagedPolicies('aws').map((p) => p.name);
    for (const name of ['AdministratorAccess', 'PowerUserAccess', 'ReadOnlyAccess', 'IAMFullAccess', 'IAMReadOnlyAccess',
      'IAMUserChangePassword', 'AmazonS3ReadOnlyAccess', 'AmazonS3FullAccess', 'AmazonEC2ReadOnlyAccess', 'AmazonEC2FullAccess',
      'SecurityAudit', 'Billing', 'DatabaseAdministrator', 'DataScientist', 'NetworkAdministrator', 'SupportUser',
      'SystemAdministrator', 'ViewOnlyAccess']) assert.ok(names.includes(name), name);
    for (const policy of awsManagedPolicies('aws')) {
      assert.deepEqual(parsePolicy(policy.documentText, { kind: 'managed' }).problems, [], policy.name);
      assert.equal(awsManagedPolicy(policy.arn), policy);
      assert.match(policy.id, /^ANPA[A-Z2-7]{17}$/);
      assert.match(policy.versionId, /^v\d+$/);
    }
    assert.equal(awsManagedPolicy('arn:aws:iam::aws:policy/job-function/Billing')?.path, '/job-function/');
    assert.equal(awsManagedPolicy('arn:aws:iam::aws:policy/Billing'), undefined);
  });

  test('GetPolicy and GetPolicyVersion serve AdministratorAccess as AWS does', async () => {
    const policy = (await iam.call('GetPolicy', { PolicyArn: ADMIN })).Policy as PolicyOut;
    assert.equal(policy.PolicyName, 'AdministratorAccess');
    assert.equal(policy.DefaultVersionId, 'v1');
    assert.deepEqual(policy.CreateDate, new Date('2015-02-06T18:39:46Z'));
    assert.equal(policy.Description, 'Provides full access to AWS services and resources.');
    const version = (await iam.call('GetPolicyVersion', { PolicyArn: ADMIN, VersionId: 'v1' })).PolicyVersion as VersionOut;
    assert.deepEqual(JSON.parse(decodeURIComponent(version.Document ?? '')), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    await iam.fails('GetPolicyVersion', { PolicyArn: ADMIN, VersionId: 'v2' }, 'NoSuchEntity');
    assert.deepEqual(((await iam.call('ListPolicyVersions', { PolicyArn: ADMIN })).Versions as VersionOut[]).map((v) => v.VersionId), ['v1']);
    assert.deepEqual((await iam.call('ListPolicyTags', { PolicyArn: ADMIN })).Tags, []);
  });

  test('AWS managed policies cannot be deleted, versioned or tagged: AccessDenied', async () => {
    const message = await iam.fails('DeletePolicy', { PolicyArn: ADMIN }, 'AccessDenied', 403);
    assert.equal(message, `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: iam:DeletePolicy on resource: policy ${ADMIN}`);
    await iam.fails('CreatePolicyVersion', { PolicyArn: ADMIN, PolicyDocument: allow('s3:*') }, 'AccessDenied');
    await iam.fails('DeletePolicyVersion', { PolicyArn: ADMIN, VersionId: 'v1' }, 'AccessDenied');
    await iam.fails('SetDefaultPolicyVersion', { PolicyArn: ADMIN, VersionId: 'v1' }, 'AccessDenied');
    await iam.fails('TagPolicy', { PolicyArn: ADMIN, Tags: [{ Key: 'a', Value: 'b' }] }, 'AccessDenied');
  });

  test('resolveManagedPolicyDocument: AWS managed and unknown policies', async () => {
    const doc = await iam.store.transaction((tx) => resolveManagedPolicyDocument(tx, 'aws', ACCOUNT, 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess'));
    assert.ok(doc !== undefined && JSON.parse(doc).Statement.length > 0);
    assert.equal(await iam.store.transaction((tx) => resolveManagedPolicyDocument(tx, 'aws', ACCOUNT, `arn:aws:iam::${ACCOUNT}:policy/Nope`)), undefined);
    assert.equal(await iam.store.transaction((tx) => resolveManagedPolicyDocument(tx, 'aws', ACCOUNT, 'arn:aws-cn:iam::aws:policy/AdministratorAccess')), undefined);
  });

  test('other partitions: ARNs and document ARNs in the partition', async () => {
    const cn = await openIamHarness({ partition: 'aws-cn' });
    try {
      const policy = (await cn.call('GetPolicy', { PolicyArn: 'arn:aws-cn:iam::aws:policy/IAMUserChangePassword' })).Policy as PolicyOut;
      assert.equal(policy.Arn, 'arn:aws-cn:iam::aws:policy/IAMUserChangePassword');
      const version = (await cn.call('GetPolicyVersion', { PolicyArn: policy.Arn, VersionId: policy.DefaultVersionId })).PolicyVersion as VersionOut;
      const text = decodeURIComponent(version.Document ?? '');
      assert.match(text, /arn:aws-cn:iam::\*:user\/\$\{aws:username\}/);
      await cn.fails('GetPolicy', { PolicyArn: ADMIN }, 'NoSuchEntity');
      const created = (await cn.call('CreatePolicy', { PolicyName: 'P', PolicyDocument: allow('s3:*') })).Policy as PolicyOut;
      assert.equal(created.Arn, `arn:aws-cn:iam::${ACCOUNT}:policy/P`);
    } finally {
      await cn.close();
    }
  });
});
