// End to end: managed policies, versions, attachments, inline policies and the AWS managed catalogue
// against a real Ward process, with boto3 (one script, many calls), the aws CLI and the AWS SDK for
// JavaScript v3. Error codes and statuses: https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html
// and each operation's API reference page; messages as AWS answers them (see errors.ts).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateUserCommand, GetPolicyCommand, GetPolicyVersionCommand, GetUserPolicyCommand, type IAMClient, NoSuchEntityException,
  PutUserPolicyCommand, paginateListPolicies,
} from '@aws-sdk/client-iam';
import { useWard } from '../../server/test-support/use-ward.js';
import { BOTO3_IAM_PRELUDE, awsCli, boto3, iamClient } from '../../server/test-support/clients.js';

const ACCOUNT = '777788889999';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

const BOTO3_SCRIPT = String.raw`${BOTO3_IAM_PRELUDE}
def doc(*actions):
    return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": "*"}]})
trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}

iam.create_user(UserName='dev')
iam.create_group(GroupName='Developers')
iam.create_role(RoleName='App', AssumeRolePolicyDocument=json.dumps(trust))

# Customer managed policy with versions.
p = iam.create_policy(PolicyName='DevAccess', Path='/teams/', PolicyDocument=doc('ec2:Describe*'), Description='devs',
                      Tags=[{'Key': 'team', 'Value': 'dev'}])['Policy']
arn = p['Arn']
out['create'] = {'Arn': arn, 'Id': p['PolicyId'][:4], 'Default': p['DefaultVersionId'], 'Tags': p.get('Tags'), 'Attachable': p['IsAttachable']}
err('duplicate', iam.create_policy, PolicyName='devaccess', PolicyDocument=doc('s3:*'))
err('malformed', iam.create_policy, PolicyName='Bad', PolicyDocument='{"Version": "2012-10-17", "Statement": [')
err('principal', iam.create_policy, PolicyName='Bad', PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}))
err('tooBig', iam.create_policy, PolicyName='Big', PolicyDocument=doc(*['s3:Get%04d' % i for i in range(600)]))
iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc('ec2:Describe*', 's3:GetObject'), SetAsDefault=True)
for a in ['sqs:*', 'sns:*', 'kms:*']:
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc(a))
err('sixthVersion', iam.create_policy_version, PolicyArn=arn, PolicyDocument=doc('ssm:*'))
v = iam.get_policy_version(PolicyArn=arn, VersionId='v2')['PolicyVersion']
out['version'] = {'Document': v['Document'], 'Default': v['IsDefaultVersion']}
out['versions'] = [[x['VersionId'], x['IsDefaultVersion'], 'Document' in x] for x in iam.list_policy_versions(PolicyArn=arn)['Versions']]
err('deleteDefault', iam.delete_policy_version, PolicyArn=arn, VersionId='v2')
err('noVersion', iam.get_policy_version, PolicyArn=arn, VersionId='v9')
iam.delete_policy_version(PolicyArn=arn, VersionId='v5')
iam.set_default_policy_version(PolicyArn=arn, VersionId='v1')
out['rolledBack'] = iam.get_policy(PolicyArn=arn)['Policy']['DefaultVersionId']
err('hasVersions', iam.delete_policy, PolicyArn=arn)
err('noPolicy', iam.get_policy, PolicyArn='arn:aws:iam::${ACCOUNT}:policy/Nope')
err('badArn', iam.get_policy, PolicyArn='arn:aws:s3:::not-a-policy')
iam.tag_policy(PolicyArn=arn, Tags=[{'Key': 'TEAM', 'Value': 'platform'}, {'Key': 'cost', 'Value': '7'}])
iam.untag_policy(PolicyArn=arn, TagKeys=['cost'])
out['tags'] = iam.list_policy_tags(PolicyArn=arn)['Tags']

# Attachments.
iam.attach_user_policy(UserName='dev', PolicyArn=arn)
iam.attach_user_policy(UserName='dev', PolicyArn=arn)
iam.attach_group_policy(GroupName='Developers', PolicyArn=arn)
iam.attach_role_policy(RoleName='App', PolicyArn='arn:aws:iam::aws:policy/job-function/ViewOnlyAccess')
out['attachedUser'] = iam.list_attached_user_policies(UserName='dev')['AttachedPolicies']
out['attachedRole'] = iam.list_attached_role_policies(RoleName='App')['AttachedPolicies']
out['attachmentCount'] = iam.get_policy(PolicyArn=arn)['Policy']['AttachmentCount']
e = iam.list_entities_for_policy(PolicyArn=arn)
out['entities'] = {'Groups': [x['GroupName'] for x in e['PolicyGroups']], 'Users': [x['UserName'] for x in e['PolicyUsers']], 'Roles': e['PolicyRoles'], 'UserIdPrefix': e['PolicyUsers'][0]['UserId'][:4]}
err('deleteAttached', iam.delete_policy, PolicyArn=arn)
err('attachUnknown', iam.attach_user_policy, UserName='dev', PolicyArn='arn:aws:iam::aws:policy/NoSuchPolicy')
err('attachNoUser', iam.attach_user_policy, UserName='ghost', PolicyArn=arn)
for i in range(9):
    iam.create_policy(PolicyName='Extra%d' % i, PolicyDocument=doc('s3:Get%d' % i))
    iam.attach_user_policy(UserName='dev', PolicyArn='arn:aws:iam::${ACCOUNT}:policy/Extra%d' % i)
err('eleventh', iam.attach_user_policy, UserName='dev', PolicyArn=${JSON.stringify(ADMIN)})
err('detachNotAttached', iam.detach_group_policy, GroupName='Developers', PolicyArn=${JSON.stringify(ADMIN)})
iam.detach_user_policy(UserName='dev', PolicyArn=arn)
iam.detach_group_policy(GroupName='Developers', PolicyArn=arn)
for vid in ['v2', 'v3', 'v4']:
    iam.delete_policy_version(PolicyArn=arn, VersionId=vid)
iam.delete_policy(PolicyArn=arn)
err('deleted', iam.get_policy, PolicyArn=arn)

# Inline policies.
deny = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}
iam.put_user_policy(UserName='dev', PolicyName='DenyAll', PolicyDocument=json.dumps(deny, indent=4))
g = iam.get_user_policy(UserName='DEV', PolicyName='denyall')
out['inline'] = {'UserName': g['UserName'], 'PolicyName': g['PolicyName'], 'Document': g['PolicyDocument']}
out['inlineNames'] = iam.list_user_policies(UserName='dev')['PolicyNames']
err('inlineTooBig', iam.put_user_policy, UserName='dev', PolicyName='Big', PolicyDocument=doc(*['s3:Get%04d' % i for i in range(200)]))
iam.put_group_policy(GroupName='Developers', PolicyName='Reads', PolicyDocument=doc('s3:GetObject'))
out['groupInline'] = iam.get_group_policy(GroupName='Developers', PolicyName='Reads')['PolicyDocument']
iam.put_role_policy(RoleName='App', PolicyName='Reads', PolicyDocument=doc('s3:GetObject'))
out['roleInlineNames'] = iam.list_role_policies(RoleName='App')['PolicyNames']
iam.delete_role_policy(RoleName='App', PolicyName='reads')
err('inlineGone', iam.get_role_policy, RoleName='App', PolicyName='Reads')
err('inlineMalformed', iam.put_group_policy, GroupName='Developers', PolicyName='x', PolicyDocument='not json')

# AWS managed catalogue.
a = iam.get_policy(PolicyArn=${JSON.stringify(ADMIN)})['Policy']
out['admin'] = {'Name': a['PolicyName'], 'Version': a['DefaultVersionId'], 'Created': a['CreateDate'].isoformat(), 'Description': a.get('Description')}
out['adminDocument'] = iam.get_policy_version(PolicyArn=${JSON.stringify(ADMIN)}, VersionId='v1')['PolicyVersion']['Document']
err('deleteAwsManaged', iam.delete_policy, PolicyArn=${JSON.stringify(ADMIN)})
err('versionAwsManaged', iam.create_policy_version, PolicyArn=${JSON.stringify(ADMIN)}, PolicyDocument=doc('s3:*'))
names = []
for page in iam.get_paginator('list_policies').paginate(Scope='AWS', PaginationConfig={'PageSize': 5}):
    names += [x['PolicyName'] for x in page['Policies']]
out['awsPolicies'] = names
out['jobFunctions'] = [x['Arn'] for x in iam.list_policies(Scope='AWS', PathPrefix='/job-function/')['Policies']]
out['attachedOnly'] = [x['PolicyName'] for x in iam.list_policies(OnlyAttached=True)['Policies']]
print(json.dumps(out, default=str))
`;

describe('IAM policies end to end (SQLite)', () => {
  const ward = useWard({ accountId: ACCOUNT });
  let sdk: IAMClient;

  before(async () => {
    sdk = iamClient(ward().root);
  });
  after(() => {
    sdk?.destroy();
  });

  test('boto3: managed policies, versions, attachments, inline policies, the AWS catalogue and every error code', async () => {
    const result = await boto3(ward().root, BOTO3_SCRIPT);
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    const arn = `arn:aws:iam::${ACCOUNT}:policy/teams/DevAccess`;
    assert.deepEqual(out.create, { Arn: arn, Id: 'ANPA', Default: 'v1', Tags: [{ Key: 'team', Value: 'dev' }], Attachable: true });
    assert.deepEqual(out.duplicate, ['EntityAlreadyExists', 409, 'A policy called devaccess already exists. Duplicate names are not allowed.']);
    assert.deepEqual(out.malformed, ['MalformedPolicyDocument', 400, 'Syntax errors in policy.']);
    assert.deepEqual(out.principal, ['MalformedPolicyDocument', 400, 'Policy document should not specify a principal.']);
    assert.deepEqual(out.tooBig, ['LimitExceeded', 409, 'Cannot exceed quota for PolicySize: 6144']);
    assert.deepEqual(out.sixthVersion, ['LimitExceeded', 409,
      'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.']);
    // botocore decodes the URL-encoded document and parses the JSON.
    assert.deepEqual(out.version, {
      Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ec2:Describe*', 's3:GetObject'], Resource: '*' }] }, Default: true,
    });
    assert.deepEqual(out.versions, [['v5', false, false], ['v4', false, false], ['v3', false, false], ['v2', true, false], ['v1', false, false]]);
    assert.deepEqual(out.deleteDefault, ['DeleteConflict', 409, 'Cannot delete the default version of a policy.']);
    assert.deepEqual(out.noVersion, ['NoSuchEntity', 404, `Policy ${arn} version v9 does not exist or is not attachable.`]);
    assert.equal(out.rolledBack, 'v1');
    assert.equal((out.hasVersions as unknown[])[0], 'DeleteConflict');
    assert.deepEqual(out.noPolicy, ['NoSuchEntity', 404, `Policy arn:aws:iam::${ACCOUNT}:policy/Nope was not found.`]);
    assert.deepEqual(out.badArn, ['InvalidInput', 400, 'ARN arn:aws:s3:::not-a-policy is not valid.']);
    assert.deepEqual(out.tags, [{ Key: 'TEAM', Value: 'platform' }]);

    assert.deepEqual(out.attachedUser, [{ PolicyName: 'DevAccess', PolicyArn: arn }]);
    assert.deepEqual(out.attachedRole, [{ PolicyName: 'ViewOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess' }]);
    assert.equal(out.attachmentCount, 2);
    assert.deepEqual(out.entities, { Groups: ['Developers'], Users: ['dev'], Roles: [], UserIdPrefix: 'AIDA' });
    assert.deepEqual(out.deleteAttached, ['DeleteConflict', 409, 'Cannot delete a policy attached to entities.']);
    assert.deepEqual(out.attachUnknown, ['NoSuchEntity', 404, 'Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable.']);
    assert.deepEqual(out.attachNoUser, ['NoSuchEntity', 404, 'The user with name ghost cannot be found.']);
    assert.deepEqual(out.eleventh, ['LimitExceeded', 409, 'Cannot exceed quota for PoliciesPerUser: 10']);
    assert.deepEqual(out.detachNotAttached, ['NoSuchEntity', 404, `Policy ${ADMIN} was not found.`]);
    assert.equal((out.deleted as unknown[])[0], 'NoSuchEntity');

    assert.deepEqual(out.inline, { UserName: 'dev', PolicyName: 'DenyAll', Document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] } });
    assert.deepEqual(out.inlineNames, ['DenyAll']);
    assert.deepEqual(out.inlineTooBig, ['LimitExceeded', 409, 'Maximum policy size of 2048 bytes exceeded for user dev']);
    assert.deepEqual(out.groupInline, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }] });
    assert.deepEqual(out.roleInlineNames, ['Reads']);
    assert.deepEqual(out.inlineGone, ['NoSuchEntity', 404, 'The role policy with name Reads cannot be found.']);
    assert.equal((out.inlineMalformed as unknown[])[0], 'MalformedPolicyDocument');

    assert.deepEqual(out.admin, { Name: 'AdministratorAccess', Version: 'v1', Created: '2015-02-06T18:39:46+00:00', Description: 'Provides full access to AWS services and resources.' });
    assert.deepEqual(out.adminDocument, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    assert.deepEqual((out.deleteAwsManaged as unknown[]).slice(0, 2), ['AccessDenied', 403]);
    assert.deepEqual((out.versionAwsManaged as unknown[]).slice(0, 2), ['AccessDenied', 403]);
    assert.equal((out.awsPolicies as string[]).length, 18);
    assert.ok((out.awsPolicies as string[]).includes('SecurityAudit'));
    assert.equal((out.jobFunctions as string[]).length, 7);
    assert.ok((out.jobFunctions as string[]).every((a) => a.startsWith('arn:aws:iam::aws:policy/job-function/')));
    assert.deepEqual(out.attachedOnly, ['ViewOnlyAccess', ...Array.from({ length: 9 }, (_, i) => `Extra${i}`)]);
  });

  test('aws CLI: create-policy from a file, get-policy-version decodes the document', async () => {
    const file = join(ward().dataDir, 'policy.json');
    const document = { Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }] };
    writeFileSync(file, JSON.stringify(document, null, 2));
    const created = await awsCli(ward().root, ['iam', 'create-policy', '--policy-name', 'CliPolicy', '--policy-document', `file://${file}`]);
    assert.equal(created.code, 0, created.stderr);
    const policy = (JSON.parse(created.stdout) as { Policy: { Arn: string; DefaultVersionId: string } }).Policy;
    assert.equal(policy.Arn, `arn:aws:iam::${ACCOUNT}:policy/CliPolicy`);
    const version = await awsCli(ward().root, ['iam', 'get-policy-version', '--policy-arn', policy.Arn, '--version-id', policy.DefaultVersionId]);
    assert.equal(version.code, 0, version.stderr);
    assert.deepEqual((JSON.parse(version.stdout) as { PolicyVersion: { Document: unknown } }).PolicyVersion.Document, document);
    const missing = await awsCli(ward().root, ['iam', 'get-policy', '--policy-arn', `arn:aws:iam::${ACCOUNT}:policy/Missing`]);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /\(NoSuchEntity\) when calling the GetPolicy operation( \(reached max retries: \d+\))?: Policy arn:aws:iam::\d+:policy\/Missing was not found\./);
  });

  test('SDK v3: documents arrive URL-encoded as AWS sends them; errors are typed', async () => {
    const version = await sdk.send(new GetPolicyVersionCommand({ PolicyArn: ADMIN, VersionId: 'v1' }));
    const encoded = version.PolicyVersion?.Document ?? '';
    assert.match(encoded, /^%7B%22Version%22%3A%222012-10-17%22/);
    assert.match(encoded, /%22Action%22%3A%22%2A%22/);
    assert.deepEqual(JSON.parse(decodeURIComponent(encoded)), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    await sdk.send(new CreateUserCommand({ UserName: 'sdk-user' }));
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam::*:user/${aws:username}' }] });
    await sdk.send(new PutUserPolicyCommand({ UserName: 'sdk-user', PolicyName: 'Self', PolicyDocument: text }));
    const inline = await sdk.send(new GetUserPolicyCommand({ UserName: 'sdk-user', PolicyName: 'Self' }));
    assert.equal(decodeURIComponent(inline.PolicyDocument ?? ''), text);
    await assert.rejects(sdk.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/Missing` })),
      (error: unknown) => error instanceof NoSuchEntityException && error.$metadata.httpStatusCode === 404);
    let count = 0;
    for await (const page of paginateListPolicies({ client: sdk, pageSize: 4 }, { Scope: 'AWS' })) count += page.Policies?.length ?? 0;
    assert.equal(count, 18);
  });
});
