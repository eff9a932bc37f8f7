// End to end: OpenID Connect and SAML providers against a real Ward process, with boto3, the aws CLI and
// the AWS SDK for JavaScript v3. Error codes and statuses: each operation's API reference page
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Operations.html).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateSAMLProviderCommand, GetOpenIDConnectProviderCommand, GetSAMLProviderCommand, ListOpenIDConnectProvidersCommand,
  CreateOpenIDConnectProviderCommand,
} from '@aws-sdk/client-iam';
import { useWard } from '../../server/test-support/use-ward.js';
import { BOTO3_IAM_PRELUDE, awsCli, boto3, iamClient } from '../../server/test-support/clients.js';
import { idpMetadata } from './test-support/idp-metadata.js';

const ACCOUNT = '777788889999';

const BOTO3_SCRIPT = String.raw`${BOTO3_IAM_PRELUDE}
thumb = '9e99a48a9960b14926bb7f3b02e22da2b0ab7280'
arn = iam.create_open_id_connect_provider(Url='https://token.actions.githubusercontent.com', ClientIDList=['sts.amazonaws.com'],
    ThumbprintList=[thumb], Tags=[{'Key': 'team', 'Value': 'ci'}])['OpenIDConnectProviderArn']
out['oidcArn'] = arn
g = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
out['oidcGet'] = {'Url': g['Url'], 'ClientIDList': g['ClientIDList'], 'ThumbprintList': g['ThumbprintList'], 'Tags': g.get('Tags'), 'HasDate': 'CreateDate' in g}
iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID='my-app')
iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID='my-app')
iam.remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID='sts.amazonaws.com')
iam.update_open_id_connect_provider_thumbprint(OpenIDConnectProviderArn=arn, ThumbprintList=['a' * 40])
g = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
out['oidcAfter'] = [g['ClientIDList'], g['ThumbprintList']]
iam.tag_open_id_connect_provider(OpenIDConnectProviderArn=arn, Tags=[{'Key': 'env', 'Value': 'prod'}])
iam.untag_open_id_connect_provider(OpenIDConnectProviderArn=arn, TagKeys=['TEAM'])
out['oidcTags'] = iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=arn)['Tags']
out['oidcList'] = [p['Arn'] for p in iam.list_open_id_connect_providers()['OpenIDConnectProviderList']]
err('oidcExists', iam.create_open_id_connect_provider, Url='https://token.actions.githubusercontent.com', ThumbprintList=[thumb])
err('oidcSixThumbprints', iam.create_open_id_connect_provider, Url='https://six.example.com', ThumbprintList=[thumb] * 6)
err('oidcHttp', iam.create_open_id_connect_provider, Url='http://plain.example.com', ThumbprintList=[thumb])
err('oidcMissing', iam.get_open_id_connect_provider, OpenIDConnectProviderArn=arn + '-ghost')
iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
err('oidcDeletedTwice', iam.delete_open_id_connect_provider, OpenIDConnectProviderArn=arn)

metadata = os.environ['WARD_METADATA']
s = iam.create_saml_provider(Name='Okta', SAMLMetadataDocument=metadata, Tags=[{'Key': 'z', 'Value': '1'}, {'Key': 'a', 'Value': '2'}])
sarn = s['SAMLProviderArn']
out['samlArn'] = sarn
g = iam.get_saml_provider(SAMLProviderArn=sarn)
out['samlGet'] = {'Same': g['SAMLMetadataDocument'] == metadata, 'Years': g['ValidUntil'].year - g['CreateDate'].year, 'Tags': g['Tags'],
    'Uuid': len(g['SAMLProviderUUID'])}
iam.update_saml_provider(SAMLProviderArn=sarn, SAMLMetadataDocument=metadata.replace('entityID="https://idp.example.com/saml"', 'entityID="urn:x" validUntil="2031-02-03T04:05:06Z"'))
out['samlValidUntil'] = iam.get_saml_provider(SAMLProviderArn=sarn)['ValidUntil'].isoformat()
out['samlList'] = [[p['Arn'], p['ValidUntil'].isoformat()] for p in iam.list_saml_providers()['SAMLProviderList']]
iam.tag_saml_provider(SAMLProviderArn=sarn, Tags=[{'Key': 'b', 'Value': '3'}])
iam.untag_saml_provider(SAMLProviderArn=sarn, TagKeys=['z'])
out['samlTags'] = iam.list_saml_provider_tags(SAMLProviderArn=sarn)['Tags']
err('samlExists', iam.create_saml_provider, Name='OKTA', SAMLMetadataDocument=metadata)
err('samlNotMetadata', iam.create_saml_provider, Name='Bad', SAMLMetadataDocument='<notmetadata/>' + ' ' * 1000)
err('samlEncryption', iam.create_saml_provider, Name='Enc', SAMLMetadataDocument=metadata, AssertionEncryptionMode='Required')
iam.delete_saml_provider(SAMLProviderArn=sarn)
err('samlMissing', iam.get_saml_provider, SAMLProviderArn=sarn)
print(json.dumps(out))
`;

describe('IAM identity providers end to end (SQLite)', () => {
  const ward = useWard({ accountId: ACCOUNT });

  test('boto3: every OIDC and SAML operation and error', async () => {
    const result = await boto3(ward().root, `import os\nos.environ['WARD_METADATA'] = ${JSON.stringify(idpMetadata())}\n${BOTO3_SCRIPT}`);
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    const oidcArn = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
    assert.equal(out.oidcArn, oidcArn);
    assert.deepEqual(out.oidcGet, {
      Url: 'token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'], ThumbprintList: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'],
      Tags: [{ Key: 'team', Value: 'ci' }], HasDate: true,
    });
    assert.deepEqual(out.oidcAfter, [['my-app'], ['a'.repeat(40)]]);
    assert.deepEqual(out.oidcTags, [{ Key: 'env', Value: 'prod' }]);
    assert.deepEqual(out.oidcList, [oidcArn]);
    assert.deepEqual(out.oidcExists, ['EntityAlreadyExists', 409, 'Provider with url https://token.actions.githubusercontent.com already exists.']);
    assert.deepEqual(out.oidcSixThumbprints, ['InvalidInput', 400, 'Thumbprint list must contain fewer than 5 entries.']);
    assert.deepEqual(out.oidcHttp, ['InvalidInput', 400, 'Invalid Open ID Connect Provider URL']);
    assert.deepEqual(out.oidcMissing, ['NoSuchEntity', 404, `OpenIDConnect Provider not found for arn ${oidcArn}-ghost`]);
    assert.equal(out.oidcDeletedTwice, 'no error');

    const samlArn = `arn:aws:iam::${ACCOUNT}:saml-provider/Okta`;
    assert.equal(out.samlArn, samlArn);
    assert.deepEqual(out.samlGet, { Same: true, Years: 100, Tags: [{ Key: 'a', Value: '2' }, { Key: 'z', Value: '1' }], Uuid: 26 });
    assert.equal(out.samlValidUntil, '2031-02-03T04:05:06+00:00');
    assert.deepEqual(out.samlList, [[samlArn, '2031-02-03T04:05:06+00:00']]);
    assert.deepEqual(out.samlTags, [{ Key: 'a', Value: '2' }, { Key: 'b', Value: '3' }]);
    assert.deepEqual(out.samlExists, ['EntityAlreadyExists', 409, 'Provider with name OKTA already exists.']);
    assert.deepEqual(out.samlNotMetadata, ['InvalidInput', 400, 'Could not parse metadata']);
    assert.deepEqual((out.samlEncryption as unknown[]).slice(0, 2), ['NotImplemented', 501]);
    assert.deepEqual(out.samlMissing, ['NoSuchEntity', 404, `Manifest not found for arn ${samlArn}`]);
  });

  test('aws CLI: create-saml-provider from file://, get-open-id-connect-provider, delete errors', async () => {
    const file = join(ward().dataDir, 'metadata.xml');
    writeFileSync(file, idpMetadata('https://cli.example.com/saml'));
    const created = await awsCli(ward().root, ['iam', 'create-saml-provider', '--name', 'CliIdp', '--saml-metadata-document', `file://${file}`]);
    assert.equal(created.code, 0, created.stderr);
    assert.deepEqual(JSON.parse(created.stdout), { SAMLProviderArn: `arn:aws:iam::${ACCOUNT}:saml-provider/CliIdp` });
    const oidc = await awsCli(ward().root, ['iam', 'create-open-id-connect-provider', '--url', 'https://cli.example.com/oidc', '--client-id-list', 'a', 'b']);
    assert.equal(oidc.code, 0, oidc.stderr);
    const arn = (JSON.parse(oidc.stdout) as { OpenIDConnectProviderArn: string }).OpenIDConnectProviderArn;
    assert.equal(arn, `arn:aws:iam::${ACCOUNT}:oidc-provider/cli.example.com/oidc`);
    const got = await awsCli(ward().root, ['iam', 'get-open-id-connect-provider', '--open-id-connect-provider-arn', arn]);
    assert.equal(got.code, 0, got.stderr);
    const provider = JSON.parse(got.stdout) as Record<string, unknown>;
    assert.equal(provider.Url, 'cli.example.com/oidc');
    assert.deepEqual(provider.ClientIDList, ['a', 'b']);
    assert.deepEqual(provider.ThumbprintList, []);
    const missing = await awsCli(ward().root, ['iam', 'delete-saml-provider', '--saml-provider-arn', `arn:aws:iam::${ACCOUNT}:saml-provider/Nope`]);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /\(NoSuchEntity\).*Manifest not found for arn/);
  });

  test('SDK v3: CreateOpenIDConnectProvider, ListOpenIDConnectProviders, SAML ValidUntil as a Date', async () => {
    const client = iamClient(ward().root);
    const { OpenIDConnectProviderArn: arn } = await client.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://sdk.example.com', ClientIDList: ['x'] }));
    const listed = await client.send(new ListOpenIDConnectProvidersCommand({}));
    assert.ok(listed.OpenIDConnectProviderList?.some((p) => p.Arn === arn));
    const got = await client.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.equal(got.Url, 'sdk.example.com');
    assert.ok(got.CreateDate instanceof Date);
    const { SAMLProviderArn } = await client.send(new CreateSAMLProviderCommand({ Name: 'SdkIdp', SAMLMetadataDocument: idpMetadata('urn:sdk', '2032-01-01T00:00:00Z') }));
    const saml = await client.send(new GetSAMLProviderCommand({ SAMLProviderArn }));
    assert.deepEqual(saml.ValidUntil, new Date('2032-01-01T00:00:00Z'));
    await assert.rejects(client.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://sdk.example.com' })), { name: 'EntityAlreadyExistsException' });
    client.destroy();
  });
});
