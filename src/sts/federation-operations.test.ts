// AssumeRoleWithWebIdentity and AssumeRoleWithSAML in process: the trust policy with a Federated principal
// and the provider's condition keys, DurationSeconds, session policies, SAML session tags (sts:TagSession),
// SessionNotOnOrAfter, and the session's aws:FederatedProvider.
// Rules: API_AssumeRoleWithWebIdentity, API_AssumeRoleWithSAML (https://docs.aws.amazon.com/STS/latest/APIReference/),
// "Passing session tags in AWS STS" (id_session-tags.html).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Caller } from '../authn/caller.js';
import { ACCOUNT, NOW } from '../iam/test-support/harness.js';
import { isAwsError } from '../kernel/index.js';
import { directoryJwksSource, jwksFileName } from './jwks-source.js';
import { type TestIssuer, type TestSamlIdp, makeIssuer, makeSamlIdp, samlAssertion } from './test-support/federation-idps.js';
import { type StsHarness, openStsHarness } from './test-support/sts-harness.js';

const ISSUER = 'https://oidc.ward.test/main';
const OIDC_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.ward.test/main`;
const SAML_ARN = `arn:aws:iam::${ACCOUNT}:saml-provider/Corp`;
const ANONYMOUS: Caller = { kind: 'anonymous' };

function trust(principal: Record<string, string>, action: string | string[], condition?: Record<string, unknown>): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: action, ...(condition ? { Condition: condition } : {}) }] });
}

async function fails(promise: Promise<unknown>, code: string): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isAwsError(error), String(error));
    assert.equal(error.code, code, error.message);
    return error.message;
  }
  assert.fail(`expected ${code}`);
}

describe('federation operations', () => {
  let sts: StsHarness;
  let issuer: TestIssuer;
  let idp: TestSamlIdp;
  const dir = mkdtempSync(join(tmpdir(), 'ward-jwks-'));

  before(async () => {
    issuer = await makeIssuer(ISSUER);
    idp = makeSamlIdp();
    writeFileSync(join(dir, jwksFileName(ISSUER)), JSON.stringify(issuer.jwks));
    sts = await openStsHarness({ jwks: directoryJwksSource(dir) });
    await sts.admin('CreateOpenIDConnectProvider', { Url: ISSUER, ClientIDList: ['app-1'] });
    await sts.admin('CreateSAMLProvider', { Name: 'Corp', SAMLMetadataDocument: idp.metadata });
    await sts.admin('CreateRole', {
      RoleName: 'Web', MaxSessionDuration: 7200,
      AssumeRolePolicyDocument: trust({ Federated: OIDC_ARN }, 'sts:AssumeRoleWithWebIdentity', { StringEquals: { 'oidc.ward.test/main:sub': 'user-1' } }),
    });
    await sts.admin('CreateRole', { RoleName: 'NotFederated', AssumeRolePolicyDocument: trust({ AWS: ACCOUNT }, 'sts:AssumeRoleWithWebIdentity') });
    await sts.admin('CreateRole', {
      RoleName: 'ByProvider',
      AssumeRolePolicyDocument: trust({ Federated: OIDC_ARN }, 'sts:AssumeRoleWithWebIdentity', { StringEquals: { 'aws:FederatedProvider': OIDC_ARN } }),
    });
    await sts.admin('CreateRole', {
      RoleName: 'WebTags', AssumeRolePolicyDocument: trust({ Federated: OIDC_ARN }, ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity'],
        { StringEquals: { 'aws:RequestTag/team': 'red' } }),
    });
    await sts.admin('CreateRole', { RoleName: 'Saml', AssumeRolePolicyDocument: trust({ Federated: SAML_ARN }, 'sts:AssumeRoleWithSAML', { StringEquals: { 'saml:sub_type': 'persistent' } }) });
    await sts.admin('CreateRole', { RoleName: 'SamlTags', AssumeRolePolicyDocument: trust({ Federated: SAML_ARN }, ['sts:AssumeRoleWithSAML', 'sts:TagSession']) });
  });
  after(async () => {
    await sts.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const web = async (role: string, claims: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    sts.request(ANONYMOUS, 'sts', 'AssumeRoleWithWebIdentity', {
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/${role}`, RoleSessionName: 's1', WebIdentityToken: await issuer.sign(claims, { at: NOW }), ...extra,
    });

  test('web identity: the trust policy\'s condition on <issuer>:sub decides', async () => {
    const out = await web('Web', { sub: 'user-1', aud: 'app-1' });
    assert.equal((out.AssumedRoleUser as { Arn: string }).Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/Web/s1`);
    assert.equal(await fails(web('Web', { sub: 'user-2', aud: 'app-1' }), 'AccessDenied'), 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
  });

  test('web identity: a trust policy naming an AWS principal, not the provider, denies', async () => {
    await fails(web('NotFederated', { sub: 'user-1', aud: 'app-1' }), 'AccessDenied');
  });

  test('web identity: aws:FederatedProvider in the trust context and in the session', async () => {
    const out = await web('ByProvider', { sub: 'u', aud: 'app-1' });
    const caller = sts.callerOf(out.Credentials);
    assert.equal(caller.kind === 'assumed-role' ? caller.session.federatedProvider : undefined, OIDC_ARN);
  });

  test('web identity: DurationSeconds up to the role\'s maximum; a session policy packs', async () => {
    const out = await web('Web', { sub: 'user-1', aud: 'app-1' }, {
      DurationSeconds: 7200, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }] }),
    });
    assert.equal((out.Credentials as { Expiration: Date }).Expiration.getTime(), NOW + 7200_000);
    assert.equal(typeof out.PackedPolicySize, 'number');
    await fails(web('Web', { sub: 'user-1', aud: 'app-1' }, { DurationSeconds: 7201 }), 'ValidationError');
  });

  test('web identity: the https://aws.amazon.com/tags and source_identity claims need sts:TagSession / sts:SetSourceIdentity', async () => {
    const claims = {
      sub: 'user-1', aud: 'app-1', 'https://aws.amazon.com/source_identity': 'alice',
      'https://aws.amazon.com/tags': { principal_tags: { team: ['red'] }, transitive_tag_keys: ['team'] },
    };
    await fails(web('Web', claims), 'AccessDenied');
    const out = await web('WebTags', claims);
    assert.equal(out.SourceIdentity, 'alice');
    const caller = sts.callerOf(out.Credentials);
    assert.deepEqual(caller.kind === 'assumed-role' ? [caller.session.tags, caller.session.transitiveTagKeys, caller.session.sourceIdentity] : [],
      [[{ Key: 'team', Value: 'red' }], ['team'], 'alice']);
    await fails(web('WebTags', { ...claims, 'https://aws.amazon.com/tags': { principal_tags: { team: ['blue'] } } }), 'AccessDenied');
  });

  const saml = (role: string, spec: Partial<Parameters<typeof samlAssertion>[1]> = {}) =>
    sts.request(ANONYMOUS, 'sts', 'AssumeRoleWithSAML', {
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/${role}`, PrincipalArn: SAML_ARN,
      SAMLAssertion: samlAssertion(idp, { roleArn: `arn:aws:iam::${ACCOUNT}:role/${role}`, providerArn: SAML_ARN, at: NOW, ...spec }),
    });

  test('SAML: saml:sub_type in the trust policy; the response names subject and issuer', async () => {
    const out = await saml('Saml');
    assert.deepEqual([out.Subject, out.SubjectType, out.Issuer], ['alice', 'persistent', idp.entityId]);
    assert.equal((out.AssumedRoleUser as { Arn: string }).Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/Saml/alice@example.test`);
  });

  test('SAML: PrincipalTag attributes need sts:TagSession in the trust policy, and become session tags', async () => {
    const tagged = { extraAttributes: { 'https://aws.amazon.com/SAML/Attributes/PrincipalTag:team': 'red' } };
    await fails(saml('Saml', tagged), 'AccessDenied');
    const out = await saml('SamlTags', tagged);
    const caller = sts.callerOf(out.Credentials);
    assert.deepEqual(caller.kind === 'assumed-role' ? caller.session.tags : undefined, [{ Key: 'team', Value: 'red' }]);
  });

  test('SAML: the session ends by SessionNotOnOrAfter when that is sooner than DurationSeconds', async () => {
    const out = await saml('Saml', { sessionFor: 1200 });
    assert.equal((out.Credentials as { Expiration: Date }).Expiration.getTime(), NOW + 1200_000);
  });

  test('SAML: a role pair for another role is AccessDenied; an unknown provider InvalidIdentityToken', async () => {
    await fails(saml('Saml', { roleArn: `arn:aws:iam::${ACCOUNT}:role/SamlTags` }), 'AccessDenied');
    await fails(sts.request(ANONYMOUS, 'sts', 'AssumeRoleWithSAML', {
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/Saml`, PrincipalArn: `arn:aws:iam::${ACCOUNT}:saml-provider/Nope`,
      SAMLAssertion: samlAssertion(idp, { roleArn: `arn:aws:iam::${ACCOUNT}:role/Saml`, providerArn: SAML_ARN, at: NOW }),
    }), 'InvalidIdentityToken');
  });
});
