// GetSessionToken, GetFederationToken, DecodeAuthorizationMessage and GetCallerIdentity for every kind of
// caller, on a real SQLite store. Rules: API_GetSessionToken, API_GetFederationToken,
// API_DecodeAuthorizationMessage, API_GetCallerIdentity; "Compare AWS STS credentials"
// (id_credentials_sts-comparison.html); "Policy variables" (the aws:userid table).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Caller } from '../authn/caller.js';
import { isAwsError } from '../kernel/index.js';
import { ACCOUNT } from '../iam/test-support/harness.js';
import { GOOD_CODE, type StsHarness, openStsHarness } from './test-support/sts-harness.js';

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (action: string | string[], extra: object = {}) => ({ Effect: 'Allow', Action: action, Resource: '*', ...extra });

async function rejects(promise: Promise<unknown>, code: string, message?: string | RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isAwsError(error), String(error));
    assert.equal(error.code, code, error.message);
    if (typeof message === 'string') assert.equal(error.message, message);
    else if (message !== undefined) assert.match(error.message, message);
    return true;
  });
}

describe('GetSessionToken, GetFederationToken, DecodeAuthorizationMessage (SQLite)', () => {
  let sts: StsHarness;
  let alice: Caller;
  const expiresIn = (out: Record<string, unknown>) => ((out.Credentials as { Expiration: Date }).Expiration.getTime() - sts.now()) / 1000;
  const decide = async (caller: Caller, service: string, action: string, input: Record<string, unknown> = {}) =>
    (await sts.enforcer.decide({ caller, service, action, input, sourceIp: '203.0.113.7', secureTransport: true })).decision.decision;

  before(async () => {
    sts = await openStsHarness();
    await sts.admin('CreateUser', { UserName: 'alice', Tags: [{ Key: 'team', Value: 'red' }] });
    await sts.admin('PutUserPolicy', { UserName: 'alice', PolicyName: 'p', PolicyDocument: doc(allow(['iam:ListUsers', 's3:GetObject', 's3:PutObject', 'sts:GetFederationToken', 'sts:DecodeAuthorizationMessage'])) });
    alice = await sts.iam.userCaller('alice');
  });
  after(async () => sts.close());

  test('GetSessionToken: 12 h by default, 900 s to 36 h for a user; at most 1 h for the root user', async () => {
    assert.equal(expiresIn(await sts.request(alice, 'sts', 'GetSessionToken')), 43200);
    assert.equal(expiresIn(await sts.request(alice, 'sts', 'GetSessionToken', { DurationSeconds: 129600 })), 129600);
    await rejects(sts.request(alice, 'sts', 'GetSessionToken', { DurationSeconds: 129601 }), 'ValidationError');
    await rejects(sts.request(alice, 'sts', 'GetSessionToken', { DurationSeconds: 899 }), 'ValidationError');
    assert.equal(expiresIn(await sts.request(sts.iam.root, 'sts', 'GetSessionToken')), 3600);
    assert.equal(expiresIn(await sts.request(sts.iam.root, 'sts', 'GetSessionToken', { DurationSeconds: 7200 })), 3600);
  });

  test('GetSessionToken credentials: same ARN and UserId; not usable for GetSessionToken again, nor for IAM without MFA', async () => {
    const session = sts.callerOf((await sts.request(alice, 'sts', 'GetSessionToken')).Credentials);
    assert.deepEqual(await sts.request(session, 'sts', 'GetCallerIdentity'), { UserId: alice.kind === 'user' ? alice.userId : '', Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/alice` });
    await rejects(sts.request(session, 'sts', 'GetSessionToken'), 'AccessDenied', 'Cannot call GetSessionToken with session credentials');
    assert.equal(await decide(session, 'iam', 'ListUsers'), 'ImplicitDeny');
    assert.equal(await decide(session, 's3', 'GetObject'), 'Allow');
    const withMfa = sts.callerOf((await sts.request(alice, 'sts', 'GetSessionToken', { SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice`, TokenCode: GOOD_CODE })).Credentials);
    assert.equal(await decide(withMfa, 'iam', 'ListUsers'), 'Allow');
    await rejects(sts.request(alice, 'sts', 'GetSessionToken', { SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice`, TokenCode: '999999' }), 'AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. ');
    const root = sts.callerOf((await sts.request(sts.iam.root, 'sts', 'GetSessionToken')).Credentials);
    assert.deepEqual(await sts.request(root, 'sts', 'GetCallerIdentity'), { UserId: ACCOUNT, Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:root` });
  });

  test('aws:MultiFactorAuthPresent and aws:MultiFactorAuthAge from the session', async () => {
    await sts.admin('PutUserPolicy', { UserName: 'alice', PolicyName: 'mfa', PolicyDocument: doc(allow('s3:DeleteObject', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } })) });
    const plain = sts.callerOf((await sts.request(alice, 'sts', 'GetSessionToken')).Credentials);
    const mfa = sts.callerOf((await sts.request(alice, 'sts', 'GetSessionToken', { SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice`, TokenCode: GOOD_CODE })).Credentials);
    assert.equal(await decide(plain, 's3', 'DeleteObject'), 'ImplicitDeny');
    assert.equal(await decide(mfa, 's3', 'DeleteObject'), 'Allow');
    sts.iam.advance(3_600_000);
    assert.equal(await decide(mfa, 's3', 'DeleteObject'), 'ImplicitDeny');
  });

  test('GetFederationToken: the federated user\'s permissions are the intersection of the user\'s and the session policies', async () => {
    const out = await sts.request(alice, 'sts', 'GetFederationToken', { Name: 'bob-web', Policy: doc(allow(['s3:GetObject', 's3:DeleteBucket'])) });
    assert.deepEqual(out.FederatedUser, { FederatedUserId: `${ACCOUNT}:bob-web`, Arn: `arn:aws:sts::${ACCOUNT}:federated-user/bob-web` });
    assert.equal(expiresIn(out), 43200);
    assert.ok(typeof out.PackedPolicySize === 'number');
    const fed = sts.callerOf(out.Credentials);
    assert.deepEqual(await sts.request(fed, 'sts', 'GetCallerIdentity'), { UserId: `${ACCOUNT}:bob-web`, Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:federated-user/bob-web` });
    assert.equal(await decide(fed, 's3', 'GetObject'), 'Allow');
    assert.equal(await decide(fed, 's3', 'PutObject'), 'ImplicitDeny');
    assert.equal(await decide(fed, 's3', 'DeleteBucket'), 'ImplicitDeny');
    // Federated users call no IAM operation and of STS only GetCallerIdentity.
    assert.equal(await decide(fed, 'iam', 'ListUsers'), 'ImplicitDeny');
    const bare = sts.callerOf((await sts.request(alice, 'sts', 'GetFederationToken', { Name: 'nobody' })).Credentials);
    assert.equal(await decide(bare, 's3', 'GetObject'), 'ImplicitDeny');
    await rejects(sts.request(alice, 'sts', 'GetFederationToken', { Name: 'x' }), 'ValidationError');
    await rejects(sts.request(alice, 'sts', 'GetFederationToken', { Name: 'a'.repeat(33) }), 'ValidationError');
    await rejects(sts.request(alice, 'sts', 'GetFederationToken', { Name: 'web', DurationSeconds: 129601 }), 'ValidationError');
    assert.equal(expiresIn(await sts.request(sts.iam.root, 'sts', 'GetFederationToken', { Name: 'root-fed', DurationSeconds: 7200 })), 3600);
    await rejects(sts.iam.call('GetFederationToken', { Name: 'again' }, fed), 'AccessDenied');
  });

  test('DecodeAuthorizationMessage: needs sts:DecodeAuthorizationMessage; decodes only in its account', async () => {
    const encoded = sts.messages.encode({
      accountId: ACCOUNT, allowed: false, explicitDeny: false, matchedStatements: [], principal: { id: 'AROAEXAMPLE:s', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/s` },
      action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', conditions: { 'aws:SourceIp': '203.0.113.7' },
    });
    const out = await sts.request(alice, 'sts', 'DecodeAuthorizationMessage', { EncodedMessage: encoded });
    const decoded = JSON.parse(String(out.DecodedMessage)) as { allowed: boolean; context: { action: string; conditions: { items: unknown[] } } };
    assert.equal(decoded.allowed, false);
    assert.equal(decoded.context.action, 's3:GetObject');
    assert.deepEqual(decoded.context.conditions.items, [{ key: 'aws:SourceIp', values: { items: [{ value: '203.0.113.7' }] } }]);
    await rejects(sts.request(alice, 'sts', 'DecodeAuthorizationMessage', { EncodedMessage: `${encoded.slice(0, -2)}AA` }), 'InvalidAuthorizationMessageException');
    await rejects(sts.iam.call('DecodeAuthorizationMessage', { EncodedMessage: encoded }, { ...sts.iam.root, accountId: '444455556666' } as Caller), 'InvalidAuthorizationMessageException');
    await sts.admin('CreateUser', { UserName: 'carol' });
    await rejects(sts.request(await sts.iam.userCaller('carol'), 'sts', 'DecodeAuthorizationMessage', { EncodedMessage: encoded }), 'AccessDenied', /sts:DecodeAuthorizationMessage/);
  });
});
