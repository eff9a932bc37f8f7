// Federation end to end with real clients: AssumeRoleWithWebIdentity (boto3, an aws CLI profile with
// role_arn + web_identity_token_file, SDK v3 fromTokenFile and fromWebToken) and AssumeRoleWithSAML (boto3).
// Rules: API_AssumeRoleWithWebIdentity, API_AssumeRoleWithSAML (https://docs.aws.amazon.com/STS/latest/APIReference/).
//
// The OIDC issuer is made by the test (jose keys). IAM requires an https provider URL
// (src/iam/providers/oidc-rules.ts), so the provider is registered as https://oidc.ward.test/main — a URL
// Ward never fetches — and its JWKS is served through the offline configuration, WARD_OIDC_JWKS_DIR
// (the discovery + JWKS fetch over loopback HTTP is tested in process, federation.test.ts).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTokenFile, fromWebToken } from '@aws-sdk/credential-providers';
import { useWard } from '../server/test-support/use-ward.js';
import { BOTO3_IAM_PRELUDE, boto3 } from '../server/test-support/clients.js';
import { jwksFileName } from './jwks-source.js';
import { type TestIssuer, makeIssuer, makeSamlIdp, samlAssertion } from './test-support/federation-idps.js';

const ACCOUNT = '111122223333';
const ISSUER = 'https://oidc.ward.test/main';
const OIDC_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.ward.test/main`;
const WEB_ROLE = `arn:aws:iam::${ACCOUNT}:role/WebRole`;
const SAML_ARN = `arn:aws:iam::${ACCOUNT}:saml-provider/Corp`;
const SAML_ROLE = `arn:aws:iam::${ACCOUNT}:role/SamlRole`;

describe('federation end to end', () => {
  const jwksDir = mkdtempSync(join(tmpdir(), 'ward-jwks-'));
  let issuer: TestIssuer;
  const idp = makeSamlIdp();
  before(async () => {
    issuer = await makeIssuer(ISSUER);
    writeFileSync(join(jwksDir, jwksFileName(ISSUER)), JSON.stringify(issuer.jwks));
  });
  const ward = useWard({ accountId: ACCOUNT, env: { WARD_OIDC_JWKS_DIR: jwksDir } });

  test('setup (boto3, as root): the providers and the roles that trust them', async () => {
    const script = String.raw`${BOTO3_IAM_PRELUDE}
iam.create_open_id_connect_provider(Url='${ISSUER}', ClientIDList=['app-1'])
web = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "${OIDC_ARN}"},
  "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"oidc.ward.test/main:aud": "app-1", "oidc.ward.test/main:sub": "user-1"}}}]}
iam.create_role(RoleName='WebRole', AssumeRolePolicyDocument=json.dumps(web), MaxSessionDuration=7200)
iam.put_role_policy(RoleName='WebRole', PolicyName='p', PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "iam:ListRoles", "Resource": "*"}]}))
p = iam.create_saml_provider(Name='Corp', SAMLMetadataDocument=${JSON.stringify(idp.metadata)})
saml = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "${SAML_ARN}"},
  "Action": "sts:AssumeRoleWithSAML", "Condition": {"StringEquals": {"saml:aud": "https://signin.aws.amazon.com/saml", "saml:sub": "alice"}}}]}
iam.create_role(RoleName='SamlRole', AssumeRolePolicyDocument=json.dumps(saml))
print(json.dumps({'saml': p['SAMLProviderArn']}))
`;
    const result = await boto3(ward().root, script);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as { saml: string }).saml, SAML_ARN);
  });

  test('boto3: assume_role_with_web_identity, the session, and AWS\'s errors', async () => {
    const good = await issuer.sign({ sub: 'user-1', aud: 'app-1' });
    const wrongSub = await issuer.sign({ sub: 'user-2', aud: 'app-1' });
    const wrongAud = await issuer.sign({ sub: 'user-1', aud: 'other' });
    const expired = await issuer.sign({ sub: 'user-1', aud: 'app-1' }, { expiresIn: -300 });
    const stranger = await (await makeIssuer('https://elsewhere.test')).sign({ sub: 'user-1', aud: 'app-1' });
    const script = String.raw`${BOTO3_IAM_PRELUDE}
from botocore import UNSIGNED
sts = boto3.client('sts', config=botocore.config.Config(signature_version=UNSIGNED))
r = sts.assume_role_with_web_identity(RoleArn='${WEB_ROLE}', RoleSessionName='web-1', WebIdentityToken='${good}', DurationSeconds=3600)
c = r['Credentials']
out['r'] = {'Arn': r['AssumedRoleUser']['Arn'], 'Subject': r['SubjectFromWebIdentityToken'], 'Provider': r['Provider'], 'Audience': r['Audience'],
  'Key': c['AccessKeyId'][:4]}
s = boto3.session.Session(aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'])
out['who'] = s.client('sts').get_caller_identity()['Arn']
out['roles'] = len(s.client('iam').list_roles()['Roles'])
err('listUsers', s.client('iam').list_users)
def call(name, token, **kw):
    err(name, sts.assume_role_with_web_identity, RoleArn=kw.get('role', '${WEB_ROLE}'), RoleSessionName='web-1', WebIdentityToken=token,
        **({'DurationSeconds': kw['d']} if 'd' in kw else {}))
call('wrongSub', '${wrongSub}')
call('wrongAud', '${wrongAud}')
call('expired', '${expired}')
call('stranger', '${stranger}')
call('garbage', 'not.a.jwt')
call('tooLong', '${good}', d=7201)
call('noRole', '${good}', role='arn:aws:iam::${ACCOUNT}:role/Nope')
print(json.dumps(out))
`;
    const result = await boto3(ward().root, script);
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.deepEqual(out.r, { Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/WebRole/web-1`, Subject: 'user-1', Provider: ISSUER, Audience: 'app-1', Key: 'ASIA' });
    assert.equal(out.who, `arn:aws:sts::${ACCOUNT}:assumed-role/WebRole/web-1`);
    assert.equal(out.roles, 2);
    assert.equal((out.listUsers as unknown[])[0], 'AccessDenied');
    assert.deepEqual(out.wrongSub, ['AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithWebIdentity']);
    assert.deepEqual(out.wrongAud, ['InvalidIdentityToken', 400, 'Incorrect token audience']);
    assert.deepEqual((out.expired as unknown[]).slice(0, 2), ['ExpiredTokenException', 400]);
    assert.match((out.expired as string[])[2] ?? '', /^Token expired: current date\/time \d+ must be before the expiration date\/time \d+$/);
    assert.deepEqual(out.stranger, ['InvalidIdentityToken', 400, 'No OpenIDConnect provider found in your account for https://elsewhere.test']);
    assert.deepEqual((out.garbage as unknown[]).slice(0, 2), ['InvalidIdentityToken', 400]);
    assert.deepEqual((out.tooLong as unknown[]).slice(0, 2), ['ValidationError', 400]);
    assert.deepEqual((out.noRole as unknown[]).slice(0, 2), ['AccessDenied', 403]);
  });

  test('aws CLI: a profile with role_arn and web_identity_token_file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ward-awscfg-'));
    try {
      writeFileSync(join(dir, 'token'), await issuer.sign({ sub: 'user-1', aud: 'app-1' }));
      writeFileSync(join(dir, 'config'), [
        '[profile web]', `role_arn = ${WEB_ROLE}`, `web_identity_token_file = ${join(dir, 'token')}`, 'role_session_name = cli-web', 'region = us-east-1', '',
      ].join('\n'));
      const env = {
        PATH: process.env.PATH ?? '', HOME: dir, PYENV_ROOT: process.env.PYENV_ROOT ?? '', AWS_CONFIG_FILE: join(dir, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'), AWS_ENDPOINT_URL: ward().url, AWS_MAX_ATTEMPTS: '1',
      };
      const { stdout } = await promisify(execFile)('aws', ['sts', 'get-caller-identity', '--profile', 'web', '--output', 'json'], { env });
      assert.equal((JSON.parse(stdout) as { Arn: string }).Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/WebRole/cli-web`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('SDK v3: fromTokenFile and fromWebToken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ward-token-'));
    try {
      const file = join(dir, 'token');
      writeFileSync(file, await issuer.sign({ sub: 'user-1', aud: 'app-1' }));
      const clientConfig = { endpoint: ward().url, region: 'us-east-1' };
      const viaFile = fromTokenFile({ webIdentityTokenFile: file, roleArn: WEB_ROLE, roleSessionName: 'sdk-file', clientConfig });
      const who = await new STSClient({ ...clientConfig, credentials: viaFile, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
      assert.equal(who.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/WebRole/sdk-file`);
      const viaToken = fromWebToken({ webIdentityToken: await issuer.sign({ sub: 'user-1', aud: 'app-1' }), roleArn: WEB_ROLE, roleSessionName: 'sdk-token', clientConfig });
      const who2 = await new STSClient({ ...clientConfig, credentials: viaToken, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
      assert.equal(who2.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/WebRole/sdk-token`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('boto3: assume_role_with_saml, the session, and AWS\'s errors', async () => {
    const spec = { roleArn: SAML_ROLE, providerArn: SAML_ARN };
    const good = samlAssertion(idp, spec);
    const other = samlAssertion(makeSamlIdp(), spec);
    const expired = samlAssertion(idp, { ...spec, validFor: -10 });
    const wrongAudience = samlAssertion(idp, { ...spec, audience: 'https://evil.test/saml' });
    const noRole = samlAssertion(idp, { ...spec, omitRole: true });
    const bob = samlAssertion(idp, { ...spec, subject: 'bob' });
    const script = String.raw`${BOTO3_IAM_PRELUDE}
from botocore import UNSIGNED
sts = boto3.client('sts', config=botocore.config.Config(signature_version=UNSIGNED))
r = sts.assume_role_with_saml(RoleArn='${SAML_ROLE}', PrincipalArn='${SAML_ARN}', SAMLAssertion='${good}')
c = r['Credentials']
out['r'] = {k: r[k] for k in ['Subject', 'SubjectType', 'Issuer', 'Audience', 'NameQualifier']}
out['r']['Arn'] = r['AssumedRoleUser']['Arn']
s = boto3.session.Session(aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'])
out['who'] = s.client('sts').get_caller_identity()['Arn']
def call(name, assertion, principal='${SAML_ARN}'):
    err(name, sts.assume_role_with_saml, RoleArn='${SAML_ROLE}', PrincipalArn=principal, SAMLAssertion=assertion)
call('otherIdp', '${other}')
call('expired', '${expired}')
call('wrongAudience', '${wrongAudience}')
call('noRole', '${noRole}')
call('untrustedSubject', '${bob}')
call('noProvider', '${good}', principal='arn:aws:iam::${ACCOUNT}:saml-provider/Nope')
print(json.dumps(out))
`;
    const result = await boto3(ward().root, script);
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    const r = out.r as Record<string, string>;
    assert.equal(r.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/SamlRole/alice@example.test`);
    assert.deepEqual([r.Subject, r.SubjectType, r.Issuer, r.Audience], ['alice', 'persistent', idp.entityId, 'https://signin.aws.amazon.com/saml']);
    assert.match(r.NameQualifier ?? '', /^[A-Za-z0-9+/]{27}=$/);
    assert.equal(out.who, `arn:aws:sts::${ACCOUNT}:assumed-role/SamlRole/alice@example.test`);
    assert.deepEqual((out.otherIdp as unknown[]).slice(0, 2), ['InvalidIdentityToken', 400]);
    assert.deepEqual((out.expired as unknown[]).slice(0, 2), ['ExpiredTokenException', 400]);
    assert.deepEqual((out.wrongAudience as unknown[]).slice(0, 2), ['InvalidIdentityToken', 400]);
    assert.deepEqual(out.noRole, ['AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithSAML']);
    assert.deepEqual(out.untrustedSubject, ['AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithSAML']);
    assert.deepEqual((out.noProvider as unknown[]).slice(0, 2), ['InvalidIdentityToken', 400]);
  });

  test('cleanup', () => rmSync(jwksDir, { recursive: true, force: true }));
});
