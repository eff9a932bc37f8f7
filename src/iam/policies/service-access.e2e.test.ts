// End to end: ListPoliciesGrantingServiceAccess against a real Ward process, with boto3 and the aws CLI.
// Rules: API_ListPoliciesGrantingServiceAccess, API_PolicyGrantingServiceAccess (IAM API Reference) and
// the shape of botocore's example (managed policies with PolicyArn, inline ones with EntityType/EntityName).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useWard } from '../../server/test-support/use-ward.js';
import { BOTO3_IAM_PRELUDE, awsCli, boto3 } from '../../server/test-support/clients.js';

const ACCOUNT = '777766665544';
const S3_READ = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';

const BOTO3_SCRIPT = String.raw`${BOTO3_IAM_PRELUDE}
def doc(effect, key, actions):
    return json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': effect, key: actions, 'Resource': '*'}]})
iam.create_user(UserName='alice', Path='/eng/')
iam.create_group(GroupName='devs')
iam.add_user_to_group(GroupName='devs', UserName='alice')
iam.put_user_policy(UserName='alice', PolicyName='get-objects', PolicyDocument=doc('Allow', 'Action', 's3:Get*'))
iam.put_user_policy(UserName='alice', PolicyName='deny-all', PolicyDocument=doc('Deny', 'Action', '*'))
iam.attach_user_policy(UserName='alice', PolicyArn='${S3_READ}')
ec2 = iam.create_policy(PolicyName='ec2-describe', PolicyDocument=doc('Allow', 'Action', ['ec2:Describe*']))['Policy']['Arn']
iam.attach_group_policy(GroupName='devs', PolicyArn=ec2)
iam.put_group_policy(GroupName='devs', PolicyName='not-iam', PolicyDocument=doc('Allow', 'NotAction', 'iam:*'))
alice = iam.get_user(UserName='alice')['User']['Arn']
r = iam.list_policies_granting_service_access(Arn=alice, ServiceNamespaces=['s3', 'ec2', 'iam'])
out['alice'] = {'entries': r['PoliciesGrantingServiceAccess'], 'truncated': r['IsTruncated'], 'marker': r.get('Marker')}
group = iam.list_policies_granting_service_access(Arn='arn:aws:iam::${ACCOUNT}:group/devs', ServiceNamespaces=['ec2'])
out['group'] = group['PoliciesGrantingServiceAccess']
err('unknownUser', iam.list_policies_granting_service_access, Arn='arn:aws:iam::${ACCOUNT}:user/nobody', ServiceNamespaces=['s3'])
err('wrongPath', iam.list_policies_granting_service_access, Arn='arn:aws:iam::${ACCOUNT}:user/alice', ServiceNamespaces=['s3'])
err('notIdentity', iam.list_policies_granting_service_access, Arn=ec2, ServiceNamespaces=['s3'])
err('badNamespace', iam.list_policies_granting_service_access, Arn=alice, ServiceNamespaces=['s3!'])
err('tooMany', iam.list_policies_granting_service_access, Arn=alice, ServiceNamespaces=['s3'] * 201)
print(json.dumps(out))
`;

describe('ListPoliciesGrantingServiceAccess end to end (SQLite)', () => {
  const ward = useWard({ accountId: ACCOUNT });

  test('boto3: a user\'s own and its group\'s policies per namespace; NoSuchEntity, InvalidInput, ValidationError', async () => {
    const result = await boto3(ward().root, BOTO3_SCRIPT);
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    const ec2 = `arn:aws:iam::${ACCOUNT}:policy/ec2-describe`;
    assert.deepEqual(out.alice, {
      entries: [
        {
          ServiceNamespace: 's3',
          Policies: [
            { PolicyName: 'AmazonS3ReadOnlyAccess', PolicyType: 'MANAGED', PolicyArn: S3_READ },
            { PolicyName: 'get-objects', PolicyType: 'INLINE', EntityType: 'USER', EntityName: 'alice' },
            { PolicyName: 'not-iam', PolicyType: 'INLINE', EntityType: 'GROUP', EntityName: 'devs' },
          ],
        },
        {
          ServiceNamespace: 'ec2',
          Policies: [
            { PolicyName: 'ec2-describe', PolicyType: 'MANAGED', PolicyArn: ec2 },
            { PolicyName: 'not-iam', PolicyType: 'INLINE', EntityType: 'GROUP', EntityName: 'devs' },
          ],
        },
        { ServiceNamespace: 'iam', Policies: [] },
      ],
      truncated: false,
      marker: null,
    });
    assert.deepEqual(out.group, [{
      ServiceNamespace: 'ec2',
      Policies: [
        { PolicyName: 'ec2-describe', PolicyType: 'MANAGED', PolicyArn: ec2 },
        { PolicyName: 'not-iam', PolicyType: 'INLINE', EntityType: 'GROUP', EntityName: 'devs' },
      ],
    }]);
    assert.deepEqual(out.unknownUser, ['NoSuchEntity', 404, 'The user with name nobody cannot be found.']);
    assert.deepEqual(out.wrongPath, ['NoSuchEntity', 404, 'The user with name alice cannot be found.']);
    assert.deepEqual(out.notIdentity, ['InvalidInput', 400, `ARN ${ec2} is not valid.`]);
    assert.deepEqual(out.badNamespace, ['ValidationError', 400,
      "1 validation error detected: Value 's3!' at 'serviceNamespaces.1.member' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]*"]);
    // ServiceNamespaces holds 1 to 200 items (the model's serviceNamespaceListType, API_ListPoliciesGrantingServiceAccess).
    assert.deepEqual((out.tooMany as unknown[]).slice(0, 2), ['ValidationError', 400], JSON.stringify(out.tooMany));
  });

  test('aws CLI: list-policies-granting-service-access for a role', async () => {
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const created = await awsCli(ward().root, ['iam', 'create-role', '--role-name', 'fn', '--assume-role-policy-document', trust]);
    assert.equal(created.code, 0, created.stderr);
    const attached = await awsCli(ward().root, ['iam', 'attach-role-policy', '--role-name', 'fn', '--policy-arn', S3_READ]);
    assert.equal(attached.code, 0, attached.stderr);
    const put = await awsCli(ward().root, ['iam', 'put-role-policy', '--role-name', 'fn', '--policy-name', 'logs',
      '--policy-document', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }] })]);
    assert.equal(put.code, 0, put.stderr);
    const listed = await awsCli(ward().root, [
      'iam', 'list-policies-granting-service-access', '--arn', `arn:aws:iam::${ACCOUNT}:role/fn`, '--service-namespaces', 's3', 'logs', 'ec2',
    ]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(JSON.parse(listed.stdout), {
      PoliciesGrantingServiceAccess: [
        { ServiceNamespace: 's3', Policies: [{ PolicyName: 'AmazonS3ReadOnlyAccess', PolicyType: 'MANAGED', PolicyArn: S3_READ }] },
        { ServiceNamespace: 'logs', Policies: [{ PolicyName: 'logs', PolicyType: 'INLINE', EntityType: 'ROLE', EntityName: 'fn' }] },
        { ServiceNamespace: 'ec2', Policies: [] },
      ],
      IsTruncated: false,
    });
    const missing = await awsCli(ward().root, ['iam', 'list-policies-granting-service-access', '--arn', `arn:aws:iam::${ACCOUNT}:role/none`, '--service-namespaces', 's3']);
    // The aws CLI v1 exits with 255 on a service error.
    assert.equal(missing.code, 255);
    assert.match(missing.stderr, /\(NoSuchEntity\).*The role with name none cannot be found\./);
  });
});
