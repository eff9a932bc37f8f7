// The invariants of managed policies, attachments and inline policies on PostgreSQL, where transactions
// are SERIALIZABLE and a work function may run again after a serialization failure: racing writes through
// the operations must never make a 6th policy version, an 11th attachment, inline policies over the
// aggregate size limit, or two policies of one name. Quotas: "IAM and AWS STS quotas".
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, type IamHarness, allow, openIamHarness } from '../test-support/harness.js';
import { onThrowawayPostgres } from '../test-support/postgres.js';

const ARN = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`;
const codes = (results: PromiseSettledResult<unknown>[]) =>
  results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as { code?: string }).code);

describe('IAM policies on PostgreSQL', () => {
  let iam: IamHarness;
  onThrowawayPostgres((databaseUrl) => openIamHarness({ databaseUrl }), async (harness) => {
    iam = harness;
    await iam.seed('user', 'pat');
  });

  test('racing CreatePolicy of one name in several cases: one policy', async () => {
    const results = await Promise.allSettled(['Ops', 'OPS', 'ops', 'oPs'].map((PolicyName) => iam.call('CreatePolicy', { PolicyName, PolicyDocument: allow('s3:*') })));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    assert.deepEqual(codes(results), ['EntityAlreadyExists', 'EntityAlreadyExists', 'EntityAlreadyExists']);
  });

  test('racing CreatePolicyVersion: exactly 5 versions with distinct ids, the rest LimitExceeded', async () => {
    // The ARN keeps the case of whichever CreatePolicy won.
    const real = ARN((await iam.store.listEntities(ACCOUNT, 'policy'))[0]?.name ?? 'Ops');
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => iam.call('CreatePolicyVersion', { PolicyArn: real, PolicyDocument: allow(`s3:Get${i}`) })));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 4);
    assert.ok(codes(results).every((c) => c === 'LimitExceeded'));
    const versions = ((await iam.call('ListPolicyVersions', { PolicyArn: real })).Versions as { VersionId: string }[]).map((v) => v.VersionId);
    assert.deepEqual(versions, ['v5', 'v4', 'v3', 'v2', 'v1']);
  });

  test('racing AttachUserPolicy over 13 policies: exactly 10 attachments', async () => {
    for (let i = 0; i < 13; i++) await iam.call('CreatePolicy', { PolicyName: `P${i}`, PolicyDocument: allow(`s3:Get${i}`) });
    const results = await Promise.allSettled(Array.from({ length: 13 }, (_, i) => iam.call('AttachUserPolicy', { UserName: 'pat', PolicyArn: ARN(`P${i}`) })));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 10);
    assert.ok(codes(results).every((c) => c === 'LimitExceeded'));
    assert.equal(await iam.store.countLinksFrom(ACCOUNT, 'user-policy', 'pat'), 10);
  });

  test('racing PutUserPolicy: the inline policies together stay within 2,048 characters', async () => {
    const base = allow('s3:GetObject', 'arn:aws:s3:::');
    const doc = allow('s3:GetObject', `arn:aws:s3:::${'x'.repeat(500 - base.length)}`);
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => iam.call('PutUserPolicy', { UserName: 'pat', PolicyName: `I${i}`, PolicyDocument: doc })));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 4);
    assert.ok(codes(results).every((c) => c === 'LimitExceeded'));
    assert.equal((await iam.store.listInlinePolicies(ACCOUNT, 'user', 'pat')).length, 4);
  });
});
