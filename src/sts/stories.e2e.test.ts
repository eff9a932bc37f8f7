// STS stories end to end with boto3, three accounts in one Ward (issue 5, item 5):
// - the cross-account story: a role in account B trusting account A's root; a user in A needs its own
//   allow (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html);
// - a chain A -> B -> C: identities at each step, the chained session capped at one hour, transitive
//   session tags carried through ("Role chaining", "Chaining roles with session tags");
// - the EC2 story: a role trusted by ec2.amazonaws.com with AmazonS3ReadOnlyAccess, in an instance
//   profile; no user may assume it; SimulatePrincipalPolicy on it.
// Accounts B and C are made with `ward account create` against the running server's data directory.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useWard } from '../server/test-support/use-ward.js';
import { BOTO3_IAM_PRELUDE, type ClientTarget, boto3, wardCli } from '../server/test-support/clients.js';

const A = '111111111111';
const B = '222222222222';
const C = '333333333333';


/** Runs a boto3 script (BOTO3_IAM_PRELUDE first) as `target`; returns the JSON it printed. */
async function py(target: ClientTarget, body: string): Promise<Record<string, unknown>> {
  const result = await boto3(target, `${BOTO3_IAM_PRELUDE}\n${body}\nprint(json.dumps(out, default=str))\n`);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

/** `[code, status]` of an `err(...)` record. */
const failure = (value: unknown) => (Array.isArray(value) ? value.slice(0, 2) : value);

const doc = (statements: readonly unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

describe('STS stories: cross-account, a chain A -> B -> C, EC2', () => {
  const ward = useWard({ accountId: A });
  const roots = new Map<string, ClientTarget>();
  const key = (s: string) => (s.includes("'") ? assert.fail('quote in a key') : s);

  test('accounts B and C are created with `ward account create` against the running server', async () => {
    roots.set(A, ward().root);
    for (const [id, name] of [[B, 'B'], [C, 'C']] as const) {
      const created = await wardCli(['account', 'create', '--name', name, '--account-id', id, '--data', ward().dataDir]);
      assert.equal(created.code, 0, created.stderr);
      const accessKeyId = /^export AWS_ACCESS_KEY_ID=(\S+)$/m.exec(created.stdout)?.[1];
      const secretAccessKey = /^export AWS_SECRET_ACCESS_KEY=(\S+)$/m.exec(created.stdout)?.[1];
      assert.ok(accessKeyId !== undefined && secretAccessKey !== undefined, created.stdout);
      roots.set(id, { url: ward().url, accessKeyId, secretAccessKey });
      const who = await py(roots.get(id) as ClientTarget, `out['arn'] = boto3.client('sts').get_caller_identity()['Arn']`);
      assert.equal(who.arn, `arn:aws:iam::${id}:root`);
    }
  });

  test('cross-account: a role in B trusting A\'s root; A\'s user needs its own allow on that role', async () => {
    const roleArn = `arn:aws:iam::${B}:role/CrossAccountReader`;
    await py(roots.get(B) as ClientTarget, String.raw`
iam.create_role(RoleName='CrossAccountReader', AssumeRolePolicyDocument='''${doc([
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }])}''')
iam.put_role_policy(RoleName='CrossAccountReader', PolicyName='read', PolicyDocument='''${doc([{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }])}''')`);
    const keys = await py(roots.get(A) as ClientTarget, String.raw`
iam.create_user(UserName='bob')
out['key'] = iam.create_access_key(UserName='bob')['AccessKey']`);
    const bob = keys.key as { AccessKeyId: string; SecretAccessKey: string };
    const assume = String.raw`
sts = boto3.client('sts', aws_access_key_id='${key(bob.AccessKeyId)}', aws_secret_access_key='${key(bob.SecretAccessKey)}')
def attempt(name):
    try:
        r = sts.assume_role(RoleArn='${roleArn}', RoleSessionName='bob')
        c = r['Credentials']
        s = boto3.client('sts', aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'])
        out[name] = {'arn': r['AssumedRoleUser']['Arn'], 'who': s.get_caller_identity()}
    except botocore.exceptions.ClientError as e:
        out[name] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Message']]
`;
    // No identity policy at all: B's trust alone does not let A's user in.
    const none = await py(ward().root, `${assume}\nattempt('noAllow')`);
    assert.deepEqual(failure(none.noAllow), ['AccessDenied', 403]);
    assert.match(String((none.noAllow as unknown[])[2]), new RegExp(`user/bob is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`));
    // An allow on another role of B is not enough either.
    await py(roots.get(A) as ClientTarget, String.raw`
iam.put_user_policy(UserName='bob', PolicyName='other', PolicyDocument='''${doc([
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${B}:role/SomethingElse` }])}''')`);
    const other = await py(ward().root, `${assume}\nattempt('otherRole')`);
    assert.deepEqual(failure(other.otherRole), ['AccessDenied', 403]);
    // With sts:AssumeRole on that role's ARN: success, and the session is B's.
    await py(roots.get(A) as ClientTarget, String.raw`
iam.put_user_policy(UserName='bob', PolicyName='assume', PolicyDocument='''${doc([
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }])}''')`);
    const allowed = await py(ward().root, `${assume}\nattempt('allowed')`);
    const ok = allowed.allowed as { arn: string; who: { Arn: string; Account: string; UserId: string } };
    assert.equal(ok.arn, `arn:aws:sts::${B}:assumed-role/CrossAccountReader/bob`);
    assert.equal(ok.who.Arn, ok.arn);
    assert.equal(ok.who.Account, B);
    assert.match(ok.who.UserId, /^AROA[A-Z2-7]{17}:bob$/);
    // A role in B that does not trust A stays closed even with the user's allow on everything.
    await py(roots.get(B) as ClientTarget, String.raw`
iam.create_role(RoleName='Private', AssumeRolePolicyDocument='''${doc([
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'sts:AssumeRole' }])}''')`);
    await py(roots.get(A) as ClientTarget, String.raw`
iam.put_user_policy(UserName='bob', PolicyName='all', PolicyDocument='''${doc([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }])}''')`);
    const untrusted = await py(ward().root, `${assume.replace(roleArn, `arn:aws:iam::${B}:role/Private`)}\nattempt('untrusted')`);
    assert.deepEqual(failure(untrusted.untrusted), ['AccessDenied', 403]);
  });

  test('chain A -> B -> C: identities, the one-hour cap on the chained session, transitive tags carried', async () => {
    const roleB = `arn:aws:iam::${B}:role/Hop`;
    const roleC = `arn:aws:iam::${C}:role/Target`;
    await py(roots.get(B) as ClientTarget, String.raw`
iam.create_role(RoleName='Hop', MaxSessionDuration=43200, AssumeRolePolicyDocument='''${doc([
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }])}''')
iam.put_role_policy(RoleName='Hop', PolicyName='next', PolicyDocument='''${doc([
      { Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: roleC }])}''')`);
    // C's role trusts B's role (its sessions), not B's account; its permissions depend on the session's tags.
    await py(roots.get(C) as ClientTarget, String.raw`
iam.create_role(RoleName='Target', MaxSessionDuration=43200, AssumeRolePolicyDocument='''${doc([
      { Effect: 'Allow', Principal: { AWS: roleB }, Action: ['sts:AssumeRole', 'sts:TagSession'] }])}''')
iam.put_role_policy(RoleName='Target', PolicyName='tagged', PolicyDocument='''${doc([
      { Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/project': 'apollo' } } },
      { Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/cost-center': 'cc-1' } } },
    ])}''')`);
    const keys = await py(roots.get(A) as ClientTarget, String.raw`
iam.create_user(UserName='carol')
out['key'] = iam.create_access_key(UserName='carol')['AccessKey']`);
    const carol = keys.key as { AccessKeyId: string; SecretAccessKey: string };
    const script = (withAllow: boolean) => String.raw`
import datetime
carol = boto3.session.Session(aws_access_key_id='${key(carol.AccessKeyId)}', aws_secret_access_key='${key(carol.SecretAccessKey)}')
def session_of(c):
    return boto3.session.Session(aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'])
def seconds_left(c):
    return (c['Expiration'] - datetime.datetime.now(datetime.timezone.utc)).total_seconds()
out['whoA'] = carol.client('sts').get_caller_identity()
tags = [{'Key': 'project', 'Value': 'apollo'}, {'Key': 'cost-center', 'Value': 'cc-1'}]
if not ${withAllow ? 'True' : 'False'}:
    err('noAllow', carol.client('sts').assume_role, RoleArn='${roleB}', RoleSessionName='carol')
else:
    rb = carol.client('sts').assume_role(RoleArn='${roleB}', RoleSessionName='carol', DurationSeconds=7200, Tags=tags, TransitiveTagKeys=['project'])
    out['bSeconds'] = seconds_left(rb['Credentials'])
    sb = session_of(rb['Credentials'])
    out['whoB'] = sb.client('sts').get_caller_identity()
    err('chainTooLong', sb.client('sts').assume_role, RoleArn='${roleC}', RoleSessionName='hop', DurationSeconds=3601)
    rc = sb.client('sts').assume_role(RoleArn='${roleC}', RoleSessionName='hop')
    out['cDefaultSeconds'] = seconds_left(rc['Credentials'])
    rc = sb.client('sts').assume_role(RoleArn='${roleC}', RoleSessionName='hop', DurationSeconds=3600)
    out['cSeconds'] = seconds_left(rc['Credentials'])
    out['cArn'] = rc['AssumedRoleUser']['Arn']
    sc = session_of(rc['Credentials'])
    out['whoC'] = sc.client('sts').get_caller_identity()
    out['cRoles'] = [r['RoleName'] for r in sc.client('iam').list_roles()['Roles']]
    err('cUsersNotTransitive', sc.client('iam').list_users)
    # Overriding an inherited transitive tag is refused.
    err('overrideTransitive', sb.client('sts').assume_role, RoleArn='${roleC}', RoleSessionName='hop2', Tags=[{'Key': 'project', 'Value': 'other'}])
    # Without transitive keys, the tags stop at B: C's session has no project tag.
    rb2 = carol.client('sts').assume_role(RoleArn='${roleB}', RoleSessionName='carol2', Tags=tags)
    sc2 = session_of(session_of(rb2['Credentials']).client('sts').assume_role(RoleArn='${roleC}', RoleSessionName='hop3')['Credentials'])
    err('cRolesUntagged', sc2.client('iam').list_roles)
    # C trusts B's role, not A's user: A's user cannot skip B even with an allow.
    err('skipB', carol.client('sts').assume_role, RoleArn='${roleC}', RoleSessionName='skip')
`;
    // A's user without an allow of its own: AccessDenied, though B's role trusts A.
    const denied = await py(ward().root, script(false));
    assert.deepEqual(failure(denied.noAllow), ['AccessDenied', 403]);
    await py(roots.get(A) as ClientTarget, String.raw`
iam.put_user_policy(UserName='carol', PolicyName='hop', PolicyDocument='''${doc([
      { Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: [roleB, roleC] }])}''')`);
    const out = await py(ward().root, script(true));
    type Who = { Arn: string; Account: string; UserId: string };
    const [whoA, whoB, whoC] = [out.whoA, out.whoB, out.whoC] as Who[];
    assert.equal(whoA?.Arn, `arn:aws:iam::${A}:user/carol`);
    assert.equal(whoA?.Account, A);
    assert.equal(whoB?.Arn, `arn:aws:sts::${B}:assumed-role/Hop/carol`);
    assert.equal(whoB?.Account, B);
    assert.match(whoB?.UserId ?? '', /^AROA[A-Z2-7]{17}:carol$/);
    assert.equal(whoC?.Arn, `arn:aws:sts::${C}:assumed-role/Target/hop`);
    assert.equal(whoC?.Account, C);
    assert.equal(out.cArn, whoC?.Arn);
    // The first hop may last as long as B's role allows; the chained one at most an hour.
    assert.ok((out.bSeconds as number) > 7100 && (out.bSeconds as number) <= 7200, String(out.bSeconds));
    assert.deepEqual(failure(out.chainTooLong), ['ValidationError', 400]);
    assert.ok((out.cDefaultSeconds as number) <= 3600, String(out.cDefaultSeconds));
    assert.ok((out.cSeconds as number) > 3500 && (out.cSeconds as number) <= 3600, String(out.cSeconds));
    // project (transitive) reached C; cost-center (not transitive) did not.
    assert.deepEqual(out.cRoles, ['Target']);
    assert.deepEqual(failure(out.cUsersNotTransitive), ['AccessDenied', 403]);
    assert.deepEqual(failure(out.overrideTransitive), ['ValidationError', 400]);
    assert.deepEqual(failure(out.cRolesUntagged), ['AccessDenied', 403]);
    assert.deepEqual(failure(out.skipB), ['AccessDenied', 403]);
  });

  test('EC2: a role trusted by ec2.amazonaws.com with AmazonS3ReadOnlyAccess, in an instance profile', async () => {
    const out = await py(ward().root, String.raw`
iam.create_role(RoleName='WebServer', AssumeRolePolicyDocument='''${doc([
      { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }])}''')
iam.attach_role_policy(RoleName='WebServer', PolicyArn='arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess')
iam.create_instance_profile(InstanceProfileName='WebServer')
iam.add_role_to_instance_profile(InstanceProfileName='WebServer', RoleName='WebServer')
out['profileRoles'] = [r['RoleName'] for r in iam.get_instance_profile(InstanceProfileName='WebServer')['InstanceProfile']['Roles']]
out['attached'] = [p['PolicyName'] for p in iam.list_attached_role_policies(RoleName='WebServer')['AttachedPolicies']]
iam.create_user(UserName='dave')
iam.put_user_policy(UserName='dave', PolicyName='assume-anything', PolicyDocument='''${doc([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }])}''')
k = iam.create_access_key(UserName='dave')['AccessKey']
dave = boto3.client('sts', aws_access_key_id=k['AccessKeyId'], aws_secret_access_key=k['SecretAccessKey'])
err('userAssumes', dave.assume_role, RoleArn='arn:aws:iam::${A}:role/WebServer', RoleSessionName='i-0123456789abcdef0')
r = iam.simulate_principal_policy(PolicySourceArn='arn:aws:iam::${A}:role/WebServer', ActionNames=['s3:GetObject', 's3:ListBucket', 's3:PutObject', 's3:DeleteObject'],
    ResourceArns=['arn:aws:s3:::assets/index.html'])
out['decisions'] = {e['EvalActionName']: e['EvalDecision'] for e in r['EvaluationResults']}`);
    assert.deepEqual(out.profileRoles, ['WebServer']);
    assert.deepEqual(out.attached, ['AmazonS3ReadOnlyAccess']);
    // The trust names a service, not the user (nor its account): the user's own allow is not enough.
    assert.deepEqual(failure(out.userAssumes), ['AccessDenied', 403]);
    assert.deepEqual(out.decisions, { 's3:GetObject': 'allowed', 's3:ListBucket': 'allowed', 's3:PutObject': 'implicitDeny', 's3:DeleteObject': 'implicitDeny' });
  });
});
