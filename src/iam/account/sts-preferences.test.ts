// Service tests of SetSecurityTokenServicePreferences and what GetAccountSummary reports of it, on a real
// SQLite store. Rules: API_SetSecurityTokenServicePreferences ("To view the current session token version,
// see the GlobalEndpointTokenVersion entry in the response of the GetAccountSummary operation"), and the
// default of version 1 (id_credentials_temp_enable-regions, IAM User Guide).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rootCaller } from '../../authn/caller.js';
import { type IamHarness, openIamHarness } from '../test-support/harness.js';

const OTHER = '444455556666';

describe('SetSecurityTokenServicePreferences (service, SQLite)', () => {
  let iam: IamHarness;
  before(async () => {
    iam = await openIamHarness();
    await iam.store.createAccount({ id: OTHER, name: 'other', createdAt: new Date().toISOString() });
  });
  after(async () => iam.close());

  const version = async (caller = iam.root) => ((await iam.call('GetAccountSummary', {}, caller)).SummaryMap as Record<string, number>).GlobalEndpointTokenVersion;

  test('GlobalEndpointTokenVersion is 1 until the account sets v2Token, and 1 again after v1Token', async () => {
    assert.equal(await version(), 1);
    assert.deepEqual(await iam.call('SetSecurityTokenServicePreferences', { GlobalEndpointTokenVersion: 'v2Token' }), {});
    assert.equal(await version(), 2);
    // Setting the same version again changes nothing.
    await iam.call('SetSecurityTokenServicePreferences', { GlobalEndpointTokenVersion: 'v2Token' });
    assert.equal(await version(), 2);
    await iam.call('SetSecurityTokenServicePreferences', { GlobalEndpointTokenVersion: 'v1Token' });
    assert.equal(await version(), 1);
  });

  test('the preference is the account\'s own', async () => {
    const other = rootCaller('aws', OTHER, 'AKIAOTHEROTHEROTHER1');
    await iam.call('SetSecurityTokenServicePreferences', { GlobalEndpointTokenVersion: 'v2Token' }, other);
    assert.equal(await version(other), 2);
    assert.equal(await version(), 1);
  });

  test('a value outside the enum is refused and changes nothing', async () => {
    assert.equal(await iam.fails('SetSecurityTokenServicePreferences', { GlobalEndpointTokenVersion: 'v3Token' }, 'InvalidInput', 400),
      'Invalid GlobalEndpointTokenVersion: v3Token.');
    await iam.fails('SetSecurityTokenServicePreferences', {}, 'ValidationError', 400);
    assert.equal(await version(), 1);
  });
});
