// The credential report on PostgreSQL (SERIALIZABLE, work functions retried on serialization failures):
// GenerateCredentialReport calls racing as several nodes' would — one report is made ("as often as once
// every four hours", IAM User Guide, id_credentials_getting-report), every other call reuses it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type IamHarness, openIamHarness } from '../test-support/harness.js';
import { onThrowawayPostgres } from '../test-support/postgres.js';

describe('IAM credential report on PostgreSQL', () => {
  let iam: IamHarness;
  onThrowawayPostgres((databaseUrl) => openIamHarness({ databaseUrl }), async (harness) => {
    iam = harness;
    for (const UserName of ['alice', 'bob', 'carol']) await iam.call('CreateUser', { UserName });
  });

  test('six racing GenerateCredentialReport calls: one STARTED, five COMPLETE, one report', async () => {
    const states = await Promise.all(Array.from({ length: 6 }, async () => (await iam.call('GenerateCredentialReport')).State));
    assert.deepEqual([...states].sort(), ['COMPLETE', 'COMPLETE', 'COMPLETE', 'COMPLETE', 'COMPLETE', 'STARTED']);
    const out = await iam.call('GetCredentialReport');
    const lines = Buffer.from(out.Content as string, 'base64').toString('utf8').split('\n');
    assert.deepEqual(lines.map((line) => line.split(',')[0]), ['user', '<root_account>', 'alice', 'bob', 'carol']);
  });
});
