// Service tests of the OpenID Connect provider operations on a real SQLite store. Rules:
// API_CreateOpenIDConnectProvider, API_GetOpenIDConnectProvider, API_DeleteOpenIDConnectProvider,
// API_AddClientIDToOpenIDConnectProvider, API_RemoveClientIDFromOpenIDConnectProvider,
// API_UpdateOpenIDConnectProviderThumbprint, API_TagOpenIDConnectProvider (IAM API Reference) and
// "IAM and AWS STS quotas" (IAM User Guide).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, type IamHarness, NOW, openIamHarness } from '../test-support/harness.js';

const THUMB = '9e99a48a9960b14926bb7f3b02e22da2b0ab7280';
const arnOf = (name: string) => `arn:aws:iam::${ACCOUNT}:oidc-provider/${name}`;

describe('IAM OpenID Connect providers (service, SQLite)', () => {
  let iam: IamHarness;
  before(async () => {
    iam = await openIamHarness();
  });
  after(async () => iam.close());

  test('Create: the ARN is the URL without https://; Get answers Url without scheme, lists, date, tags; announced once', async () => {
    const before = iam.changes.length;
    const created = await iam.call('CreateOpenIDConnectProvider', {
      Url: 'https://token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com', 'sts.amazonaws.com', 'other'],
      ThumbprintList: [THUMB], Tags: [{ Key: 'team', Value: 'ci' }],
    });
    assert.deepEqual(created, { OpenIDConnectProviderArn: arnOf('token.actions.githubusercontent.com'), Tags: [{ Key: 'team', Value: 'ci' }] });
    assert.deepEqual(iam.changes.slice(before), [ACCOUNT]);
    const got = await iam.call('GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arnOf('token.actions.githubusercontent.com') });
    assert.deepEqual(got, {
      Url: 'token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com', 'other'], ThumbprintList: [THUMB],
      CreateDate: new Date(NOW), Tags: [{ Key: 'team', Value: 'ci' }],
    });
  });

  test('Create: a path is part of the name; thumbprints may be omitted; no tags → no Tags member', async () => {
    const created = await iam.call('CreateOpenIDConnectProvider', { Url: 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC123' });
    assert.deepEqual(created, { OpenIDConnectProviderArn: arnOf('oidc.eks.us-east-1.amazonaws.com/id/ABC123') });
    const got = await iam.call('GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arnOf('oidc.eks.us-east-1.amazonaws.com/id/ABC123') });
    assert.deepEqual(got.ClientIDList, []);
    assert.deepEqual(got.ThumbprintList, []);
    assert.equal(got.Tags, undefined);
  });

  test('Create errors: same URL (EntityAlreadyExists), bad URLs, thumbprints, client-id quota; nothing written', async () => {
    const before = iam.changes.length;
    assert.equal(await iam.fails('CreateOpenIDConnectProvider', { Url: 'https://token.actions.githubusercontent.com' }, 'EntityAlreadyExists', 409),
      'Provider with url https://token.actions.githubusercontent.com already exists.');
    for (const url of ['http://example.com', 'https://', 'https://example.com?x=1', 'https://example.com/#f', 'example.com', 'https:///path']) {
      assert.equal(await iam.fails('CreateOpenIDConnectProvider', { Url: url }, 'InvalidInput', 400), 'Invalid Open ID Connect Provider URL', url);
    }
    assert.equal(await iam.fails('CreateOpenIDConnectProvider', { Url: 'https://six.example.com', ThumbprintList: Array(6).fill(THUMB) }, 'InvalidInput', 400),
      'Thumbprint list must contain fewer than 5 entries.');
    await iam.fails('CreateOpenIDConnectProvider', { Url: 'https://hex.example.com', ThumbprintList: ['z'.repeat(40)] }, 'InvalidInput', 400);
    const ids = Array.from({ length: 101 }, (_, i) => `client-${i}`);
    assert.equal(await iam.fails('CreateOpenIDConnectProvider', { Url: 'https://many.example.com', ClientIDList: ids }, 'LimitExceeded', 409),
      'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100');
    await iam.fails('CreateOpenIDConnectProvider', { Url: 'https://tags.example.com', Tags: [{ Key: 'aws:x', Value: '1' }] }, 'InvalidInput');
    assert.equal(iam.changes.length, before);
    const list = await iam.call('ListOpenIDConnectProviders');
    assert.deepEqual(list, { OpenIDConnectProviderList: [
      { Arn: arnOf('oidc.eks.us-east-1.amazonaws.com/id/ABC123') }, { Arn: arnOf('token.actions.githubusercontent.com') },
    ] });
  });

  test('Add/RemoveClientID are idempotent; the 101st client id is LimitExceeded', async () => {
    const arn = arnOf('oidc.eks.us-east-1.amazonaws.com/id/ABC123');
    await iam.call('AddClientIDToOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ClientID: 'a' });
    await iam.call('AddClientIDToOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ClientID: 'a' });
    await iam.call('AddClientIDToOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ClientID: 'b' });
    await iam.call('RemoveClientIDFromOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ClientID: 'a' });
    await iam.call('RemoveClientIDFromOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ClientID: 'never-added' });
    assert.deepEqual((await iam.call('GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn })).ClientIDList, ['b']);
    for (let i = 1; i < 100; i++) await iam.call('AddClientIDToOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ClientID: `c${i}` });
    assert.equal(((await iam.call('GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn })).ClientIDList as string[]).length, 100);
    assert.equal(await iam.fails('AddClientIDToOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ClientID: 'one-more' }, 'LimitExceeded', 409),
      'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100');
    await iam.call('AddClientIDToOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ClientID: 'b' });
  });

  test('UpdateOpenIDConnectProviderThumbprint replaces the list; six is InvalidInput', async () => {
    const arn = arnOf('token.actions.githubusercontent.com');
    const other = 'a'.repeat(40);
    await iam.call('UpdateOpenIDConnectProviderThumbprint', { OpenIDConnectProviderArn: arn, ThumbprintList: [other, THUMB] });
    assert.deepEqual((await iam.call('GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn })).ThumbprintList, [other, THUMB]);
    await iam.fails('UpdateOpenIDConnectProviderThumbprint', { OpenIDConnectProviderArn: arn, ThumbprintList: Array(6).fill(other) }, 'InvalidInput');
  });

  test('unknown and malformed ARNs: NoSuchEntity in IAM words, InvalidInput for a non-provider ARN', async () => {
    const ghost = arnOf('ghost.example.com');
    for (const action of ['GetOpenIDConnectProvider', 'AddClientIDToOpenIDConnectProvider', 'RemoveClientIDFromOpenIDConnectProvider',
      'ListOpenIDConnectProviderTags', 'TagOpenIDConnectProvider', 'UntagOpenIDConnectProvider', 'UpdateOpenIDConnectProviderThumbprint']) {
      assert.equal(await iam.fails(action, { OpenIDConnectProviderArn: ghost, ClientID: 'x', ThumbprintList: [], Tags: [], TagKeys: [] }, 'NoSuchEntity', 404),
        `OpenIDConnect Provider not found for arn ${ghost}`, action);
    }
    // Another account's provider and another spelling of the ARN name nothing here.
    await iam.fails('GetOpenIDConnectProvider', { OpenIDConnectProviderArn: 'arn:aws:iam::999988887777:oidc-provider/token.actions.githubusercontent.com' }, 'NoSuchEntity');
    await iam.fails('GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arnOf('TOKEN.actions.githubusercontent.com') }, 'NoSuchEntity');
    await iam.fails('GetOpenIDConnectProvider', { OpenIDConnectProviderArn: 'arn:aws-cn:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }, 'NoSuchEntity');
    assert.equal(await iam.fails('GetOpenIDConnectProvider', { OpenIDConnectProviderArn: `arn:aws:iam::${ACCOUNT}:role/x` }, 'InvalidInput', 400),
      `ARN arn:aws:iam::${ACCOUNT}:role/x is not valid.`);
  });

  test('tags: Tag merges ignoring case, Untag ignores absent keys, List pages; 51st tag is LimitExceeded', async () => {
    const arn = arnOf('token.actions.githubusercontent.com');
    await iam.call('TagOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, Tags: [{ Key: 'TEAM', Value: 'platform' }, { Key: 'env', Value: 'prod' }] });
    assert.deepEqual((await iam.call('ListOpenIDConnectProviderTags', { OpenIDConnectProviderArn: arn })).Tags,
      [{ Key: 'TEAM', Value: 'platform' }, { Key: 'env', Value: 'prod' }]);
    const page = await iam.call('ListOpenIDConnectProviderTags', { OpenIDConnectProviderArn: arn, MaxItems: 1 });
    assert.equal(page.IsTruncated, true);
    const rest = await iam.call('ListOpenIDConnectProviderTags', { OpenIDConnectProviderArn: arn, Marker: page.Marker });
    assert.deepEqual(rest, { Tags: [{ Key: 'env', Value: 'prod' }], IsTruncated: false });
    await iam.call('UntagOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, TagKeys: ['team', 'nope'] });
    assert.deepEqual((await iam.call('ListOpenIDConnectProviderTags', { OpenIDConnectProviderArn: arn })).Tags, [{ Key: 'env', Value: 'prod' }]);
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    assert.equal(await iam.fails('TagOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, Tags: many }, 'LimitExceeded', 409),
      'The number of tags has reached the maximum limit.');
  });

  test('Delete removes the provider and is idempotent for one that does not exist', async () => {
    const arn = arnOf('token.actions.githubusercontent.com');
    await iam.call('DeleteOpenIDConnectProvider', { OpenIDConnectProviderArn: arn });
    await iam.fails('GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn }, 'NoSuchEntity');
    assert.deepEqual(await iam.call('DeleteOpenIDConnectProvider', { OpenIDConnectProviderArn: arn }), {});
    await iam.fails('DeleteOpenIDConnectProvider', { OpenIDConnectProviderArn: 'not-an-arn' }, 'InvalidInput');
    // The same URL can be registered again.
    await iam.call('CreateOpenIDConnectProvider', { Url: 'https://token.actions.githubusercontent.com' });
  });

  test('the 101st provider of an account is LimitExceeded', async () => {
    const existing = ((await iam.call('ListOpenIDConnectProviders')).OpenIDConnectProviderList as unknown[]).length;
    for (let i = existing; i < 100; i++) await iam.call('CreateOpenIDConnectProvider', { Url: `https://idp${i}.example.com` });
    assert.equal(await iam.fails('CreateOpenIDConnectProvider', { Url: 'https://one-more.example.com' }, 'LimitExceeded', 409),
      'Cannot exceed quota for OpenIdConnectProvidersPerAccount: 100');
  });
});
