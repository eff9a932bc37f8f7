// Service tests of account aliases on a real SQLite store. Rules: API_CreateAccountAlias,
// API_DeleteAccountAlias, API_ListAccountAliases (IAM API Reference); "IAM name requirements" and "Aliases
// for an AWS account: 1" (IAM and AWS STS quotas); replacement of an account's alias as observed on AWS
// (floci-io/floci#2103).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rootCaller } from '../../authn/caller.js';
import { type IamHarness, openIamHarness } from '../test-support/harness.js';

const OTHER = '444455556666';

describe('IAM account aliases (service, SQLite)', () => {
  let iam: IamHarness;
  const other = rootCaller('aws', OTHER, 'AKIAOTHEROTHEROTHERX');
  before(async () => {
    iam = await openIamHarness();
    await iam.store.createAccount({ id: OTHER, name: 'other', createdAt: new Date().toISOString() });
  });
  after(async () => iam.close());

  test('no alias: an empty list', async () => {
    assert.deepEqual(await iam.call('ListAccountAliases'), { AccountAliases: [], IsTruncated: false });
  });

  test('Create, List; an alias is a setting, not IAM state the caches hold: the store announces nothing', async () => {
    const before = iam.changes.length;
    assert.deepEqual(await iam.call('CreateAccountAlias', { AccountAlias: 'acme-prod' }), {});
    assert.deepEqual(iam.changes.slice(before), []);
    assert.deepEqual(await iam.call('ListAccountAliases'), { AccountAliases: ['acme-prod'], IsTruncated: false });
  });

  test('an alias held by any account is EntityAlreadyExists; a free one replaces the account\'s alias', async () => {
    assert.equal(await iam.fails('CreateAccountAlias', { AccountAlias: 'acme-prod' }, 'EntityAlreadyExists', 409), 'The account alias acme-prod already exists.');
    assert.equal(await iam.fails('CreateAccountAlias', { AccountAlias: 'acme-prod' }, 'EntityAlreadyExists', 409, other), 'The account alias acme-prod already exists.');
    await iam.call('CreateAccountAlias', { AccountAlias: 'acme-production' });
    assert.deepEqual((await iam.call('ListAccountAliases')).AccountAliases, ['acme-production']);
    // The old name is free again, for any account.
    await iam.call('CreateAccountAlias', { AccountAlias: 'acme-prod' }, other);
    assert.deepEqual((await iam.call('ListAccountAliases', {}, other)).AccountAliases, ['acme-prod']);
  });

  test('a 12-digit alias is refused', async () => {
    await iam.fails('CreateAccountAlias', { AccountAlias: '123456789012' }, 'InvalidInput', 400);
  });

  test('Delete: only the account\'s own alias; then the name is free', async () => {
    assert.equal(await iam.fails('DeleteAccountAlias', { AccountAlias: 'acme-prod' }, 'NoSuchEntity', 404), 'The account alias acme-prod cannot be found.');
    await iam.call('DeleteAccountAlias', { AccountAlias: 'acme-production' });
    assert.deepEqual(await iam.call('ListAccountAliases'), { AccountAliases: [], IsTruncated: false });
    await iam.fails('DeleteAccountAlias', { AccountAlias: 'acme-production' }, 'NoSuchEntity');
    await iam.call('CreateAccountAlias', { AccountAlias: 'acme-production' }, other);
  });

  test('ListAccountAliases pages: MaxItems 1 with one alias is not truncated; a marker past it answers none', async () => {
    await iam.call('CreateAccountAlias', { AccountAlias: 'zz-top' });
    assert.deepEqual(await iam.call('ListAccountAliases', { MaxItems: 1 }), { AccountAliases: ['zz-top'], IsTruncated: false });
    const marker = Buffer.from('zz-top').toString('base64url');
    assert.deepEqual(await iam.call('ListAccountAliases', { Marker: marker }), { AccountAliases: [], IsTruncated: false });
    await iam.fails('ListAccountAliases', { Marker: '%%%' }, 'InvalidInput');
  });
});
