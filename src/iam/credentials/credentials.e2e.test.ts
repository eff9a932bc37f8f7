// End to end: login profiles, the password policy, SSH keys, signing and server certificates and
// service-specific credentials against a real Ward process, with boto3 and the aws CLI. Rules: each
// operation's API reference page (API_CreateLoginProfile, API_UploadServerCertificate, ...).
//
// Needs `credentialOperations` listed in src/iam/operations.ts: until then the server answers
// NotImplemented and this suite is skipped, saying so.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useWard } from '../../server/test-support/use-ward.js';
import { BOTO3_IAM_PRELUDE, awsCli, boto3 } from '../../server/test-support/clients.js';
import type { IamDeps } from '../operation.js';
import { iamOperations } from '../operations.js';
import { selfSigned, sshKey } from './test-support/keys.js';

const ACCOUNT = '777788889999';
/** Whether src/iam/operations.ts lists these operations (building the table touches no dependency). */
const wired = ((): boolean => {
  try {
    return 'CreateLoginProfile' in iamOperations({} as IamDeps);
  } catch {
    return true;
  }
})();

const SCRIPT = String.raw`
env = json.loads(os.environ['WARD_FIXTURES'])
iam.create_user(UserName='cred-user')

# Password policy and login profile
err('noPolicy', iam.get_account_password_policy)
iam.update_account_password_policy(MinimumPasswordLength=10, RequireNumbers=True, AllowUsersToChangePassword=True, PasswordReusePrevention=1)
out['policy'] = iam.get_account_password_policy()['PasswordPolicy']
err('weak', iam.create_login_profile, UserName='cred-user', Password='short')
p = iam.create_login_profile(UserName='cred-user', Password='first-pass-1', PasswordResetRequired=True)['LoginProfile']
out['profile'] = [p['UserName'], p['PasswordResetRequired'], 'CreateDate' in p]
err('profileTwice', iam.create_login_profile, UserName='cred-user', Password='first-pass-1')
iam.put_user_policy(UserName='cred-user', PolicyName='self', PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [
    {'Effect': 'Allow', 'Action': 'iam:ChangePassword', 'Resource': 'arn:aws:iam::*:user/$' + '{aws:username}'}]}))
k = iam.create_access_key(UserName='cred-user')['AccessKey']
me = boto3.client('iam', aws_access_key_id=k['AccessKeyId'], aws_secret_access_key=k['SecretAccessKey'])
err('wrongOld', me.change_password, OldPassword='not-it-1234', NewPassword='second-pass-2')
me.change_password(OldPassword='first-pass-1', NewPassword='second-pass-2')
out['afterChange'] = iam.get_login_profile(UserName='cred-user')['LoginProfile']['PasswordResetRequired']
err('rootChange', iam.change_password, OldPassword='x', NewPassword='second-pass-3')
iam.delete_user_policy(UserName='cred-user', PolicyName='self')
iam.delete_access_key(UserName='cred-user', AccessKeyId=k['AccessKeyId'])
err('deleteUserProfile', iam.delete_user, UserName='cred-user')
iam.delete_login_profile(UserName='cred-user')
err('noProfile', iam.get_login_profile, UserName='cred-user')
iam.delete_account_password_policy()

# SSH public keys
s = iam.upload_ssh_public_key(UserName='cred-user', SSHPublicKeyBody=env['ssh'])['SSHPublicKey']
out['ssh'] = [s['Fingerprint'], s['Status'], s['SSHPublicKeyId'][:4]]
out['sshPem'] = iam.get_ssh_public_key(UserName='cred-user', SSHPublicKeyId=s['SSHPublicKeyId'], Encoding='PEM')['SSHPublicKey']['SSHPublicKeyBody'].startswith('-----BEGIN PUBLIC KEY-----')
err('sshDuplicate', iam.upload_ssh_public_key, UserName='cred-user', SSHPublicKeyBody=env['ssh'])
err('sshGarbage', iam.upload_ssh_public_key, UserName='cred-user', SSHPublicKeyBody='garbage')
iam.update_ssh_public_key(UserName='cred-user', SSHPublicKeyId=s['SSHPublicKeyId'], Status='Inactive')
out['sshList'] = [[x['SSHPublicKeyId'] == s['SSHPublicKeyId'], x['Status']] for x in iam.list_ssh_public_keys(UserName='cred-user')['SSHPublicKeys']]
err('deleteUserSsh', iam.delete_user, UserName='cred-user')
iam.delete_ssh_public_key(UserName='cred-user', SSHPublicKeyId=s['SSHPublicKeyId'])

# Signing certificates
c = iam.upload_signing_certificate(UserName='cred-user', CertificateBody=env['signing'])['Certificate']
out['signing'] = [c['UserName'], c['Status'], len(c['CertificateId'])]
err('signingDuplicate', iam.upload_signing_certificate, UserName='cred-user', CertificateBody=env['signing'])
err('signingMalformed', iam.upload_signing_certificate, UserName='cred-user', CertificateBody='nope')
iam.update_signing_certificate(UserName='cred-user', CertificateId=c['CertificateId'], Status='Inactive')
out['signingList'] = [x['Status'] for x in iam.list_signing_certificates(UserName='cred-user')['Certificates']]
err('deleteUserSigning', iam.delete_user, UserName='cred-user')
iam.delete_signing_certificate(UserName='cred-user', CertificateId=c['CertificateId'])

# Service-specific credentials
sc = iam.create_service_specific_credential(UserName='cred-user', ServiceName='codecommit.amazonaws.com')['ServiceSpecificCredential']
out['service'] = [sc['ServiceUserName'], len(sc['ServicePassword']), sc['Status']]
r = iam.reset_service_specific_credential(UserName='cred-user', ServiceSpecificCredentialId=sc['ServiceSpecificCredentialId'])['ServiceSpecificCredential']
out['serviceReset'] = r['ServicePassword'] != sc['ServicePassword']
out['serviceList'] = [[x['ServiceName'], 'ServicePassword' in x] for x in iam.list_service_specific_credentials(UserName='cred-user')['ServiceSpecificCredentials']]
err('serviceUnsupported', iam.create_service_specific_credential, UserName='cred-user', ServiceName='s3.amazonaws.com')
err('deleteUserService', iam.delete_user, UserName='cred-user')
iam.delete_service_specific_credential(UserName='cred-user', ServiceSpecificCredentialId=sc['ServiceSpecificCredentialId'])

# Server certificates
m = iam.upload_server_certificate(ServerCertificateName='web', Path='/cloudfront/', CertificateBody=env['server'], PrivateKey=env['serverKey'],
    Tags=[{'Key': 'env', 'Value': 'prod'}])['ServerCertificateMetadata']
out['server'] = [m['Arn'], m['ServerCertificateId'][:4], 'Expiration' in m]
err('serverMismatch', iam.upload_server_certificate, ServerCertificateName='bad', CertificateBody=env['server'], PrivateKey=env['otherKey'])
g = iam.get_server_certificate(ServerCertificateName='web')['ServerCertificate']
out['serverGet'] = [g['CertificateBody'] == env['server'], 'PrivateKey' in g, g.get('Tags')]
iam.update_server_certificate(ServerCertificateName='web', NewServerCertificateName='www', NewPath='/elb/')
out['serverList'] = [x['Arn'] for x in iam.list_server_certificates()['ServerCertificateMetadataList']]
iam.tag_server_certificate(ServerCertificateName='www', Tags=[{'Key': 'team', 'Value': 'edge'}])
out['serverTags'] = iam.list_server_certificate_tags(ServerCertificateName='www')['Tags']
iam.delete_server_certificate(ServerCertificateName='www')
err('serverMissing', iam.get_server_certificate, ServerCertificateName='www')

iam.delete_user(UserName='cred-user')
print(json.dumps(out, default=str))
`;

describe('IAM credentials end to end (SQLite)', { skip: wired ? false : 'credentialOperations is not wired into src/iam/operations.ts yet' }, () => {
  const ward = useWard({ accountId: ACCOUNT });

  test('boto3: every credential operation and its errors', async () => {
    const ssh = sshKey('rsa', 2048);
    const signing = selfSigned('signing.example.com');
    const server = selfSigned('www.example.com');
    const other = selfSigned('other.example.com');
    const fixtures = { ssh: ssh.line, signing: signing.certificate, server: server.certificate, serverKey: server.privateKey, otherKey: other.privateKey };
    const result = await boto3(ward().root, `${BOTO3_IAM_PRELUDE}\nos.environ['WARD_FIXTURES'] = ${JSON.stringify(JSON.stringify(fixtures))}\n${SCRIPT}`);
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.deepEqual(out.noPolicy, ['NoSuchEntity', 404, `The Password Policy with domain name ${ACCOUNT} cannot be found.`]);
    assert.deepEqual(out.policy, {
      MinimumPasswordLength: 10, RequireSymbols: false, RequireNumbers: true, RequireUppercaseCharacters: false, RequireLowercaseCharacters: false,
      AllowUsersToChangePassword: true, ExpirePasswords: false, PasswordReusePrevention: 1,
    });
    assert.deepEqual(out.weak, ['PasswordPolicyViolation', 400, 'Password does not conform to the account password policy.']);
    assert.deepEqual(out.profile, ['cred-user', true, true]);
    assert.deepEqual(out.profileTwice, ['EntityAlreadyExists', 409, 'Login Profile for user cred-user already exists.']);
    assert.deepEqual((out.wrongOld as unknown[]).slice(0, 2), ['AccessDenied', 403]);
    assert.equal(out.afterChange, false);
    assert.deepEqual((out.rootChange as unknown[]).slice(0, 2), ['InvalidUserType', 400]);
    assert.deepEqual(out.deleteUserProfile, ['DeleteConflict', 409, 'Cannot delete entity, must delete login profile first.']);
    assert.deepEqual(out.noProfile, ['NoSuchEntity', 404, 'Login Profile for User cred-user cannot be found.']);

    assert.deepEqual(out.ssh, [ssh.md5, 'Active', 'APKA']);
    assert.equal(out.sshPem, true);
    assert.deepEqual((out.sshDuplicate as unknown[]).slice(0, 2), ['DuplicateSSHPublicKey', 400]);
    assert.deepEqual((out.sshGarbage as unknown[]).slice(0, 2), ['UnrecognizedPublicKeyEncoding', 400]);
    assert.deepEqual(out.sshList, [[true, 'Inactive']]);
    assert.deepEqual(out.deleteUserSsh, ['DeleteConflict', 409, 'Cannot delete entity, must delete SSH public keys first.']);

    assert.deepEqual(out.signing, ['cred-user', 'Active', 32]);
    assert.deepEqual((out.signingDuplicate as unknown[]).slice(0, 2), ['DuplicateCertificate', 409]);
    assert.deepEqual((out.signingMalformed as unknown[]).slice(0, 2), ['MalformedCertificate', 400]);
    assert.deepEqual(out.signingList, ['Inactive']);
    assert.deepEqual(out.deleteUserSigning, ['DeleteConflict', 409, 'Cannot delete entity, must delete signing certificates first.']);

    assert.deepEqual(out.service, [`cred-user-at-${ACCOUNT}`, 44, 'Active']);
    assert.equal(out.serviceReset, true);
    assert.deepEqual(out.serviceList, [['codecommit.amazonaws.com', false]]);
    assert.deepEqual((out.serviceUnsupported as unknown[]).slice(0, 2), ['NotSupportedService', 404]);
    assert.deepEqual(out.deleteUserService, ['DeleteConflict', 409, 'Cannot delete entity, must delete service specific credentials first.']);

    assert.deepEqual(out.server, [`arn:aws:iam::${ACCOUNT}:server-certificate/cloudfront/web`, 'ASCA', true]);
    assert.deepEqual(out.serverMismatch, ['KeyPairMismatch', 400, 'The private key does not match the certificate.']);
    assert.deepEqual(out.serverGet, [true, false, [{ Key: 'env', Value: 'prod' }]]);
    assert.deepEqual(out.serverList, [`arn:aws:iam::${ACCOUNT}:server-certificate/elb/www`]);
    assert.deepEqual(out.serverTags, [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'edge' }]);
    assert.deepEqual(out.serverMissing, ['NoSuchEntity', 404, 'The Server Certificate with name www cannot be found.']);
  });

  test('aws CLI: upload-server-certificate and upload-ssh-public-key from file://, login profile round trip', async () => {
    const dir = ward().dataDir;
    const server = selfSigned('cli.example.com');
    writeFileSync(join(dir, 'cert.pem'), server.certificate);
    writeFileSync(join(dir, 'key.pem'), server.privateKey);
    const ssh = sshKey('ed25519');
    writeFileSync(join(dir, 'id.pub'), ssh.line);
    const cli = async (args: string[]) => {
      const result = await awsCli(ward().root, ['iam', ...args]);
      assert.equal(result.code, 0, result.stderr);
      return result.stdout.trim() === '' ? {} : JSON.parse(result.stdout) as Record<string, unknown>;
    };
    const uploaded = await cli(['upload-server-certificate', '--server-certificate-name', 'cli', '--certificate-body', `file://${join(dir, 'cert.pem')}`,
      '--private-key', `file://${join(dir, 'key.pem')}`]);
    assert.equal((uploaded.ServerCertificateMetadata as { Arn: string }).Arn, `arn:aws:iam::${ACCOUNT}:server-certificate/cli`);
    const got = await cli(['get-server-certificate', '--server-certificate-name', 'cli']);
    assert.equal((got.ServerCertificate as { CertificateBody: string }).CertificateBody, server.certificate);
    await cli(['delete-server-certificate', '--server-certificate-name', 'cli']);

    await cli(['create-user', '--user-name', 'cli-user']);
    const key = await cli(['upload-ssh-public-key', '--user-name', 'cli-user', '--ssh-public-key-body', `file://${join(dir, 'id.pub')}`]);
    const sshOut = key.SSHPublicKey as { Fingerprint: string; SSHPublicKeyId: string };
    assert.equal(sshOut.Fingerprint, ssh.md5);
    await cli(['delete-ssh-public-key', '--user-name', 'cli-user', '--ssh-public-key-id', sshOut.SSHPublicKeyId]);
    const profile = await cli(['create-login-profile', '--user-name', 'cli-user', '--password', 'Cli-Passw0rd!', '--password-reset-required']);
    assert.deepEqual((profile.LoginProfile as { PasswordResetRequired: boolean }).PasswordResetRequired, true);
    const fetched = await cli(['get-login-profile', '--user-name', 'cli-user']);
    assert.equal((fetched.LoginProfile as { UserName: string }).UserName, 'cli-user');
    const failed = await awsCli(ward().root, ['iam', 'delete-user', '--user-name', 'cli-user']);
    assert.notEqual(failed.code, 0);
    assert.match(failed.stderr, /DeleteConflict.*must delete login profile first/);
    await cli(['delete-login-profile', '--user-name', 'cli-user']);
    await cli(['delete-user', '--user-name', 'cli-user']);
  });
});
