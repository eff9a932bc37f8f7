// STS end to end with real clients: boto3, the aws CLI (a role_arn + source_profile + external_id
// profile), the AWS SDK v3 (fromTemporaryCredentials), and an MFA-gated role.
// Rules: API_AssumeRole, API_GetSessionToken, API_GetFederationToken
// (https://docs.aws.amazon.com/STS/latest/APIReference/), "Role chaining", "Session policies",
// "Revoke IAM role temporary security credentials".
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import * as OTPAuth from 'otpauth';
import { useWard } from '../server/test-support/use-ward.js';
import { BOTO3_IAM_PRELUDE, boto3, runCommand } from '../server/test-support/clients.js';

const ACCOUNT = '111122223333';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/ops/App`;

/** Creates the role App (trusting the account, with an ExternalId) and the user alice with a key. */
const SETUP = String.raw`${BOTO3_IAM_PRELUDE}
trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::${ACCOUNT}:root"},
  "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"], "Condition": {"StringEquals": {"sts:ExternalId": "ext-1"}}}]}
iam.create_role(RoleName='App', Path='/ops/', AssumeRolePolicyDocument=json.dumps(trust), MaxSessionDuration=7200)
iam.put_role_policy(RoleName='App', PolicyName='p', PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": ["iam:ListRoles", "iam:ListUsers", "sts:AssumeRole", "sts:TagSession"], "Resource": "*"}]}))
iam.create_user(UserName='alice')
iam.put_user_policy(UserName='alice', PolicyName='p', PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity", "sts:GetFederationToken", "sts:GetAccessKeyInfo", "iam:ListUsers"], "Resource": "*"}]}))
k = iam.create_access_key(UserName='alice')['AccessKey']
print(json.dumps({'AccessKeyId': k['AccessKeyId'], 'SecretAccessKey': k['SecretAccessKey']}))
`;

describe('STS end to end', () => {
  const ward = useWard({ accountId: ACCOUNT });
  let alice: { AccessKeyId: string; SecretAccessKey: string };

  test('setup (boto3, as root)', async () => {
    const result = await boto3(ward().root, SETUP);
    assert.equal(result.code, 0, result.stderr);
    alice = JSON.parse(result.stdout) as typeof alice;
  });

  test('boto3: AssumeRole, the session\'s identity and permissions, chaining, tampering, GetSessionToken, GetFederationToken', async () => {
    const script = String.raw`${BOTO3_IAM_PRELUDE}
alice = boto3.client('sts', aws_access_key_id='${alice.AccessKeyId}', aws_secret_access_key='${alice.SecretAccessKey}')
arn = '${ROLE_ARN}'
err('noExternalId', alice.assume_role, RoleArn=arn, RoleSessionName='s1')
err('tooLong', alice.assume_role, RoleArn=arn, RoleSessionName='s1', ExternalId='ext-1', DurationSeconds=7201)
r = alice.assume_role(RoleArn=arn, RoleSessionName='s1', ExternalId='ext-1', DurationSeconds=900,
    Policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ListRoles", "Resource": "*"}]}),
    Tags=[{'Key': 'team', 'Value': 'red'}], TransitiveTagKeys=['team'], SourceIdentity='alice')
c = r['Credentials']
out['assumed'] = {'Arn': r['AssumedRoleUser']['Arn'], 'Id': r['AssumedRoleUser']['AssumedRoleId'], 'Key': c['AccessKeyId'][:4],
    'Packed': r['PackedPolicySize'], 'SourceIdentity': r.get('SourceIdentity')}
sess = boto3.session.Session(aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'])
out['who'] = sess.client('sts').get_caller_identity()['Arn']
out['keyInfo'] = alice.get_access_key_info(AccessKeyId=c['AccessKeyId'])['Account']
out['rolesAllowed'] = len(sess.client('iam').list_roles()['Roles'])
err('usersDeniedBySessionPolicy', sess.client('iam').list_users)
# Role chaining (a session without a session policy may assume again): capped at one hour.
plain = alice.assume_role(RoleArn=arn, RoleSessionName='plain', ExternalId='ext-1', Tags=[{'Key': 'team', 'Value': 'red'}], TransitiveTagKeys=['team'])['Credentials']
ps = boto3.session.Session(aws_access_key_id=plain['AccessKeyId'], aws_secret_access_key=plain['SecretAccessKey'], aws_session_token=plain['SessionToken'])
err('chainOverOneHour', ps.client('sts').assume_role, RoleArn=arn, RoleSessionName='s2', ExternalId='ext-1', DurationSeconds=3601)
out['chained'] = ps.client('sts').assume_role(RoleArn=arn, RoleSessionName='s2', ExternalId='ext-1', DurationSeconds=3600)['AssumedRoleUser']['Arn']
err('tampered', boto3.client('sts', aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'],
    aws_session_token=c['SessionToken'][:-4] + ('AAAA' if not c['SessionToken'].endswith('AAAA') else 'BBBB')).get_caller_identity)
g = alice.get_session_token(DurationSeconds=900)['Credentials']
gs = boto3.session.Session(aws_access_key_id=g['AccessKeyId'], aws_secret_access_key=g['SecretAccessKey'], aws_session_token=g['SessionToken'])
out['sessionTokenWho'] = gs.client('sts').get_caller_identity()['Arn']
err('sessionTokenIamWithoutMfa', gs.client('iam').list_users)
f = alice.get_federation_token(Name='web-user', Policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
fs = boto3.session.Session(aws_access_key_id=f['Credentials']['AccessKeyId'], aws_secret_access_key=f['Credentials']['SecretAccessKey'], aws_session_token=f['Credentials']['SessionToken'])
out['federatedWho'] = fs.client('sts').get_caller_identity()['Arn']
err('rootCannotAssume', boto3.client('sts').assume_role, RoleArn=arn, RoleSessionName='s1', ExternalId='ext-1')
print(json.dumps(out))
`;
    const result = await boto3(ward().root, script);
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    const assumed = out.assumed as { Arn: string; Id: string; Key: string; Packed: number; SourceIdentity: string };
    assert.equal(assumed.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/App/s1`);
    assert.match(assumed.Id, /^AROA[A-Z2-7]{17}:s1$/);
    assert.equal(assumed.Key, 'ASIA');
    assert.ok(assumed.Packed > 0 && assumed.Packed < 100);
    assert.equal(assumed.SourceIdentity, 'alice');
    assert.equal(out.who, `arn:aws:sts::${ACCOUNT}:assumed-role/App/s1`);
    assert.equal(out.keyInfo, ACCOUNT);
    assert.equal(out.rolesAllowed, 1);
    assert.deepEqual((out.noExternalId as unknown[]).slice(0, 2), ['AccessDenied', 403]);
    assert.deepEqual((out.tooLong as unknown[]).slice(0, 2), ['ValidationError', 400]);
    assert.deepEqual((out.usersDeniedBySessionPolicy as unknown[]).slice(0, 2), ['AccessDenied', 403]);
    assert.match(String((out.usersDeniedBySessionPolicy as unknown[])[2]), /because no session policy allows the iam:ListUsers action/);
    assert.deepEqual((out.chainOverOneHour as unknown[]).slice(0, 2), ['ValidationError', 400]);
    assert.deepEqual((out.tampered as unknown[]).slice(0, 2), ['InvalidClientTokenId', 403]);
    assert.equal(out.sessionTokenWho, `arn:aws:iam::${ACCOUNT}:user/alice`);
    assert.equal((out.sessionTokenIamWithoutMfa as unknown[])[0], 'AccessDenied');
    assert.equal(out.federatedWho, `arn:aws:sts::${ACCOUNT}:federated-user/web-user`);
    assert.deepEqual((out.rootCannotAssume as unknown[]).slice(0, 2), ['AccessDenied', 403]);
    assert.equal(out.chained, `arn:aws:sts::${ACCOUNT}:assumed-role/App/s2`);
  });

  test('aws CLI: a profile with role_arn, source_profile and external_id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ward-awscfg-'));
    try {
      writeFileSync(join(dir, 'config'), [
        '[profile base]', 'region = us-east-1',
        '[profile app]', `role_arn = arn:aws:iam::${ACCOUNT}:role/ops/App`, 'source_profile = base', 'external_id = ext-1', 'region = us-east-1', '',
      ].join('\n'));
      writeFileSync(join(dir, 'credentials'), `[base]\naws_access_key_id = ${alice.AccessKeyId}\naws_secret_access_key = ${alice.SecretAccessKey}\n`);
      // A fresh HOME: the CLI caches assumed-role credentials under ~/.aws/cli/cache.
      const env = {
        PATH: process.env.PATH ?? '', HOME: dir, PYENV_ROOT: process.env.PYENV_ROOT ?? '', AWS_CONFIG_FILE: join(dir, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_ENDPOINT_URL: ward().url, AWS_MAX_ATTEMPTS: '1',
      };
      const { stdout } = await promisify(execFile)('aws', ['sts', 'get-caller-identity', '--profile', 'app', '--output', 'json'], { env });
      assert.match((JSON.parse(stdout) as { Arn: string }).Arn, new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/App/botocore-session-\\d+$`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('SDK v3: fromTemporaryCredentials assumes the role and the session calls IAM with the role\'s permissions', async () => {
    const credentials = fromTemporaryCredentials({
      masterCredentials: { accessKeyId: alice.AccessKeyId, secretAccessKey: alice.SecretAccessKey },
      params: { RoleArn: ROLE_ARN, RoleSessionName: 'sdk', ExternalId: 'ext-1', DurationSeconds: 900 },
      clientConfig: { endpoint: ward().url, region: 'us-east-1' },
    });
    const who = await new STSClient({ endpoint: ward().url, region: 'us-east-1', credentials, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/App/sdk`);
    const iam = new IAMClient({ endpoint: ward().url, region: 'us-east-1', credentials, maxAttempts: 1 });
    const users = await iam.send(new ListUsersCommand({}));
    assert.deepEqual(users.Users?.map((u) => u.UserName), ['alice']);
  });

  test('MFA: a role that requires aws:MultiFactorAuthPresent is assumed only with a valid, fresh code', async () => {
    const setup = String.raw`${BOTO3_IAM_PRELUDE}
trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::${ACCOUNT}:root"},
  "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}
iam.create_role(RoleName='Admin', AssumeRolePolicyDocument=json.dumps(trust))
d = iam.create_virtual_mfa_device(VirtualMFADeviceName='alice-phone')['VirtualMFADevice']
print(json.dumps({'serial': d['SerialNumber'], 'seed': d['Base32StringSeed'].decode()}))
`;
    const created = await boto3(ward().root, setup);
    assert.equal(created.code, 0, created.stderr);
    const { serial, seed } = JSON.parse(created.stdout) as { serial: string; seed: string };
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(seed), digits: 6, period: 30, algorithm: 'SHA1' });
    const now = Date.now();
    // Two consecutive codes enable the device; the STS code is the next step's (never one used before).
    const code1 = totp.generate({ timestamp: now - 60_000 });
    const code2 = totp.generate({ timestamp: now - 30_000 });
    const code3 = totp.generate({ timestamp: now });
    const script = String.raw`${BOTO3_IAM_PRELUDE}
iam.enable_mfa_device(UserName='alice', SerialNumber='${serial}', AuthenticationCode1='${code1}', AuthenticationCode2='${code2}')
alice = boto3.client('sts', aws_access_key_id='${alice.AccessKeyId}', aws_secret_access_key='${alice.SecretAccessKey}')
arn = 'arn:aws:iam::${ACCOUNT}:role/Admin'
err('withoutMfa', alice.assume_role, RoleArn=arn, RoleSessionName='mfa')
err('wrongCode', alice.assume_role, RoleArn=arn, RoleSessionName='mfa', SerialNumber='${serial}', TokenCode='000000' if '${code3}' != '000000' else '111111')
r = alice.assume_role(RoleArn=arn, RoleSessionName='mfa', SerialNumber='${serial}', TokenCode='${code3}')
out['withMfa'] = r['AssumedRoleUser']['Arn']
err('replayed', alice.assume_role, RoleArn=arn, RoleSessionName='mfa', SerialNumber='${serial}', TokenCode='${code3}')
print(json.dumps(out))
`;
    const result = await boto3(ward().root, script);
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout) as Record<string, unknown[] | string>;
    assert.deepEqual((out.withoutMfa as unknown[]).slice(0, 2), ['AccessDenied', 403]);
    assert.deepEqual((out.wrongCode as unknown[]).slice(0, 2), ['AccessDenied', 403]);
    assert.equal(out.withMfa, `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/mfa`);
    assert.deepEqual((out.replayed as unknown[]).slice(0, 2), ['AccessDenied', 403]);

    // The aws CLI with a profile naming mfa_serial asks for the code and passes it as TokenCode. A second
    // user, bob, with a device enabled by the current step's codes, so the CLI's code is the next step's.
    const bobSetup = await boto3(ward().root, String.raw`${BOTO3_IAM_PRELUDE}
iam.create_user(UserName='bob')
iam.put_user_policy(UserName='bob', PolicyName='p', PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}))
k = iam.create_access_key(UserName='bob')['AccessKey']
d = iam.create_virtual_mfa_device(VirtualMFADeviceName='bob-phone')['VirtualMFADevice']
print(json.dumps({'id': k['AccessKeyId'], 'secret': k['SecretAccessKey'], 'serial': d['SerialNumber'], 'seed': d['Base32StringSeed'].decode()}))
`);
    assert.equal(bobSetup.code, 0, bobSetup.stderr);
    const bob = JSON.parse(bobSetup.stdout) as { id: string; secret: string; serial: string; seed: string };
    const bobTotp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(bob.seed), digits: 6, period: 30, algorithm: 'SHA1' });
    const at = Date.now();
    const enabled = await boto3(ward().root, `${BOTO3_IAM_PRELUDE}\niam.enable_mfa_device(UserName='bob', SerialNumber='${bob.serial}', AuthenticationCode1='${bobTotp.generate({ timestamp: at - 30_000 })}', AuthenticationCode2='${bobTotp.generate({ timestamp: at })}')\n`);
    assert.equal(enabled.code, 0, enabled.stderr);
    const dir = mkdtempSync(join(tmpdir(), 'ward-awsmfa-'));
    try {
      writeFileSync(join(dir, 'config'), [
        '[profile base]', 'region = us-east-1',
        '[profile admin]', `role_arn = arn:aws:iam::${ACCOUNT}:role/Admin`, 'source_profile = base', `mfa_serial = ${bob.serial}`, 'region = us-east-1', '',
      ].join('\n'));
      writeFileSync(join(dir, 'credentials'), `[base]\naws_access_key_id = ${bob.id}\naws_secret_access_key = ${bob.secret}\n`);
      const env = {
        PATH: process.env.PATH ?? '', HOME: dir, PYENV_ROOT: process.env.PYENV_ROOT ?? '', AWS_CONFIG_FILE: join(dir, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_ENDPOINT_URL: ward().url, AWS_MAX_ATTEMPTS: '1',
      };
      const code4 = bobTotp.generate({ timestamp: at + 30_000 });
      const result = await runCommand('aws', ['sts', 'get-caller-identity', '--profile', 'admin', '--output', 'json'], { env, input: `${code4}\n`, detached: true });
      assert.equal(result.code, 0, result.stderr);
      assert.match((JSON.parse(result.stdout) as { Arn: string }).Arn, new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/Admin/botocore-session-\\d+$`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('revoking active sessions: an inline deny on aws:TokenIssueTime before now denies older sessions only', async () => {
    const script = String.raw`${BOTO3_IAM_PRELUDE}
import datetime, time
alice = boto3.client('sts', aws_access_key_id='${alice.AccessKeyId}', aws_secret_access_key='${alice.SecretAccessKey}')
def session(name):
    c = alice.assume_role(RoleArn='${ROLE_ARN}', RoleSessionName=name, ExternalId='ext-1')['Credentials']
    return boto3.session.Session(aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken']).client('iam')
old = session('old')
out['before'] = len(old.list_roles()['Roles'])
time.sleep(1.1)
cutoff = datetime.datetime.utcnow().strftime('%Y-%m-%dT%H:%M:%SZ')
iam.put_role_policy(RoleName='App', PolicyName='AWSRevokeOlderSessions', PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
  {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"DateLessThan": {"aws:TokenIssueTime": cutoff}}}]}))
err('old', old.list_roles)
time.sleep(1.1)
out['new'] = len(session('new').list_roles()['Roles'])
print(json.dumps(out))
`;
    const result = await boto3(ward().root, script);
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.equal(out.before, 2);
    assert.deepEqual((out.old as unknown[]).slice(0, 2), ['AccessDenied', 403]);
    assert.match(String((out.old as unknown[])[2]), /with an explicit deny in an identity-based policy/);
    assert.equal(out.new, 2);
  });
});
