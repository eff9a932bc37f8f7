// AssumeRole end to end in process: the enforcer (trust policy as the role's resource-based policy), the
// operation, the sealed token and enforcement of the session, on a real SQLite store. Rules:
// API_AssumeRole; "Role chaining" (id_roles.html#iam-term-role-chaining); "Pass session tags in AWS STS"
// (id_session-tags.html); "Session policies" (access_policies.html#policies_session); "Monitor and control
// actions taken with assumed roles" (source identity); "Revoke IAM role temporary security credentials".
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Caller } from '../authn/caller.js';
import { isAwsError } from '../kernel/index.js';
import { ACCOUNT } from '../iam/test-support/harness.js';
import { GOOD_CODE, OTHER, type StsHarness, openStsHarness } from './test-support/sts-harness.js';

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (action: string | string[], extra: object = {}) => ({ Effect: 'Allow', Action: action, Resource: '*', ...extra });
const trusting = (principal: object, extra: object = {}, action: string | string[] = 'sts:AssumeRole') => ({ Effect: 'Allow', Principal: principal, Action: action, ...extra });
const roleArn = (name: string, account = ACCOUNT, path = '/') => `arn:aws:iam::${account}:role${path}${name}`;

async function rejects(promise: Promise<unknown>, code: string, message?: string | RegExp): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isAwsError(error), String(error));
    assert.equal(error.code, code, error.message);
    if (typeof message === 'string') assert.equal(error.message, message);
    else if (message !== undefined) assert.match(error.message, message);
    return error.message;
  }
  assert.fail(`expected ${code}`);
}

describe('AssumeRole (SQLite)', () => {
  let sts: StsHarness;
  let alice: Caller;
  let bob: Caller;
  const aliceArn = `arn:aws:iam::${ACCOUNT}:user/alice`;

  const assume = async (caller: Caller, input: Record<string, unknown>, extra = {}) => sts.request(caller, 'sts', 'AssumeRole', input, extra);
  const session = async (caller: Caller, input: Record<string, unknown>) => sts.callerOf((await assume(caller, input)).Credentials);
  const decision = async (caller: Caller, action: string, input: Record<string, unknown> = {}) =>
    (await sts.enforcer.decide({ caller, service: action.split(':')[0] ?? '', action: action.split(':')[1] ?? '', input, sourceIp: '203.0.113.7', secureTransport: true }));

  before(async () => {
    sts = await openStsHarness();
    await sts.admin('CreateUser', { UserName: 'alice' });
    await sts.admin('CreateUser', { UserName: 'bob' });
    await sts.admin('PutUserPolicy', { UserName: 'bob', PolicyName: 'assume', PolicyDocument: doc(allow(['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'])) });
    alice = await sts.iam.userCaller('alice');
    bob = await sts.iam.userCaller('bob');
    // `app` trusts alice by ARN; `byAccount` trusts the account (delegation: the caller needs its own allow).
    await sts.admin('CreateRole', { RoleName: 'app', Path: '/ops/', MaxSessionDuration: 7200, AssumeRolePolicyDocument: doc(trusting({ AWS: aliceArn }, {}, ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'])), Tags: [{ Key: 'team', Value: 'blue' }] });
    await sts.admin('PutRolePolicy', { RoleName: 'app', PolicyName: 'perm', PolicyDocument: doc(allow(['iam:ListUsers', 'iam:ListRoles', 'iam:GetUser', 'sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:GetAccessKeyInfo'])) });
    await sts.admin('CreateRole', { RoleName: 'byAccount', AssumeRolePolicyDocument: doc(trusting({ AWS: ACCOUNT }, {}, ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'])) });
    await sts.admin('PutRolePolicy', { RoleName: 'byAccount', PolicyName: 'perm', PolicyDocument: doc(allow(['iam:ListUsers', 'iam:ListGroups'], { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'green' } } })) });
    await sts.admin('CreateRole', { RoleName: 'external', AssumeRolePolicyDocument: doc(trusting({ AWS: ACCOUNT }, { Condition: { StringEquals: { 'sts:ExternalId': 'xyz-123' } } })) });
    await sts.admin('CreateRole', { RoleName: 'mfaOnly', AssumeRolePolicyDocument: doc(trusting({ AWS: ACCOUNT }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })) });
  });
  after(async () => sts.close());

  test('a role that trusts the caller by ARN: allowed without an identity policy; the answer\'s shape', async () => {
    const out = await assume(alice, { RoleArn: roleArn('app', ACCOUNT, '/ops/'), RoleSessionName: 'dev-1' });
    const credentials = out.Credentials as Record<string, unknown>;
    assert.match(String(credentials.AccessKeyId), /^ASIA[A-Z2-7]{16}$/);
    assert.equal(String(credentials.SecretAccessKey).length, 40);
    assert.equal((credentials.Expiration as Date).getTime(), sts.now() + 3600_000);
    const user = out.AssumedRoleUser as Record<string, string>;
    assert.equal(user.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/app/dev-1`);
    assert.match(user.AssumedRoleId ?? '', /^AROA[A-Z2-7]+:dev-1$/);
    assert.equal(out.PackedPolicySize, undefined);
    const caller = sts.callerOf(credentials);
    const identity = await sts.request(caller, 'sts', 'GetCallerIdentity');
    assert.deepEqual(identity, { UserId: user.AssumedRoleId, Account: ACCOUNT, Arn: user.Arn });
    assert.equal((await sts.request(caller, 'iam', 'ListUsers')).Users !== undefined, true);
  });

  test('not trusted, missing role, wrong path: AccessDenied naming sts:AssumeRole and the role', async () => {
    await rejects(assume(bob, { RoleArn: roleArn('app', ACCOUNT, '/ops/'), RoleSessionName: 'ss' }), 'AccessDenied',
      `User: arn:aws:iam::${ACCOUNT}:user/bob is not authorized to perform: sts:AssumeRole on resource: ${roleArn('app', ACCOUNT, '/ops/')} because no resource-based policy allows the sts:AssumeRole action`);
    await rejects(assume(bob, { RoleArn: roleArn('nope'), RoleSessionName: 'ss' }), 'AccessDenied', /not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role\/nope/);
    await rejects(assume(alice, { RoleArn: roleArn('app'), RoleSessionName: 'ss' }), 'AccessDenied');
  });

  test('a trust policy naming the account delegates: the caller\'s identity policy must allow too', async () => {
    await rejects(assume(alice, { RoleArn: roleArn('byAccount'), RoleSessionName: 'ss' }), 'AccessDenied', /because no identity-based policy allows the sts:AssumeRole action/);
    await assume(bob, { RoleArn: roleArn('byAccount'), RoleSessionName: 'ss' });
  });

  test('a role session cannot reach the account\'s own access keys by leaving out UserName', async () => {
    await sts.admin('CreateRole', { RoleName: 'keyAdmin', AssumeRolePolicyDocument: doc(trusting({ AWS: aliceArn })) });
    await sts.admin('PutRolePolicy', { RoleName: 'keyAdmin', PolicyName: 'p', PolicyDocument: doc(allow('iam:*')) });
    const caller = await session(alice, { RoleArn: roleArn('keyAdmin'), RoleSessionName: 'keys' });
    for (const action of ['CreateAccessKey', 'ListAccessKeys']) {
      await rejects(sts.request(caller, 'iam', action), 'AccessDenied', 'Must specify userName when calling with non-User credentials');
    }
    assert.ok((await sts.request(caller, 'iam', 'ListAccessKeys', { UserName: 'alice' })).AccessKeyMetadata);
  });

  test('a role session\'s context: aws:PrincipalArn is the role\'s ARN with its path, aws:userid is ROLEID:SESSION', async () => {
    await sts.admin('PutRolePolicy', { RoleName: 'app', PolicyName: 'ctx', PolicyDocument: doc(allow('iam:ListPolicies', { Condition: {
      StringEquals: { 'aws:PrincipalArn': roleArn('app', ACCOUNT, '/ops/'), 'aws:PrincipalType': 'AssumedRole', 'aws:PrincipalAccount': ACCOUNT },
      StringLike: { 'aws:userid': 'AROA*:ctx-1' }, Bool: { 'aws:MultiFactorAuthPresent': 'false' }, Null: { 'aws:TokenIssueTime': 'false', 'aws:username': 'true' },
    } })) });
    const one = await session(alice, { RoleArn: roleArn('app', ACCOUNT, '/ops/'), RoleSessionName: 'ctx-1' });
    const two = await session(alice, { RoleArn: roleArn('app', ACCOUNT, '/ops/'), RoleSessionName: 'ctx-2' });
    assert.equal((await decision(one, 'iam:ListPolicies')).decision.decision, 'Allow');
    assert.equal((await decision(two, 'iam:ListPolicies')).decision.decision, 'ImplicitDeny');
    await sts.admin('DeleteRolePolicy', { RoleName: 'app', PolicyName: 'ctx' });
  });

  test('the root user may not assume a role', async () => {
    await rejects(assume(sts.iam.root, { RoleArn: roleArn('byAccount'), RoleSessionName: 'ss' }), 'AccessDenied', 'Roles may not be assumed by root accounts.');
  });

  test('cross-account: the trust policy of B and the identity policy in A must both allow', async () => {
    await sts.admin('CreateRole', { RoleName: 'partner', AssumeRolePolicyDocument: doc(trusting({ AWS: `arn:aws:iam::${ACCOUNT}:root` })) }, OTHER);
    await sts.admin('PutRolePolicy', { RoleName: 'partner', PolicyName: 'p', PolicyDocument: doc(allow('iam:ListRoles')) }, OTHER);
    await sts.admin('CreateRole', { RoleName: 'closed', AssumeRolePolicyDocument: doc(trusting({ AWS: `arn:aws:iam::${OTHER}:root` })) }, OTHER);
    await rejects(assume(alice, { RoleArn: roleArn('partner', OTHER), RoleSessionName: 'ss' }), 'AccessDenied', /no identity-based policy allows/);
    await rejects(assume(bob, { RoleArn: roleArn('closed', OTHER), RoleSessionName: 'ss' }), 'AccessDenied', /no resource-based policy allows/);
    const caller = await session(bob, { RoleArn: roleArn('partner', OTHER), RoleSessionName: 'xx' });
    assert.equal(caller.kind === 'assumed-role' && caller.accountId, OTHER);
    assert.equal((await decision(caller, 'iam:ListRoles')).decision.decision, 'Allow');
    assert.equal((await decision(caller, 'iam:ListUsers')).decision.decision, 'ImplicitDeny');
  });

  test('sts:ExternalId condition', async () => {
    await rejects(assume(bob, { RoleArn: roleArn('external'), RoleSessionName: 'ss' }), 'AccessDenied');
    await rejects(assume(bob, { RoleArn: roleArn('external'), RoleSessionName: 'ss', ExternalId: 'other' }), 'AccessDenied');
    await assume(bob, { RoleArn: roleArn('external'), RoleSessionName: 'ss', ExternalId: 'xyz-123' });
  });

  test('aws:MultiFactorAuthPresent in the trust policy: needs a verified code (the authorizer\'s mfaAuthenticated)', async () => {
    await rejects(assume(bob, { RoleArn: roleArn('mfaOnly'), RoleSessionName: 'ss' }), 'AccessDenied');
    const input = { RoleArn: roleArn('mfaOnly'), RoleSessionName: 'ss', SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice`, TokenCode: GOOD_CODE };
    const out = await assume(bob, input, { mfaAuthenticated: true });
    const caller = sts.callerOf(out.Credentials);
    assert.equal(caller.kind === 'assumed-role' && caller.session.mfaAuthTime, sts.now());
    await rejects(sts.iam.call('AssumeRole', { ...input, TokenCode: '000000' }, bob), 'AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. ');
  });

  test('RoleSessionName and DurationSeconds rules; MaxSessionDuration; chaining caps at one hour', async () => {
    const app = roleArn('app', ACCOUNT, '/ops/');
    await rejects(assume(alice, { RoleArn: app, RoleSessionName: 'a' }), 'ValidationError');
    await rejects(assume(alice, { RoleArn: app, RoleSessionName: 'bad name' }), 'ValidationError');
    await rejects(assume(alice, { RoleArn: app, RoleSessionName: 'ok', DurationSeconds: 899 }), 'ValidationError');
    const long = await assume(alice, { RoleArn: app, RoleSessionName: 'ok', DurationSeconds: 7200 });
    assert.equal(((long.Credentials as Record<string, Date>).Expiration as Date).getTime(), sts.now() + 7200_000);
    await rejects(assume(alice, { RoleArn: app, RoleSessionName: 'ok', DurationSeconds: 7201 }), 'ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    const first = await session(alice, { RoleArn: app, RoleSessionName: 'hop1' });
    await sts.admin('UpdateAssumeRolePolicy', { RoleName: 'byAccount', PolicyDocument: doc(trusting({ AWS: ACCOUNT }, {}, ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'])) });
    await sts.admin('UpdateRole', { RoleName: 'byAccount', MaxSessionDuration: 43200 });
    await rejects(assume(first, { RoleArn: roleArn('byAccount'), RoleSessionName: 'hop2', DurationSeconds: 3601 }), 'ValidationError',
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    const second = await session(first, { RoleArn: roleArn('byAccount'), RoleSessionName: 'hop2', DurationSeconds: 3600 });
    assert.equal(second.kind === 'assumed-role' && second.session.chained, true);
  });

  test('session policies intersect the role\'s permissions; PackedPolicySize is answered', async () => {
    const out = await assume(alice, { RoleArn: roleArn('app', ACCOUNT, '/ops/'), RoleSessionName: 'narrow', Policy: doc(allow('iam:ListUsers')) });
    assert.ok(typeof out.PackedPolicySize === 'number' && out.PackedPolicySize > 0 && out.PackedPolicySize <= 100);
    const caller = sts.callerOf(out.Credentials);
    assert.equal((await decision(caller, 'iam:ListUsers')).decision.decision, 'Allow');
    const denied = await decision(caller, 'iam:ListRoles');
    assert.equal(denied.decision.decision, 'ImplicitDeny');
    assert.equal(denied.message, `User: arn:aws:sts::${ACCOUNT}:assumed-role/app/narrow is not authorized to perform: iam:ListRoles because no session policy allows the iam:ListRoles action`);
    // A session policy grants nothing the role lacks.
    const wide = sts.callerOf((await assume(alice, { RoleArn: roleArn('app', ACCOUNT, '/ops/'), RoleSessionName: 'wide', Policy: doc(allow('*')) })).Credentials);
    assert.equal((await decision(wide, 'iam:CreateUser', { UserName: 'x' })).decision.decision, 'ImplicitDeny');
    // Managed session policies (PolicyArns).
    await sts.admin('CreatePolicy', { PolicyName: 'OnlyGetUser', PolicyDocument: doc(allow('iam:GetUser')) });
    const managed = sts.callerOf((await assume(alice, { RoleArn: roleArn('app', ACCOUNT, '/ops/'), RoleSessionName: 'mm', PolicyArns: [{ arn: `arn:aws:iam::${ACCOUNT}:policy/OnlyGetUser` }] })).Credentials);
    assert.equal((await decision(managed, 'iam:GetUser', { UserName: 'alice' })).decision.decision, 'Allow');
    assert.equal((await decision(managed, 'iam:ListUsers')).decision.decision, 'ImplicitDeny');
    await rejects(assume(alice, { RoleArn: roleArn('app', ACCOUNT, '/ops/'), RoleSessionName: 'mm', Policy: '{"Statement":[{"Effect":"Allow"}]}' }), 'MalformedPolicyDocument');
    const eleven = Array.from({ length: 11 }, () => ({ arn: `arn:aws:iam::${ACCOUNT}:policy/OnlyGetUser` }));
    await rejects(assume(alice, { RoleArn: roleArn('app', ACCOUNT, '/ops/'), RoleSessionName: 'mm', PolicyArns: eleven }), 'ValidationError');
    const huge = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}-${randomBytes(60).toString('hex')}`, Value: randomBytes(120).toString('hex') }));
    await rejects(assume(alice, { RoleArn: roleArn('app', ACCOUNT, '/ops/'), RoleSessionName: 'mm', Tags: huge }), 'PackedPolicyTooLarge', /^Packed policy consumes \d+% of allotted space/);
  });

  test('session tags need sts:TagSession; they override the role\'s tags in aws:PrincipalTag', async () => {
    await sts.admin('CreateRole', { RoleName: 'noTags', AssumeRolePolicyDocument: doc(trusting({ AWS: aliceArn })) });
    await rejects(assume(alice, { RoleArn: roleArn('noTags'), RoleSessionName: 'ss', Tags: [{ Key: 'team', Value: 'green' }] }), 'AccessDenied',
      `User: ${aliceArn} is not authorized to perform: sts:TagSession on resource: ${roleArn('noTags')} because no resource-based policy allows the sts:TagSession action`);
    await assume(alice, { RoleArn: roleArn('noTags'), RoleSessionName: 'ss' });
    const tagged = await session(bob, { RoleArn: roleArn('byAccount'), RoleSessionName: 'tt', Tags: [{ Key: 'team', Value: 'green' }] });
    assert.equal((await decision(tagged, 'iam:ListUsers')).decision.decision, 'Allow');
    const untagged = await session(bob, { RoleArn: roleArn('byAccount'), RoleSessionName: 'uu' });
    assert.equal((await decision(untagged, 'iam:ListUsers')).decision.decision, 'ImplicitDeny');
    // The app role is tagged team=blue; a session tag team=green wins.
    await sts.admin('PutRolePolicy', { RoleName: 'app', PolicyName: 'byTag', PolicyDocument: doc(allow('iam:ListGroups', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'green' } } })) });
    const blue = await session(alice, { RoleArn: roleArn('app', ACCOUNT, '/ops/'), RoleSessionName: 'blue' });
    assert.equal((await decision(blue, 'iam:ListGroups')).decision.decision, 'ImplicitDeny');
    const green = await session(alice, { RoleArn: roleArn('app', ACCOUNT, '/ops/'), RoleSessionName: 'green', Tags: [{ Key: 'Team', Value: 'green' }] });
    assert.equal((await decision(green, 'iam:ListGroups')).decision.decision, 'Allow');
    // aws:RequestTag in the trust policy.
    await sts.admin('CreateRole', { RoleName: 'needsTag', AssumeRolePolicyDocument: doc(trusting({ AWS: aliceArn }, { Condition: { StringEquals: { 'aws:RequestTag/project': 'x' } } }, ['sts:AssumeRole', 'sts:TagSession'])) });
    await rejects(assume(alice, { RoleArn: roleArn('needsTag'), RoleSessionName: 'ss', Tags: [{ Key: 'project', Value: 'y' }] }), 'AccessDenied');
    await assume(alice, { RoleArn: roleArn('needsTag'), RoleSessionName: 'ss', Tags: [{ Key: 'project', Value: 'x' }] });
  });

  test('transitive tags pass through a chain and cannot be overridden there', async () => {
    const first = await session(alice, { RoleArn: roleArn('app', ACCOUNT, '/ops/'), RoleSessionName: 'h1', Tags: [{ Key: 'team', Value: 'green' }, { Key: 'cost', Value: '42' }], TransitiveTagKeys: ['team'] });
    await rejects(assume(alice, { RoleArn: roleArn('app', ACCOUNT, '/ops/'), RoleSessionName: 'h1', Tags: [{ Key: 'a', Value: 'b' }], TransitiveTagKeys: ['zzz'] }), 'ValidationError');
    const second = await session(first, { RoleArn: roleArn('byAccount'), RoleSessionName: 'h2' });
    assert.deepEqual(second.kind === 'assumed-role' && second.session.tags, [{ Key: 'team', Value: 'green' }]);
    assert.equal((await decision(second, 'iam:ListUsers')).decision.decision, 'Allow');
    await rejects(assume(first, { RoleArn: roleArn('byAccount'), RoleSessionName: 'h2', Tags: [{ Key: 'TEAM', Value: 'red' }] }), 'ValidationError');
    // The chained role's trust must allow sts:TagSession for the inherited tags.
    await sts.admin('CreateRole', { RoleName: 'plain', AssumeRolePolicyDocument: doc(trusting({ AWS: ACCOUNT })) });
    await rejects(assume(first, { RoleArn: roleArn('plain'), RoleSessionName: 'h2' }), 'AccessDenied', /sts:TagSession/);
  });

  test('SourceIdentity: needs sts:SetSourceIdentity, answered, sticky through chaining, cannot change', async () => {
    await rejects(assume(alice, { RoleArn: roleArn('noTags'), RoleSessionName: 'ss', SourceIdentity: 'alice' }), 'AccessDenied', /sts:SetSourceIdentity/);
    const out = await assume(alice, { RoleArn: roleArn('app', ACCOUNT, '/ops/'), RoleSessionName: 'ss', SourceIdentity: 'alice@example.com' });
    assert.equal(out.SourceIdentity, 'alice@example.com');
    const first = sts.callerOf(out.Credentials);
    const context = await decision(first, 'iam:ListUsers');
    assert.equal(context.decision.decision, 'Allow');
    const second = await assume(first, { RoleArn: roleArn('byAccount'), RoleSessionName: 'h2' });
    assert.equal(second.SourceIdentity, 'alice@example.com');
    await rejects(assume(first, { RoleArn: roleArn('byAccount'), RoleSessionName: 'h2', SourceIdentity: 'mallory' }), 'AccessDenied');
    await rejects(assume(alice, { RoleArn: roleArn('app', ACCOUNT, '/ops/'), RoleSessionName: 'ss', SourceIdentity: 'aws:x' }), 'ValidationError');
    // aws:SourceIdentity in an identity policy.
    await sts.admin('PutRolePolicy', { RoleName: 'byAccount', PolicyName: 'denyAlice', PolicyDocument: doc({ Effect: 'Deny', Action: 'iam:ListGroups', Resource: '*', Condition: { StringEquals: { 'aws:SourceIdentity': 'alice@example.com' } } }) });
    const chained = sts.callerOf(second.Credentials);
    assert.equal((await decision(chained, 'iam:ListGroups')).decision.decision, 'ExplicitDeny');
    await sts.admin('DeleteRolePolicy', { RoleName: 'byAccount', PolicyName: 'denyAlice' });
  });

  test('"Revoke active sessions": a deny on aws:TokenIssueTime before now ends older sessions only', async () => {
    const old = await session(alice, { RoleArn: roleArn('app', ACCOUNT, '/ops/'), RoleSessionName: 'old' });
    assert.equal((await decision(old, 'iam:ListUsers')).decision.decision, 'Allow');
    sts.iam.advance(60_000);
    const cutoff = new Date(sts.now()).toISOString();
    await sts.admin('PutRolePolicy', { RoleName: 'app', PolicyName: 'AWSRevokeOlderSessions', PolicyDocument: doc({ Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: { DateLessThan: { 'aws:TokenIssueTime': cutoff } } }) });
    assert.equal((await decision(old, 'iam:ListUsers')).decision.decision, 'ExplicitDeny');
    sts.iam.advance(1000);
    const fresh = await session(alice, { RoleArn: roleArn('app', ACCOUNT, '/ops/'), RoleSessionName: 'new' });
    assert.equal((await decision(fresh, 'iam:ListUsers')).decision.decision, 'Allow');
    await sts.admin('DeleteRolePolicy', { RoleName: 'app', PolicyName: 'AWSRevokeOlderSessions' });
  });

  test('a session of a role deleted since is worth nothing; expired credentials answer ExpiredToken', async () => {
    await sts.admin('CreateRole', { RoleName: 'temp', AssumeRolePolicyDocument: doc(trusting({ AWS: aliceArn })) });
    await sts.admin('PutRolePolicy', { RoleName: 'temp', PolicyName: 'p', PolicyDocument: doc(allow('iam:ListUsers')) });
    const out = await assume(alice, { RoleArn: roleArn('temp'), RoleSessionName: 'ss', DurationSeconds: 900 });
    const caller = sts.callerOf(out.Credentials);
    assert.equal((await decision(caller, 'iam:ListUsers')).decision.decision, 'Allow');
    await sts.admin('DeleteRolePolicy', { RoleName: 'temp', PolicyName: 'p' });
    await sts.admin('DeleteRole', { RoleName: 'temp' });
    await sts.admin('CreateRole', { RoleName: 'temp', AssumeRolePolicyDocument: doc(trusting({ AWS: aliceArn })) });
    await sts.admin('PutRolePolicy', { RoleName: 'temp', PolicyName: 'p', PolicyDocument: doc(allow('iam:ListUsers')) });
    assert.equal((await decision(caller, 'iam:ListUsers')).decision.decision, 'ImplicitDeny');
    sts.iam.advance(900_000);
    const c = out.Credentials as Record<string, string>;
    assert.throws(() => sts.resolve(c.AccessKeyId ?? '', c.SessionToken ?? '', sts.now()), (e: unknown) => isAwsError(e) && e.code === 'ExpiredToken');
  });

  test('GetAccessKeyInfo: the account of an ASIA key from the key itself, of an AKIA key from the store', async () => {
    const out = await assume(alice, { RoleArn: roleArn('app', ACCOUNT, '/ops/'), RoleSessionName: 'kk' });
    const caller = sts.callerOf(out.Credentials);
    await sts.admin('CreateRole', { RoleName: 'far', AssumeRolePolicyDocument: doc(trusting({ AWS: `arn:aws:iam::${ACCOUNT}:root` })) }, OTHER);
    const far = await assume(bob, { RoleArn: roleArn('far', OTHER), RoleSessionName: 'kk' });
    assert.deepEqual(await sts.request(caller, 'sts', 'GetAccessKeyInfo', { AccessKeyId: (far.Credentials as Record<string, string>).AccessKeyId }), { Account: OTHER });
    const key = (await sts.admin('CreateAccessKey', { UserName: 'bob' })).AccessKey as Record<string, string>;
    assert.deepEqual(await sts.request(caller, 'sts', 'GetAccessKeyInfo', { AccessKeyId: key.AccessKeyId }), { Account: ACCOUNT });
    await rejects(sts.request(caller, 'sts', 'GetAccessKeyInfo', { AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' }), 'ValidationError');
  });
});
