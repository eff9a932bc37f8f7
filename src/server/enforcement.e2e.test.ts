// The seed story of issue 4, end to end: a real Ward process driven by boto3 and the aws CLI. An admin (the
// root user) creates the group "Developers" with a managed policy allowing ec2:Describe* and
// s3:GetObject/s3:PutObject on one bucket over TLS, plus reading oneself and managing one's own access keys
// (${aws:username}); adds users; creates keys. The users can do exactly what is allowed and get AWS's
// AccessDenied for the rest (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html);
// an inline deny-all overrides everything; a permissions boundary allowing only ec2:* limits
// AdministratorAccess to EC2.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { useWard } from './test-support/use-ward.js';
import { type ClientTarget, awsCli, boto3 } from './test-support/clients.js';

const ACCOUNT = '210987654321';
const USER = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;

/** Python run before every script: `iam(key)` builds a client, `attempt(f)` records an answer or an error. */
const PRELUDE = `
import boto3, json, os
def iam(key=None):
    if key is None:
        return boto3.client('iam', endpoint_url=os.environ['WARD_URL'])
    return boto3.client('iam', endpoint_url=os.environ['WARD_URL'], aws_access_key_id=key['id'], aws_secret_access_key=key['secret'])
def attempt(f):
    try:
        r = f()
        r.pop('ResponseMetadata', None)
        return {'ok': json.loads(json.dumps(r, default=str))}
    except Exception as e:
        err = getattr(e, 'response', {}).get('Error', {})
        return {'code': err.get('Code'), 'message': err.get('Message'), 'status': getattr(e, 'response', {}).get('ResponseMetadata', {}).get('HTTPStatusCode')}
`;

const DEVELOPER_POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Ec2Read', Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' },
    {
      Sid: 'OneBucketOverTls', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::dev-bucket/*',
      Condition: { Bool: { 'aws:SecureTransport': 'true' } },
    },
    {
      Sid: 'Self', Effect: 'Allow',
      Action: ['iam:GetUser', 'iam:ListGroupsForUser', 'iam:CreateAccessKey', 'iam:ListAccessKeys', 'iam:DeleteAccessKey', 'iam:SimulatePrincipalPolicy'],
      Resource: `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`,
    },
  ],
};

interface Key {
  readonly id: string;
  readonly secret: string;
}
type Attempt = { ok: Record<string, unknown> } | { code: string; message: string; status: number };

async function python(target: ClientTarget, body: string): Promise<Record<string, Attempt> & Record<string, unknown>> {
  const result = await boto3(target, `${PRELUDE}\n${body}`);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as Record<string, Attempt>;
}

function denied(answer: unknown, message: string): void {
  assert.deepEqual(answer, { code: 'AccessDenied', message, status: 403 });
}

describe('seed story: enforcement end to end (boto3, aws CLI)', () => {
  const ward = useWard({ accountId: ACCOUNT });
  let alice: Key;
  let bob: Key;
  const as = (key: Key): ClientTarget => ({ url: ward().url, accessKeyId: key.id, secretAccessKey: key.secret });

  before(async () => {
    const setup = await python(ward().root, `
c = iam()
c.create_group(GroupName='Developers')
arn = c.create_policy(PolicyName='Developers', PolicyDocument=json.dumps(${JSON.stringify(DEVELOPER_POLICY)}))['Policy']['Arn']
c.attach_group_policy(GroupName='Developers', PolicyArn=arn)
keys = {}
for name in ('alice', 'bob'):
    c.create_user(UserName=name)
    c.add_user_to_group(GroupName='Developers', UserName=name)
    k = c.create_access_key(UserName=name)['AccessKey']
    keys[name] = {'id': k['AccessKeyId'], 'secret': k['SecretAccessKey']}
print(json.dumps(keys))
`);
    alice = setup.alice as unknown as Key;
    bob = setup.bob as unknown as Key;
  });

  test('boto3: the user can call what the policy grants, and gets AWS\'s AccessDenied for the rest', async () => {
    const r = await python(as(alice), `
c = iam()
print(json.dumps({
  'me': attempt(lambda: c.get_user()),
  'groups': attempt(lambda: c.list_groups_for_user(UserName='alice')),
  'listUsers': attempt(lambda: c.list_users()),
  'createUser': attempt(lambda: c.create_user(UserName='mallory')),
  'otherUser': attempt(lambda: c.get_user(UserName='bob')),
  'detach': attempt(lambda: c.detach_group_policy(GroupName='Developers', PolicyArn='arn:aws:iam::${ACCOUNT}:policy/Developers')),
}))
`);
    assert.equal((r.me as { ok: { User: { Arn: string } } }).ok.User.Arn, USER('alice'));
    assert.deepEqual((r.groups as { ok: { Groups: { GroupName: string }[] } }).ok.Groups.map((g) => g.GroupName), ['Developers']);
    denied(r.listUsers, `User: ${USER('alice')} is not authorized to perform: iam:ListUsers because no identity-based policy allows the iam:ListUsers action`);
    denied(r.createUser, `User: ${USER('alice')} is not authorized to perform: iam:CreateUser on resource: ${USER('mallory')} because no identity-based policy allows the iam:CreateUser action`);
    denied(r.otherUser, `User: ${USER('alice')} is not authorized to perform: iam:GetUser on resource: ${USER('bob')} because no identity-based policy allows the iam:GetUser action`);
    denied(r.detach, `User: ${USER('alice')} is not authorized to perform: iam:DetachGroupPolicy on resource: arn:aws:iam::${ACCOUNT}:group/Developers because no identity-based policy allows the iam:DetachGroupPolicy action`);
  });

  test('aws CLI: get-user succeeds; list-users fails with AccessDenied', async () => {
    const me = await awsCli(as(alice), ['iam', 'get-user']);
    assert.equal(me.code, 0, me.stderr);
    assert.equal((JSON.parse(me.stdout) as { User: { UserName: string } }).User.UserName, 'alice');
    const list = await awsCli(as(alice), ['iam', 'list-users']);
    assert.notEqual(list.code, 0);
    assert.match(list.stderr, /An error occurred \(AccessDenied\) when calling the ListUsers operation(?: \(reached max retries: \d+\))?: User: arn:aws:iam::\d{12}:user\/alice is not authorized to perform: iam:ListUsers because no identity-based policy allows the iam:ListUsers action/);
  });

  test('${aws:username}: each user manages only their own access keys', async () => {
    const r = await python(as(alice), `
c = iam()
created = attempt(lambda: c.create_access_key())
mine = attempt(lambda: c.list_access_keys())
print(json.dumps({
  'created': created,
  'mine': mine,
  'deleteMine': attempt(lambda: c.delete_access_key(AccessKeyId=created['ok']['AccessKey']['AccessKeyId'])),
  'bobs': attempt(lambda: c.list_access_keys(UserName='bob')),
  'createForBob': attempt(lambda: c.create_access_key(UserName='bob')),
  'deleteBobs': attempt(lambda: c.delete_access_key(UserName='bob', AccessKeyId='${bob.id}')),
}))
`);
    assert.ok('ok' in (r.created as object));
    assert.equal((r.mine as { ok: { AccessKeyMetadata: unknown[] } }).ok.AccessKeyMetadata.length, 2);
    assert.ok('ok' in (r.deleteMine as object));
    denied(r.bobs, `User: ${USER('alice')} is not authorized to perform: iam:ListAccessKeys on resource: ${USER('bob')} because no identity-based policy allows the iam:ListAccessKeys action`);
    denied(r.createForBob, `User: ${USER('alice')} is not authorized to perform: iam:CreateAccessKey on resource: ${USER('bob')} because no identity-based policy allows the iam:CreateAccessKey action`);
    denied(r.deleteBobs, `User: ${USER('alice')} is not authorized to perform: iam:DeleteAccessKey on resource: ${USER('bob')} because no identity-based policy allows the iam:DeleteAccessKey action`);
    const bobKeys = await awsCli(as(bob), ['iam', 'list-access-keys']);
    assert.equal(bobKeys.code, 0, bobKeys.stderr);
    assert.equal((JSON.parse(bobKeys.stdout) as { AccessKeyMetadata: { UserName: string }[] }).AccessKeyMetadata[0]?.UserName, 'bob');
  });

  test('SimulatePrincipalPolicy confirms the EC2 and S3 decisions', async () => {
    const r = await python(as(alice), `
c = iam()
def simulate(actions, resources=None, context=None):
    args = {'PolicySourceArn': '${USER('alice')}', 'ActionNames': actions}
    if resources: args['ResourceArns'] = resources
    if context: args['ContextEntries'] = context
    return [(e['EvalActionName'], e['EvalResourceName'], e['EvalDecision']) for e in c.simulate_principal_policy(**args)['EvaluationResults']]
tls = lambda v: [{'ContextKeyName': 'aws:SecureTransport', 'ContextKeyValues': [v], 'ContextKeyType': 'boolean'}]
print(json.dumps({
  'ec2': simulate(['ec2:DescribeInstances', 'ec2:RunInstances']),
  's3Tls': simulate(['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], ['arn:aws:s3:::dev-bucket/report.csv'], tls('true')),
  's3Plain': simulate(['s3:GetObject'], ['arn:aws:s3:::dev-bucket/report.csv'], tls('false')),
  's3Other': simulate(['s3:GetObject'], ['arn:aws:s3:::other-bucket/report.csv'], tls('true')),
}))
`);
    assert.deepEqual(r.ec2, [['ec2:DescribeInstances', '*', 'allowed'], ['ec2:RunInstances', '*', 'implicitDeny']]);
    const object = 'arn:aws:s3:::dev-bucket/report.csv';
    assert.deepEqual(r.s3Tls, [['s3:GetObject', object, 'allowed'], ['s3:PutObject', object, 'allowed'], ['s3:DeleteObject', object, 'implicitDeny']]);
    assert.deepEqual(r.s3Plain, [['s3:GetObject', object, 'implicitDeny']]);
    assert.deepEqual(r.s3Other, [['s3:GetObject', 'arn:aws:s3:::other-bucket/report.csv', 'implicitDeny']]);
  });

  test('an inline deny-all overrides everything, and removing it restores access at once', async () => {
    const r = await python(ward().root, `
c = iam()
u = iam(${JSON.stringify(alice)})
c.put_user_policy(UserName='alice', PolicyName='deny-all', PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Deny', 'Action': '*', 'Resource': '*'}]}))
denied = attempt(lambda: u.get_user())
keys = attempt(lambda: u.list_access_keys())
c.delete_user_policy(UserName='alice', PolicyName='deny-all')
print(json.dumps({'denied': denied, 'keys': keys, 'after': attempt(lambda: u.get_user())}))
`);
    denied(r.denied, `User: ${USER('alice')} is not authorized to perform: iam:GetUser on resource: ${USER('alice')} with an explicit deny in an identity-based policy`);
    denied(r.keys, `User: ${USER('alice')} is not authorized to perform: iam:ListAccessKeys on resource: ${USER('alice')} with an explicit deny in an identity-based policy`);
    assert.ok('ok' in (r.after as object));
  });

  test('a permissions boundary allowing only ec2:* limits AdministratorAccess to EC2', async () => {
    const r = await python(ward().root, `
c = iam()
c.create_user(UserName='carol')
c.attach_user_policy(UserName='carol', PolicyArn='arn:aws:iam::aws:policy/AdministratorAccess')
k = c.create_access_key(UserName='carol')['AccessKey']
u = iam({'id': k['AccessKeyId'], 'secret': k['SecretAccessKey']})
before = attempt(lambda: u.list_users())
boundary = c.create_policy(PolicyName='Ec2Only', PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'ec2:*', 'Resource': '*'}]}))['Policy']['Arn']
c.put_user_permissions_boundary(UserName='carol', PermissionsBoundary=boundary)
sim = c.simulate_principal_policy(PolicySourceArn='${USER('carol')}', ActionNames=['ec2:RunInstances', 's3:GetObject', 'iam:CreateUser'])['EvaluationResults']
print(json.dumps({
  'before': before,
  'after': attempt(lambda: u.list_users()),
  'simulated': [(e['EvalActionName'], e['EvalDecision']) for e in sim],
}))
`);
    assert.ok('ok' in (r.before as object), JSON.stringify(r.before));
    denied(r.after, `User: ${USER('carol')} is not authorized to perform: iam:ListUsers because no permissions boundary allows the iam:ListUsers action`);
    assert.deepEqual(r.simulated, [['ec2:RunInstances', 'allowed'], ['s3:GetObject', 'implicitDeny'], ['iam:CreateUser', 'implicitDeny']]);
  });
});
