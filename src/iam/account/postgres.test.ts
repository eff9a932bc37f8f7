// Account aliases on PostgreSQL (SERIALIZABLE, work functions retried on serialization failures): accounts
// racing for one alias through the operations — one wins, every other gets EntityAlreadyExists, and the
// alias has one owner afterwards.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rootCaller } from '../../authn/caller.js';
import { type IamHarness, openIamHarness } from '../test-support/harness.js';
import { onThrowawayPostgres } from '../test-support/postgres.js';

describe('IAM account aliases on PostgreSQL', () => {
  let iam: IamHarness;
  const accounts = ['200000000001', '200000000002', '200000000003', '200000000004', '200000000005', '200000000006'];
  onThrowawayPostgres((databaseUrl) => openIamHarness({ databaseUrl }), async (harness) => {
    iam = harness;
    for (const id of accounts) await iam.store.createAccount({ id, name: id, createdAt: new Date().toISOString() });
  });

  test('racing CreateAccountAlias of one name from six accounts: one owner', async () => {
    const results = await Promise.allSettled(accounts.map((id) => iam.call('CreateAccountAlias', { AccountAlias: 'contested' }, rootCaller('aws', id, 'AKIAEXAMPLEEXAMPLEXX'))));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as { code?: string }).code, 'EntityAlreadyExists');
    const holders = [];
    for (const id of accounts) {
      const aliases = (await iam.call('ListAccountAliases', {}, rootCaller('aws', id, 'AKIAEXAMPLEEXAMPLEXX'))).AccountAliases as string[];
      if (aliases.includes('contested')) holders.push(id);
    }
    assert.equal(holders.length, 1);
  });
});
