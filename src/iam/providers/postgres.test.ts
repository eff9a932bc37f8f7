// Identity providers on PostgreSQL (SERIALIZABLE, work functions retried on serialization failures):
// racing creates of one provider through the operations never make two, and racing creates of distinct
// providers never pass the per-account quota. Rules: API_CreateOpenIDConnectProvider,
// API_CreateSAMLProvider, "IAM and AWS STS quotas".
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type IamHarness, openIamHarness } from '../test-support/harness.js';
import { onThrowawayPostgres } from '../test-support/postgres.js';
import { idpMetadata } from './test-support/idp-metadata.js';

describe('IAM identity providers on PostgreSQL', () => {
  let iam: IamHarness;
  onThrowawayPostgres((databaseUrl) => openIamHarness({ databaseUrl }), (harness) => {
    iam = harness;
  });

  const codes = (results: PromiseSettledResult<unknown>[]) =>
    results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as { code?: string }).code ?? String(r.reason)));

  test('racing CreateOpenIDConnectProvider of one URL: one provider, the rest EntityAlreadyExists', async () => {
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => iam.call('CreateOpenIDConnectProvider', { Url: 'https://race.example.com' })));
    assert.deepEqual(codes(results).sort(), ['EntityAlreadyExists', 'EntityAlreadyExists', 'EntityAlreadyExists', 'EntityAlreadyExists', 'EntityAlreadyExists', 'ok']);
    assert.equal(((await iam.call('ListOpenIDConnectProviders')).OpenIDConnectProviderList as unknown[]).length, 1);
  });

  test('racing CreateSAMLProvider of one name in several cases: one provider', async () => {
    const metadata = idpMetadata();
    const results = await Promise.allSettled(['okta', 'OKTA', 'Okta', 'oKta'].map((Name) => iam.call('CreateSAMLProvider', { Name, SAMLMetadataDocument: metadata })));
    assert.deepEqual(codes(results).filter((c) => c === 'ok'), ['ok']);
    assert.equal(((await iam.call('ListSAMLProviders')).SAMLProviderList as unknown[]).length, 1);
  });

  test('racing creates of distinct OIDC providers at the quota: never more than 100', async () => {
    for (let i = 1; i < 96; i++) await iam.call('CreateOpenIDConnectProvider', { Url: `https://idp${i}.example.com` });
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => iam.call('CreateOpenIDConnectProvider', { Url: `https://late${i}.example.com` })));
    assert.equal(codes(results).filter((c) => c === 'ok').length, 4);
    assert.equal(codes(results).filter((c) => c === 'LimitExceeded').length, 6);
    assert.equal(((await iam.call('ListOpenIDConnectProviders')).OpenIDConnectProviderList as unknown[]).length, 100);
  });
});
