// The session decider's derived caches (the trust decision's compiled policy set, the session's merged
// principal tags) are dropped with the account's snapshots: a changed trust policy, identity policy or role
// tag is seen by the next request after `changed(account)`. Rules: API_AssumeRole (the trust policy as the
// role's resource-based policy); "Pass session tags in AWS STS" (session tags over the role's own).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Caller, rootCaller } from '../authn/caller.js';
import { ACCOUNT } from '../iam/test-support/harness.js';
import { OTHER, type StsHarness, openStsHarness } from './test-support/sts-harness.js';

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const trusting = (account: string) => doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'] });

describe('session decider caches: dropped by changed(account)', () => {
  let sts: StsHarness;
  let alice: Caller;
  const otherRoot = rootCaller('aws', OTHER, 'AKIAOTHEROTHEROTHER1');
  const write = (action: string, input: Record<string, unknown>, caller: Caller = sts.iam.root) => sts.iam.call(action, input, caller);
  const decide = async (caller: Caller, action: string, input: Record<string, unknown> = {}) => (await sts.enforcer.decide({
    caller, service: action.split(':')[0] ?? '', action: action.split(':')[1] ?? '', input, sourceIp: '203.0.113.7', secureTransport: true,
  })).decision.decision;
  const assumeDecision = (roleArn: string) => decide(alice, 'sts:AssumeRole', { RoleArn: roleArn, RoleSessionName: 's' });

  before(async () => {
    sts = await openStsHarness();
    await sts.admin('CreateUser', { UserName: 'alice' });
    await sts.admin('PutUserPolicy', { UserName: 'alice', PolicyName: 'assume', PolicyDocument: doc({ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: '*' }) });
    alice = await sts.iam.userCaller('alice');
    await sts.admin('CreateRole', { RoleName: 'local', AssumeRolePolicyDocument: trusting(ACCOUNT) });
    await sts.admin('CreateRole', { RoleName: 'remote', AssumeRolePolicyDocument: trusting(ACCOUNT) }, OTHER);
    await sts.admin('CreateRole', { RoleName: 'tagged', AssumeRolePolicyDocument: trusting(ACCOUNT), Tags: [{ Key: 'team', Value: 'blue' }] });
    await sts.admin('PutRolePolicy', { RoleName: 'tagged', PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'green' } } }) });
  });
  after(async () => sts.close());

  test('a changed trust policy is seen by the next AssumeRole', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:role/local`;
    assert.equal(await assumeDecision(arn), 'Allow');
    assert.equal(await assumeDecision(arn), 'Allow');
    await write('UpdateAssumeRolePolicy', { RoleName: 'local', PolicyDocument: trusting(OTHER) });
    sts.enforcer.changed(ACCOUNT);
    assert.equal(await assumeDecision(arn), 'ImplicitDeny');
    await write('UpdateAssumeRolePolicy', { RoleName: 'local', PolicyDocument: trusting(ACCOUNT) });
    sts.enforcer.changed(ACCOUNT);
    assert.equal(await assumeDecision(arn), 'Allow');
  });

  test('a changed identity policy of the caller is seen by the next AssumeRole (the trust set is rebuilt)', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:role/local`;
    assert.equal(await assumeDecision(arn), 'Allow');
    await write('PutUserPolicy', { UserName: 'alice', PolicyName: 'deny', PolicyDocument: doc({ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }) });
    sts.enforcer.changed(ACCOUNT);
    assert.equal(await assumeDecision(arn), 'ExplicitDeny');
    await write('DeleteUserPolicy', { UserName: 'alice', PolicyName: 'deny' });
    sts.enforcer.changed(ACCOUNT);
    assert.equal(await assumeDecision(arn), 'Allow');
  });

  test('another account\'s role: a change to its trust policy is seen after changed(its account)', async () => {
    const arn = `arn:aws:iam::${OTHER}:role/remote`;
    assert.equal(await assumeDecision(arn), 'Allow');
    await write('UpdateAssumeRolePolicy', { RoleName: 'remote', PolicyDocument: trusting(OTHER) }, otherRoot);
    sts.enforcer.changed(OTHER);
    assert.equal(await assumeDecision(arn), 'ImplicitDeny');
    await write('UpdateAssumeRolePolicy', { RoleName: 'remote', PolicyDocument: trusting(ACCOUNT) }, otherRoot);
    sts.enforcer.changed(OTHER);
    assert.equal(await assumeDecision(arn), 'Allow');
  });

  test('a role session\'s principal tags: the role\'s changed tags are seen, session tags still override them', async () => {
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/tagged`;
    const plain = sts.callerOf((await sts.request(alice, 'sts', 'AssumeRole', { RoleArn: roleArn, RoleSessionName: 'plain' })).Credentials);
    const green = sts.callerOf((await sts.request(alice, 'sts', 'AssumeRole', { RoleArn: roleArn, RoleSessionName: 'green', Tags: [{ Key: 'Team', Value: 'green' }] })).Credentials);
    assert.equal(await decide(plain, 'iam:ListUsers'), 'ImplicitDeny');
    assert.equal(await decide(green, 'iam:ListUsers'), 'Allow');
    await write('TagRole', { RoleName: 'tagged', Tags: [{ Key: 'team', Value: 'green' }] });
    sts.enforcer.changed(ACCOUNT);
    assert.equal(await decide(plain, 'iam:ListUsers'), 'Allow');
    await write('TagRole', { RoleName: 'tagged', Tags: [{ Key: 'team', Value: 'red' }] });
    sts.enforcer.changed(ACCOUNT);
    assert.equal(await decide(plain, 'iam:ListUsers'), 'ImplicitDeny');
    assert.equal(await decide(green, 'iam:ListUsers'), 'Allow');
  });
});
