// Service tests of the SAML provider operations on a real SQLite store. Rules: API_CreateSAMLProvider,
// API_GetSAMLProvider, API_UpdateSAMLProvider, API_DeleteSAMLProvider, API_ListSAMLProviders,
// API_TagSAMLProvider (IAM API Reference); the aws CLI's get-saml-provider example (ValidUntil = upload + 100 years).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, type IamHarness, NOW, openIamHarness } from '../test-support/harness.js';
import { idpMetadata } from './test-support/idp-metadata.js';

const arnOf = (name: string) => `arn:aws:iam::${ACCOUNT}:saml-provider/${name}`;

describe('IAM SAML providers (service, SQLite)', () => {
  let iam: IamHarness;
  before(async () => {
    iam = await openIamHarness();
  });
  after(async () => iam.close());

  test('Create without validUntil: ValidUntil is 100 years on; Get answers the document as uploaded, UUID, tags sorted by key', async () => {
    const before = iam.changes.length;
    const metadata = idpMetadata();
    const created = await iam.call('CreateSAMLProvider', {
      Name: 'Okta', SAMLMetadataDocument: metadata, Tags: [{ Key: 'z', Value: '1' }, { Key: 'a', Value: '2' }],
    });
    assert.deepEqual(created, { SAMLProviderArn: arnOf('Okta'), Tags: [{ Key: 'z', Value: '1' }, { Key: 'a', Value: '2' }] });
    assert.deepEqual(iam.changes.slice(before), [ACCOUNT]);
    const got = await iam.call('GetSAMLProvider', { SAMLProviderArn: arnOf('Okta') });
    assert.equal(got.SAMLMetadataDocument, metadata);
    assert.deepEqual(got.CreateDate, new Date(NOW));
    assert.deepEqual(got.ValidUntil, new Date(Date.UTC(2126, 10, 25, 12, 0, 0)));
    assert.match(got.SAMLProviderUUID as string, /^[A-Z0-9]{22,64}$/);
    assert.deepEqual(got.Tags, [{ Key: 'a', Value: '2' }, { Key: 'z', Value: '1' }]);
    assert.equal(got.AssertionEncryptionMode, undefined);
  });

  test('Create with validUntil in the metadata: ValidUntil is that time; List answers Arn, ValidUntil, CreateDate', async () => {
    await iam.call('CreateSAMLProvider', { Name: 'adfs', SAMLMetadataDocument: idpMetadata('urn:adfs', '2030-01-02T03:04:05Z'), AssertionEncryptionMode: 'Allowed' });
    const got = await iam.call('GetSAMLProvider', { SAMLProviderArn: arnOf('adfs') });
    assert.deepEqual(got.ValidUntil, new Date('2030-01-02T03:04:05Z'));
    assert.equal(got.AssertionEncryptionMode, 'Allowed');
    assert.deepEqual(await iam.call('ListSAMLProviders'), { SAMLProviderList: [
      { Arn: arnOf('adfs'), ValidUntil: new Date('2030-01-02T03:04:05Z'), CreateDate: new Date(NOW) },
      { Arn: arnOf('Okta'), ValidUntil: new Date(Date.UTC(2126, 10, 25, 12, 0, 0)), CreateDate: new Date(NOW) },
    ] });
  });

  test('Create errors: taken name in any case, metadata that is not SAML 2.0 IdP metadata, encryption; nothing written', async () => {
    const before = iam.changes.length;
    assert.equal(await iam.fails('CreateSAMLProvider', { Name: 'OKTA', SAMLMetadataDocument: idpMetadata() }, 'EntityAlreadyExists', 409),
      'Provider with name OKTA already exists.');
    const notIdp = idpMetadata().replaceAll('IDPSSODescriptor', 'SPSSODescriptor');
    const wrongNs = idpMetadata().replace('urn:oasis:names:tc:SAML:2.0:metadata', 'urn:example:other');
    const broken = idpMetadata().replace('</md:EntityDescriptor>', '');
    const doctype = `<!DOCTYPE x [<!ENTITY a "aaaa">]>${idpMetadata().replace('<?xml version="1.0" encoding="UTF-8"?>', '')}`;
    const badDate = idpMetadata('urn:x', 'tomorrow');
    for (const document of [notIdp, wrongNs, broken, doctype, badDate, 'x'.repeat(1000)]) {
      assert.equal(await iam.fails('CreateSAMLProvider', { Name: 'bad', SAMLMetadataDocument: document }, 'InvalidInput', 400), 'Could not parse metadata');
    }
    assert.equal(await iam.fails('CreateSAMLProvider', { Name: 'enc', SAMLMetadataDocument: idpMetadata(), AssertionEncryptionMode: 'Required' }, 'NotImplemented', 501),
      'Ward does not decrypt SAML assertions: AssertionEncryptionMode Required is not supported.');
    await iam.fails('CreateSAMLProvider', { Name: 'enc', SAMLMetadataDocument: idpMetadata(), AddPrivateKey: '-----BEGIN' }, 'NotImplemented', 501);
    assert.equal(iam.changes.length, before);
  });

  test('Update replaces the document and its validUntil; answers the ARN', async () => {
    const updated = await iam.call('UpdateSAMLProvider', { SAMLProviderArn: arnOf('adfs'), SAMLMetadataDocument: idpMetadata('urn:adfs2', '2031-05-06T00:00:00Z') });
    assert.deepEqual(updated, { SAMLProviderArn: arnOf('adfs') });
    const got = await iam.call('GetSAMLProvider', { SAMLProviderArn: arnOf('adfs') });
    assert.match(got.SAMLMetadataDocument as string, /urn:adfs2/);
    assert.deepEqual(got.ValidUntil, new Date('2031-05-06T00:00:00Z'));
    await iam.fails('UpdateSAMLProvider', { SAMLProviderArn: arnOf('adfs'), SAMLMetadataDocument: '<x/>'.padEnd(1000, ' ') }, 'InvalidInput');
    await iam.fails('UpdateSAMLProvider', { SAMLProviderArn: arnOf('adfs'), RemovePrivateKey: 'ABCDEFGHIJKLMNOPQRSTUVWX' }, 'NotImplemented');
  });

  test('unknown and malformed ARNs: NoSuchEntity "Manifest not found for arn", InvalidInput', async () => {
    const ghost = arnOf('ghost');
    for (const action of ['GetSAMLProvider', 'UpdateSAMLProvider', 'DeleteSAMLProvider', 'TagSAMLProvider', 'UntagSAMLProvider', 'ListSAMLProviderTags']) {
      assert.equal(await iam.fails(action, { SAMLProviderArn: ghost, Tags: [], TagKeys: [] }, 'NoSuchEntity', 404), `Manifest not found for arn ${ghost}`, action);
    }
    await iam.fails('GetSAMLProvider', { SAMLProviderArn: 'arn:aws:iam::999988887777:saml-provider/Okta' }, 'NoSuchEntity');
    await iam.fails('GetSAMLProvider', { SAMLProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/Okta` }, 'InvalidInput');
  });

  test('tags: Tag, Untag, List with paging', async () => {
    const arn = arnOf('Okta');
    await iam.call('TagSAMLProvider', { SAMLProviderArn: arn, Tags: [{ Key: 'A', Value: 'changed' }, { Key: 'b', Value: '3' }] });
    assert.deepEqual((await iam.call('ListSAMLProviderTags', { SAMLProviderArn: arn })).Tags,
      [{ Key: 'z', Value: '1' }, { Key: 'A', Value: 'changed' }, { Key: 'b', Value: '3' }]);
    await iam.call('UntagSAMLProvider', { SAMLProviderArn: arn, TagKeys: ['Z', 'b'] });
    const page = await iam.call('ListSAMLProviderTags', { SAMLProviderArn: arn, MaxItems: 1 });
    assert.deepEqual(page.Tags, [{ Key: 'A', Value: 'changed' }]);
    assert.equal(page.IsTruncated, false);
  });

  test('Delete, then the name is free again; the 101st provider is LimitExceeded', async () => {
    await iam.call('DeleteSAMLProvider', { SAMLProviderArn: arnOf('adfs') });
    await iam.fails('GetSAMLProvider', { SAMLProviderArn: arnOf('adfs') }, 'NoSuchEntity');
    const metadata = idpMetadata();
    for (let i = 1; i < 100; i++) await iam.call('CreateSAMLProvider', { Name: `idp-${i}`, SAMLMetadataDocument: metadata });
    assert.equal(await iam.fails('CreateSAMLProvider', { Name: 'adfs', SAMLMetadataDocument: metadata }, 'LimitExceeded', 409),
      'Cannot exceed quota for SamlProvidersPerAccount: 100');
  });
});
