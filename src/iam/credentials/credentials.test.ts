// Service tests of the credential operations on a real SQLite store, fixed clock. Rules: the IAM API
// Reference page of each operation (API_CreateLoginProfile, API_ChangePassword, API_UpdateAccountPasswordPolicy,
// API_UploadSSHPublicKey, API_UploadSigningCertificate, API_UploadServerCertificate,
// API_CreateServiceSpecificCredential, API_DeleteUser, ...), "Set an account password policy for IAM
// users" and "IAM and AWS STS quotas" (IAM User Guide).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { ACCOUNT, type IamHarness, NOW, openIamHarness } from '../test-support/harness.js';
import { credentialOperations } from './operations.js';
import { verifyPassword } from './password-hash.js';
import { selfSigned, sshKey } from './test-support/keys.js';

const GOOD = 'Str0ng-Passw0rd!';

describe('IAM credentials (service, SQLite)', () => {
  let iam: IamHarness;
  before(async () => {
    iam = await openIamHarness({ operations: credentialOperations });
    for (const name of ['alice', 'bob', 'carol']) await iam.call('CreateUser', { UserName: name });
  });
  after(async () => iam.close());

  describe('account password policy', () => {
    test('Get without a policy: NoSuchEntity naming the account', async () => {
      assert.equal(await iam.fails('GetAccountPasswordPolicy', {}, 'NoSuchEntity', 404), `The Password Policy with domain name ${ACCOUNT} cannot be found.`);
      assert.equal(await iam.fails('DeleteAccountPasswordPolicy', {}, 'NoSuchEntity', 404), `The Password Policy with domain name ${ACCOUNT} cannot be found.`);
    });

    test('Update with nothing: AWS defaults (6 characters, nothing required, no expiry)', async () => {
      await iam.call('UpdateAccountPasswordPolicy', {});
      assert.deepEqual(await iam.call('GetAccountPasswordPolicy'), { PasswordPolicy: {
        MinimumPasswordLength: 6, RequireSymbols: false, RequireNumbers: false, RequireUppercaseCharacters: false,
        RequireLowercaseCharacters: false, AllowUsersToChangePassword: false, ExpirePasswords: false,
      } });
    });

    test('Update replaces every member; Get answers them with ExpirePasswords', async () => {
      await iam.call('UpdateAccountPasswordPolicy', {
        MinimumPasswordLength: 12, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true,
        AllowUsersToChangePassword: true, MaxPasswordAge: 90, PasswordReusePrevention: 3, HardExpiry: false,
      });
      assert.deepEqual(await iam.call('GetAccountPasswordPolicy'), { PasswordPolicy: {
        MinimumPasswordLength: 12, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true,
        AllowUsersToChangePassword: true, ExpirePasswords: true, MaxPasswordAge: 90, PasswordReusePrevention: 3, HardExpiry: false,
      } });
      await iam.call('DeleteAccountPasswordPolicy');
      await iam.fails('GetAccountPasswordPolicy', {}, 'NoSuchEntity');
    });

    test('ranges: MinimumPasswordLength 6–128, MaxPasswordAge 1–1095, PasswordReusePrevention 1–24', async () => {
      for (const [member, value] of [['MinimumPasswordLength', 5], ['MinimumPasswordLength', 129], ['MaxPasswordAge', 0], ['MaxPasswordAge', 1096],
        ['PasswordReusePrevention', 0], ['PasswordReusePrevention', 25]] as const) {
        const message = await iam.fails('UpdateAccountPasswordPolicy', { [member]: value }, 'ValidationError', 400);
        assert.match(message, new RegExp(`Value '${value}' at '${member.charAt(0).toLowerCase()}${member.slice(1)}'`));
      }
      await iam.fails('GetAccountPasswordPolicy', {}, 'NoSuchEntity');
    });
  });

  describe('login profiles and ChangePassword', () => {
    test('without a custom policy AWS default policy applies (8 characters, 3 of 4 kinds, not the user name)', async () => {
      for (const weak of ['Sh0rt!', 'alllowercase1', 'Alice', 'aLiCe']) {
        assert.equal(await iam.fails('CreateLoginProfile', { UserName: 'alice', Password: weak }, 'PasswordPolicyViolation', 400),
          'Password does not conform to the account password policy.');
      }
      await iam.fails('CreateLoginProfile', { UserName: 'ghost', Password: GOOD }, 'NoSuchEntity', 404);
    });

    test('Create, Get, EntityAlreadyExists; the password is stored as an scrypt hash only', async () => {
      const created = await iam.call('CreateLoginProfile', { UserName: 'alice', Password: GOOD, PasswordResetRequired: true });
      assert.deepEqual(created, { LoginProfile: { UserName: 'alice', CreateDate: new Date(NOW), PasswordResetRequired: true } });
      assert.deepEqual(await iam.call('GetLoginProfile', { UserName: 'ALICE' }), created);
      assert.equal(await iam.fails('CreateLoginProfile', { UserName: 'alice', Password: GOOD }, 'EntityAlreadyExists', 409), 'Login Profile for user alice already exists.');
      const user = await iam.store.getEntity(ACCOUNT, 'user', 'alice');
      const profile = await iam.store.getEntity(ACCOUNT, 'login-profile', user?.id ?? '');
      const hash = String(profile?.data.passwordHash);
      assert.match(hash, /^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
      assert.ok(!JSON.stringify(profile).includes(GOOD));
      assert.equal(await verifyPassword(GOOD, hash), true);
      assert.equal(await verifyPassword('wrong', hash), false);
      assert.equal(await iam.fails('GetLoginProfile', { UserName: 'bob' }, 'NoSuchEntity', 404), 'Login Profile for User bob cannot be found.');
      assert.equal(await iam.fails('GetLoginProfile', { UserName: 'ghost' }, 'NoSuchEntity', 404), 'The user with name ghost cannot be found.');
    });

    test('Update: PasswordResetRequired alone, a new password under the custom policy', async () => {
      await iam.call('UpdateLoginProfile', { UserName: 'alice', PasswordResetRequired: false });
      assert.equal((await iam.call('GetLoginProfile', { UserName: 'alice' }) as { LoginProfile: { PasswordResetRequired: boolean } }).LoginProfile.PasswordResetRequired, false);
      await iam.call('UpdateAccountPasswordPolicy', { MinimumPasswordLength: 10, RequireNumbers: true, PasswordReusePrevention: 2 });
      await iam.fails('UpdateLoginProfile', { UserName: 'alice', Password: 'no-numbers-here' }, 'PasswordPolicyViolation');
      await iam.fails('UpdateLoginProfile', { UserName: 'alice', Password: 'short1' }, 'PasswordPolicyViolation');
      await iam.call('UpdateLoginProfile', { UserName: 'alice', Password: 'admin-set-1', PasswordResetRequired: true });
      await iam.fails('UpdateLoginProfile', { UserName: 'bob', Password: 'admin-set-1' }, 'NoSuchEntity');
    });

    test('ChangePassword: the caller own; OldPassword must match; policy and reuse prevention; clears reset', async () => {
      const alice = await iam.userCaller('alice');
      assert.equal(await iam.fails('ChangePassword', { OldPassword: 'admin-set-1', NewPassword: 'whatever-2' }, 'InvalidUserType', 400), 'The request was rejected because the type of user for the transaction was incorrect.');
      await iam.fails('ChangePassword', { OldPassword: 'not-it-0000', NewPassword: 'brand-new-1' }, 'AccessDenied', 403, alice);
      await iam.fails('ChangePassword', { OldPassword: 'admin-set-1', NewPassword: 'short1' }, 'PasswordPolicyViolation', 400, alice);
      // Reuse prevention 2: the current password and the one before it are refused.
      await iam.fails('ChangePassword', { OldPassword: 'admin-set-1', NewPassword: 'admin-set-1' }, 'PasswordPolicyViolation', 400, alice);
      await iam.call('ChangePassword', { OldPassword: 'admin-set-1', NewPassword: 'users-own-1' }, alice);
      await iam.fails('ChangePassword', { OldPassword: 'users-own-1', NewPassword: 'admin-set-1' }, 'PasswordPolicyViolation', 400, alice);
      await iam.call('ChangePassword', { OldPassword: 'users-own-1', NewPassword: 'users-own-2' }, alice);
      await iam.call('ChangePassword', { OldPassword: 'users-own-2', NewPassword: 'admin-set-1' }, alice);
      assert.equal((await iam.call('GetLoginProfile', { UserName: 'alice' }) as { LoginProfile: { PasswordResetRequired: boolean } }).LoginProfile.PasswordResetRequired, false);
      const bob = await iam.userCaller('bob');
      assert.equal(await iam.fails('ChangePassword', { OldPassword: 'x', NewPassword: 'whatever-22' }, 'NoSuchEntity', 404, bob), 'Login Profile for User bob cannot be found.');
      await iam.call('DeleteAccountPasswordPolicy');
    });

    test('Delete; again NoSuchEntity; a user with a profile cannot be deleted until then', async () => {
      assert.equal(await iam.fails('DeleteUser', { UserName: 'alice' }, 'DeleteConflict', 409), 'Cannot delete entity, must delete login profile first.');
      await iam.call('DeleteLoginProfile', { UserName: 'alice' });
      await iam.fails('DeleteLoginProfile', { UserName: 'alice' }, 'NoSuchEntity', 404);
      await iam.fails('GetLoginProfile', { UserName: 'alice' }, 'NoSuchEntity');
    });
  });

  describe('SSH public keys', () => {
    const rsa = sshKey('rsa', 2048);
    const ed = sshKey('ed25519');
    const pemKey = sshKey('rsa', 3072);
    let rsaId = '';
    let pemId = '';

    test('Upload ssh-rsa: APKA id, MD5 fingerprint as ssh-keygen -E md5 prints it, Active', async () => {
      const out = (await iam.call('UploadSSHPublicKey', { UserName: 'bob', SSHPublicKeyBody: rsa.line })).SSHPublicKey as Record<string, unknown>;
      rsaId = String(out.SSHPublicKeyId);
      assert.match(rsaId, /^APKA[A-Z2-7]{16}$/);
      assert.deepEqual(out, {
        UserName: 'bob', SSHPublicKeyId: rsaId, Fingerprint: rsa.md5, SSHPublicKeyBody: rsa.line.split(' ').slice(0, 2).join(' '),
        Status: 'Active', UploadDate: new Date(NOW),
      });
    });

    test('Upload PEM and ssh-ed25519; Get in SSH and PEM encodings', async () => {
      const out = (await iam.call('UploadSSHPublicKey', { UserName: 'bob', SSHPublicKeyBody: pemKey.pem })).SSHPublicKey as Record<string, unknown>;
      pemId = String(out.SSHPublicKeyId);
      assert.equal(out.Fingerprint, pemKey.md5);
      assert.equal(out.SSHPublicKeyBody, pemKey.line.split(' ').slice(0, 2).join(' '));
      const asPem = (await iam.call('GetSSHPublicKey', { UserName: 'bob', SSHPublicKeyId: pemId, Encoding: 'PEM' })).SSHPublicKey as Record<string, unknown>;
      assert.equal(String(asPem.SSHPublicKeyBody).trim(), pemKey.pem.trim());
      const asSsh = (await iam.call('GetSSHPublicKey', { UserName: 'bob', SSHPublicKeyId: rsaId, Encoding: 'SSH' })).SSHPublicKey as Record<string, unknown>;
      assert.equal(asSsh.SSHPublicKeyBody, rsa.line.split(' ').slice(0, 2).join(' '));
      const edOut = (await iam.call('UploadSSHPublicKey', { UserName: 'bob', SSHPublicKeyBody: ed.line })).SSHPublicKey as Record<string, unknown>;
      assert.equal(edOut.Fingerprint, ed.md5);
      assert.match(String((await iam.call('GetSSHPublicKey', { UserName: 'bob', SSHPublicKeyId: edOut.SSHPublicKeyId, Encoding: 'PEM' }) as { SSHPublicKey: { SSHPublicKeyBody: string } }).SSHPublicKey.SSHPublicKeyBody), /^-----BEGIN PUBLIC KEY-----/);
    });

    test('errors: duplicate, short RSA, other key types, garbage, unknown ids, another user', async () => {
      await iam.fails('UploadSSHPublicKey', { UserName: 'bob', SSHPublicKeyBody: rsa.line }, 'DuplicateSSHPublicKey', 400);
      await iam.fails('UploadSSHPublicKey', { UserName: 'bob', SSHPublicKeyBody: sshKey('rsa', 1024).line }, 'InvalidPublicKey', 400);
      await iam.fails('UploadSSHPublicKey', { UserName: 'bob', SSHPublicKeyBody: sshKey('ecdsa').line }, 'InvalidPublicKey', 400);
      await iam.fails('UploadSSHPublicKey', { UserName: 'bob', SSHPublicKeyBody: 'ssh-rsa AAAAB3NzaC1yc2EAAAAD' }, 'InvalidPublicKey', 400);
      await iam.fails('UploadSSHPublicKey', { UserName: 'bob', SSHPublicKeyBody: 'not a key at all' }, 'UnrecognizedPublicKeyEncoding', 400);
      const pair = selfSigned('not-an-ssh-key');
      await iam.fails('UploadSSHPublicKey', { UserName: 'bob', SSHPublicKeyBody: pair.privateKey }, 'UnrecognizedPublicKeyEncoding', 400);
      await iam.fails('UploadSSHPublicKey', { UserName: 'bob', SSHPublicKeyBody: pair.certificate }, 'UnrecognizedPublicKeyEncoding', 400);
      // PKCS#1 "RSA PUBLIC KEY" PEM is read too.
      const pkcs1 = createPublicKey(pemKey.pem).export({ type: 'pkcs1', format: 'pem' }).toString();
      const viaPkcs1 = (await iam.call('UploadSSHPublicKey', { UserName: 'carol', SSHPublicKeyBody: pkcs1 })).SSHPublicKey as Record<string, unknown>;
      assert.equal(viaPkcs1.Fingerprint, pemKey.md5);
      await iam.call('DeleteSSHPublicKey', { UserName: 'carol', SSHPublicKeyId: viaPkcs1.SSHPublicKeyId });
      await iam.fails('UploadSSHPublicKey', { UserName: 'ghost', SSHPublicKeyBody: rsa.line }, 'NoSuchEntity', 404);
      await iam.fails('GetSSHPublicKey', { UserName: 'bob', SSHPublicKeyId: rsaId, Encoding: 'DER' }, 'UnrecognizedPublicKeyEncoding');
      assert.equal(await iam.fails('GetSSHPublicKey', { UserName: 'carol', SSHPublicKeyId: rsaId, Encoding: 'SSH' }, 'NoSuchEntity', 404), `The Public Key with id ${rsaId} cannot be found.`);
      await iam.fails('DeleteSSHPublicKey', { UserName: 'carol', SSHPublicKeyId: rsaId }, 'NoSuchEntity');
      await iam.fails('UpdateSSHPublicKey', { UserName: 'bob', SSHPublicKeyId: 'APKAAAAAAAAAAAAAAAAA', Status: 'Inactive' }, 'NoSuchEntity');
      // The same key may belong to another user.
      await iam.call('UploadSSHPublicKey', { UserName: 'carol', SSHPublicKeyBody: rsa.line });
    });

    test('5 per user (LimitExceeded); List pages; Update status; Delete', async () => {
      await iam.call('UploadSSHPublicKey', { UserName: 'bob', SSHPublicKeyBody: sshKey('ed25519').line });
      await iam.call('UploadSSHPublicKey', { UserName: 'bob', SSHPublicKeyBody: sshKey('ed25519').line });
      assert.equal(await iam.fails('UploadSSHPublicKey', { UserName: 'bob', SSHPublicKeyBody: sshKey('ed25519').line }, 'LimitExceeded', 409), 'Cannot exceed quota for SSHPublicKeysPerUser: 5');
      const first = await iam.call('ListSSHPublicKeys', { UserName: 'bob', MaxItems: 3 }) as { SSHPublicKeys: { SSHPublicKeyId: string }[]; IsTruncated: boolean; Marker: string };
      assert.equal(first.SSHPublicKeys.length, 3);
      assert.equal(first.IsTruncated, true);
      const rest = await iam.call('ListSSHPublicKeys', { UserName: 'bob', Marker: first.Marker }) as { SSHPublicKeys: { SSHPublicKeyId: string }[]; IsTruncated: boolean };
      assert.equal(rest.SSHPublicKeys.length, 2);
      assert.equal(rest.IsTruncated, false);
      const ids = [...first.SSHPublicKeys, ...rest.SSHPublicKeys].map((k) => k.SSHPublicKeyId);
      assert.deepEqual(ids, [...ids].sort());
      assert.ok(ids.includes(rsaId) && ids.includes(pemId));
      await iam.call('UpdateSSHPublicKey', { UserName: 'bob', SSHPublicKeyId: rsaId, Status: 'Inactive' });
      assert.equal((await iam.call('GetSSHPublicKey', { UserName: 'bob', SSHPublicKeyId: rsaId, Encoding: 'SSH' }) as { SSHPublicKey: { Status: string } }).SSHPublicKey.Status, 'Inactive');
      await iam.fails('UpdateSSHPublicKey', { UserName: 'bob', SSHPublicKeyId: rsaId, Status: 'Paused' }, 'ValidationError');
      // Without UserName: the calling user's keys.
      const own = await iam.call('ListSSHPublicKeys', {}, await iam.userCaller('bob')) as { SSHPublicKeys: unknown[] };
      assert.equal(own.SSHPublicKeys.length, 5);
      assert.deepEqual(await iam.call('ListSSHPublicKeys', {}), { SSHPublicKeys: [], IsTruncated: false });
      assert.equal(await iam.fails('DeleteUser', { UserName: 'bob' }, 'DeleteConflict', 409), 'Cannot delete entity, must delete SSH public keys first.');
      for (const id of ids) await iam.call('DeleteSSHPublicKey', { UserName: 'bob', SSHPublicKeyId: id });
      await iam.fails('DeleteSSHPublicKey', { UserName: 'bob', SSHPublicKeyId: rsaId }, 'NoSuchEntity', 404);
      assert.deepEqual(await iam.call('ListSSHPublicKeys', { UserName: 'bob' }), { SSHPublicKeys: [], IsTruncated: false });
      const carols = await iam.call('ListSSHPublicKeys', { UserName: 'carol' }) as { SSHPublicKeys: { SSHPublicKeyId: string }[] };
      for (const k of carols.SSHPublicKeys) await iam.call('DeleteSSHPublicKey', { UserName: 'carol', SSHPublicKeyId: k.SSHPublicKeyId });
    });
  });

  describe('signing certificates', () => {
    const one = selfSigned('one');
    const two = selfSigned('two');
    const three = selfSigned('three');
    let id = '';

    test('Upload: an id from the certificate, Active; the same certificate twice anywhere is DuplicateCertificate', async () => {
      const out = (await iam.call('UploadSigningCertificate', { UserName: 'carol', CertificateBody: one.certificate })).Certificate as Record<string, unknown>;
      id = String(out.CertificateId);
      assert.match(id, /^[A-Z2-7]{32}$/);
      assert.deepEqual(out, { UserName: 'carol', CertificateId: id, CertificateBody: one.certificate, Status: 'Active', UploadDate: new Date(NOW) });
      await iam.fails('UploadSigningCertificate', { UserName: 'carol', CertificateBody: one.certificate }, 'DuplicateCertificate', 409);
      await iam.fails('UploadSigningCertificate', { UserName: 'bob', CertificateBody: one.certificate }, 'DuplicateCertificate', 409);
      assert.equal(await iam.fails('UploadSigningCertificate', { UserName: 'carol', CertificateBody: 'nope' }, 'MalformedCertificate', 400), 'Unable to parse certificate. Please ensure the certificate is in PEM format.');
      await iam.fails('UploadSigningCertificate', { UserName: 'carol', CertificateBody: one.certificate.split('\n').filter((_, i) => i !== 3).join('\n') }, 'MalformedCertificate');
      await iam.fails('UploadSigningCertificate', { UserName: 'ghost', CertificateBody: two.certificate }, 'NoSuchEntity', 404);
    });

    test('2 per user; the caller own without UserName (root included); List, Update, Delete', async () => {
      const carol = await iam.userCaller('carol');
      await iam.call('UploadSigningCertificate', { CertificateBody: two.certificate }, carol);
      assert.equal(await iam.fails('UploadSigningCertificate', { UserName: 'carol', CertificateBody: three.certificate }, 'LimitExceeded', 409), 'Cannot exceed quota for SigningCertificatesPerUser: 2');
      const rootCert = (await iam.call('UploadSigningCertificate', { CertificateBody: three.certificate })).Certificate as Record<string, unknown>;
      const list = await iam.call('ListSigningCertificates', {}, carol) as { Certificates: { CertificateId: string; UserName: string }[]; IsTruncated: boolean };
      assert.equal(list.Certificates.length, 2);
      assert.ok(list.Certificates.every((c) => c.UserName === 'carol'));
      const rootList = await iam.call('ListSigningCertificates', {}) as { Certificates: { CertificateId: string }[] };
      assert.deepEqual(rootList.Certificates.map((c) => c.CertificateId), [rootCert.CertificateId]);
      const paged = await iam.call('ListSigningCertificates', { UserName: 'carol', MaxItems: 1 }) as { IsTruncated: boolean; Marker: string };
      assert.equal(paged.IsTruncated, true);
      await iam.call('UpdateSigningCertificate', { UserName: 'carol', CertificateId: id, Status: 'Inactive' });
      const after = await iam.call('ListSigningCertificates', { UserName: 'carol' }) as { Certificates: { CertificateId: string; Status: string }[] };
      assert.equal(after.Certificates.find((c) => c.CertificateId === id)?.Status, 'Inactive');
      assert.equal(await iam.fails('UpdateSigningCertificate', { UserName: 'bob', CertificateId: id, Status: 'Active' }, 'NoSuchEntity', 404), `The Certificate with id ${id} cannot be found.`);
      assert.equal(await iam.fails('DeleteUser', { UserName: 'carol' }, 'DeleteConflict', 409), 'Cannot delete entity, must delete signing certificates first.');
      for (const c of list.Certificates) await iam.call('DeleteSigningCertificate', { UserName: 'carol', CertificateId: c.CertificateId });
      await iam.fails('DeleteSigningCertificate', { UserName: 'carol', CertificateId: id }, 'NoSuchEntity', 404);
      await iam.call('DeleteSigningCertificate', { CertificateId: String(rootCert.CertificateId) });
    });
  });

  describe('server certificates', () => {
    const web = selfSigned('www.example.com');
    const other = selfSigned('other.example.com', 'ec');
    const arnOf = (path: string, name: string) => `arn:aws:iam::${ACCOUNT}:server-certificate${path}${name}`;

    test('Upload: ASCA id, ARN with path, expiration; KeyPairMismatch, malformed body, key and chain', async () => {
      assert.equal(await iam.fails('UploadServerCertificate', { ServerCertificateName: 'web', CertificateBody: web.certificate, PrivateKey: other.privateKey }, 'KeyPairMismatch', 400),
        'The private key does not match the certificate.');
      await iam.fails('UploadServerCertificate', { ServerCertificateName: 'web', CertificateBody: 'x', PrivateKey: web.privateKey }, 'MalformedCertificate', 400);
      await iam.fails('UploadServerCertificate', { ServerCertificateName: 'web', CertificateBody: web.certificate, PrivateKey: 'x' }, 'MalformedCertificate', 400);
      await iam.fails('UploadServerCertificate', { ServerCertificateName: 'web', CertificateBody: web.certificate, PrivateKey: web.privateKey, CertificateChain: 'x' }, 'MalformedCertificate', 400);
      const out = await iam.call('UploadServerCertificate', {
        ServerCertificateName: 'web', Path: '/cloudfront/', CertificateBody: web.certificate, PrivateKey: web.privateKey,
        CertificateChain: other.certificate, Tags: [{ Key: 'env', Value: 'prod' }],
      });
      const meta = out.ServerCertificateMetadata as Record<string, unknown>;
      assert.match(String(meta.ServerCertificateId), /^ASCA[A-Z2-7]{17}$/);
      assert.deepEqual(out, {
        ServerCertificateMetadata: { Path: '/cloudfront/', ServerCertificateName: 'web', ServerCertificateId: meta.ServerCertificateId, Arn: arnOf('/cloudfront/', 'web'),
          UploadDate: new Date(NOW), Expiration: meta.Expiration },
        Tags: [{ Key: 'env', Value: 'prod' }],
      });
      assert.ok(meta.Expiration instanceof Date && meta.Expiration.getTime() > Date.now() + 300 * 86_400_000);
      assert.equal(await iam.fails('UploadServerCertificate', { ServerCertificateName: 'WEB', CertificateBody: web.certificate, PrivateKey: web.privateKey }, 'EntityAlreadyExists', 409),
        'The Server Certificate with name WEB already exists.');
    });

    test('Get answers body, chain and tags, never the private key; the key is sealed under the certificate id', async () => {
      const got = (await iam.call('GetServerCertificate', { ServerCertificateName: 'web' })).ServerCertificate as Record<string, unknown>;
      assert.equal(got.CertificateBody, web.certificate);
      assert.equal(got.CertificateChain, other.certificate);
      assert.deepEqual(got.Tags, [{ Key: 'env', Value: 'prod' }]);
      assert.ok(!JSON.stringify(got).includes('PRIVATE KEY'));
      const stored = await iam.store.getEntity(ACCOUNT, 'server-certificate', 'web');
      const id = String((got.ServerCertificateMetadata as Record<string, unknown>).ServerCertificateId);
      assert.equal(stored?.data.sealedPrivateKey, iam.deps.sealSecret(web.privateKey, id));
      assert.equal(await iam.fails('GetServerCertificate', { ServerCertificateName: 'nope' }, 'NoSuchEntity', 404), 'The Server Certificate with name nope cannot be found.');
    });

    test('List with PathPrefix and paging; Update renames and moves; tags; Delete', async () => {
      await iam.call('UploadServerCertificate', { ServerCertificateName: 'api', CertificateBody: other.certificate, PrivateKey: other.privateKey });
      const all = await iam.call('ListServerCertificates') as { ServerCertificateMetadataList: { ServerCertificateName: string }[] };
      assert.deepEqual(all.ServerCertificateMetadataList.map((m) => m.ServerCertificateName), ['api', 'web']);
      const cf = await iam.call('ListServerCertificates', { PathPrefix: '/cloudfront/' }) as { ServerCertificateMetadataList: { ServerCertificateName: string }[] };
      assert.deepEqual(cf.ServerCertificateMetadataList.map((m) => m.ServerCertificateName), ['web']);
      const page = await iam.call('ListServerCertificates', { MaxItems: 1 }) as { IsTruncated: boolean; Marker: string };
      assert.equal(page.IsTruncated, true);
      const next = await iam.call('ListServerCertificates', { Marker: page.Marker }) as { ServerCertificateMetadataList: { ServerCertificateName: string }[] };
      assert.deepEqual(next.ServerCertificateMetadataList.map((m) => m.ServerCertificateName), ['web']);

      await iam.fails('UpdateServerCertificate', { ServerCertificateName: 'api', NewServerCertificateName: 'Web' }, 'EntityAlreadyExists', 409);
      await iam.call('UpdateServerCertificate', { ServerCertificateName: 'web', NewServerCertificateName: 'www', NewPath: '/elb/' });
      const moved = (await iam.call('GetServerCertificate', { ServerCertificateName: 'www' })).ServerCertificate as { ServerCertificateMetadata: Record<string, unknown> };
      assert.equal(moved.ServerCertificateMetadata.Arn, arnOf('/elb/', 'www'));
      assert.equal(moved.ServerCertificateMetadata.Path, '/elb/');
      await iam.fails('GetServerCertificate', { ServerCertificateName: 'web' }, 'NoSuchEntity');
      await iam.fails('UpdateServerCertificate', { ServerCertificateName: 'web', NewPath: '/x/' }, 'NoSuchEntity', 404);

      await iam.call('TagServerCertificate', { ServerCertificateName: 'www', Tags: [{ Key: 'team', Value: 'edge' }, { Key: 'ENV', Value: 'dev' }] });
      await iam.call('UntagServerCertificate', { ServerCertificateName: 'www', TagKeys: ['team'] });
      assert.deepEqual(await iam.call('ListServerCertificateTags', { ServerCertificateName: 'www' }), { Tags: [{ Key: 'ENV', Value: 'dev' }], IsTruncated: false });
      await iam.fails('TagServerCertificate', { ServerCertificateName: 'www', Tags: [{ Key: 'aws:x', Value: '1' }] }, 'InvalidInput', 400);
      await iam.fails('ListServerCertificateTags', { ServerCertificateName: 'nope' }, 'NoSuchEntity', 404);

      await iam.call('DeleteServerCertificate', { ServerCertificateName: 'www' });
      await iam.call('DeleteServerCertificate', { ServerCertificateName: 'api' });
      await iam.fails('DeleteServerCertificate', { ServerCertificateName: 'api' }, 'NoSuchEntity', 404);
    });

    test('20 per account (LimitExceeded)', async () => {
      for (let i = 0; i < 20; i++) {
        await iam.call('UploadServerCertificate', { ServerCertificateName: `c${String(i).padStart(2, '0')}`, CertificateBody: web.certificate, PrivateKey: web.privateKey });
      }
      assert.equal(await iam.fails('UploadServerCertificate', { ServerCertificateName: 'c20', CertificateBody: web.certificate, PrivateKey: web.privateKey }, 'LimitExceeded', 409),
        'Cannot exceed quota for ServerCertificatesPerAccount: 20');
      for (let i = 0; i < 20; i++) await iam.call('DeleteServerCertificate', { ServerCertificateName: `c${String(i).padStart(2, '0')}` });
    });
  });

  describe('service-specific credentials', () => {
    type Credential = Record<string, unknown> & { ServiceSpecificCredentialId: string; ServicePassword?: string };
    let first: Credential;

    test('Create for CodeCommit: ACCA id, user-at-account name, a 44-character password shown once, hashed at rest', async () => {
      first = (await iam.call('CreateServiceSpecificCredential', { UserName: 'carol', ServiceName: 'codecommit.amazonaws.com' })).ServiceSpecificCredential as Credential;
      assert.match(first.ServiceSpecificCredentialId, /^ACCA[A-Z2-7]{17}$/);
      assert.match(String(first.ServicePassword), /^[A-Za-z0-9+/]{43}=$/);
      assert.deepEqual({ ...first, ServicePassword: 'x' }, {
        UserName: 'carol', Status: 'Active', ServiceName: 'codecommit.amazonaws.com', ServiceSpecificCredentialId: first.ServiceSpecificCredentialId,
        CreateDate: new Date(NOW), ServiceUserName: `carol-at-${ACCOUNT}`, ServicePassword: 'x',
      });
      const stored = await iam.store.getEntity(ACCOUNT, 'service-specific-credential', first.ServiceSpecificCredentialId);
      assert.ok(!JSON.stringify(stored).includes(String(first.ServicePassword)));
      assert.equal(await verifyPassword(String(first.ServicePassword), String(stored?.data.secretHash)), true);
    });

    test('2 per user per service; other services; unsupported services; Bedrock API keys with an expiry', async () => {
      await iam.call('CreateServiceSpecificCredential', { UserName: 'carol', ServiceName: 'codecommit.amazonaws.com' });
      assert.equal(await iam.fails('CreateServiceSpecificCredential', { UserName: 'carol', ServiceName: 'codecommit.amazonaws.com' }, 'LimitExceeded', 409),
        'Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: 2');
      await iam.call('CreateServiceSpecificCredential', { UserName: 'carol', ServiceName: 'cassandra.amazonaws.com' });
      await iam.fails('CreateServiceSpecificCredential', { UserName: 'carol', ServiceName: 's3.amazonaws.com' }, 'NotSupportedService', 404);
      await iam.fails('CreateServiceSpecificCredential', { UserName: 'ghost', ServiceName: 'codecommit.amazonaws.com' }, 'NoSuchEntity', 404);
      const key = (await iam.call('CreateServiceSpecificCredential', { UserName: 'bob', ServiceName: 'bedrock.amazonaws.com', CredentialAgeDays: 30 })).ServiceSpecificCredential as Record<string, unknown>;
      assert.deepEqual(key.ExpirationDate, new Date(NOW + 30 * 86_400_000));
      assert.match(String(key.ServiceCredentialAlias), new RegExp(`^BedrockAPIKey-[a-z2-7]{4}-at-${ACCOUNT}$`));
      assert.match(String(key.ServiceCredentialSecret), /^[A-Za-z0-9+/]{43}=$/);
      assert.equal(key.ServicePassword, undefined);
    });

    test('List: one user, by service, the caller own, all users; paging', async () => {
      const carol = await iam.call('ListServiceSpecificCredentials', { UserName: 'carol' }) as { ServiceSpecificCredentials: Record<string, unknown>[]; IsTruncated: boolean };
      assert.equal(carol.ServiceSpecificCredentials.length, 3);
      assert.ok(carol.ServiceSpecificCredentials.every((c) => c.ServicePassword === undefined && c.UserName === 'carol'));
      const cc = await iam.call('ListServiceSpecificCredentials', { UserName: 'carol', ServiceName: 'codecommit.amazonaws.com' }) as { ServiceSpecificCredentials: unknown[] };
      assert.equal(cc.ServiceSpecificCredentials.length, 2);
      const own = await iam.call('ListServiceSpecificCredentials', {}, await iam.userCaller('bob')) as { ServiceSpecificCredentials: unknown[] };
      assert.equal(own.ServiceSpecificCredentials.length, 1);
      const all = await iam.call('ListServiceSpecificCredentials', { AllUsers: true }) as { ServiceSpecificCredentials: unknown[] };
      assert.equal(all.ServiceSpecificCredentials.length, 4);
      const page = await iam.call('ListServiceSpecificCredentials', { AllUsers: true, MaxItems: 3 }) as { ServiceSpecificCredentials: unknown[]; IsTruncated: boolean; Marker: string };
      assert.equal(page.ServiceSpecificCredentials.length, 3);
      const rest = await iam.call('ListServiceSpecificCredentials', { AllUsers: true, Marker: page.Marker }) as { ServiceSpecificCredentials: unknown[]; IsTruncated: boolean };
      assert.equal(rest.ServiceSpecificCredentials.length, 1);
      assert.equal(rest.IsTruncated, false);
    });

    test('Update status, Reset (a new password), Delete; DeleteUser refuses while any is left', async () => {
      const id = first.ServiceSpecificCredentialId;
      await iam.call('UpdateServiceSpecificCredential', { UserName: 'carol', ServiceSpecificCredentialId: id, Status: 'Inactive' });
      const reset = (await iam.call('ResetServiceSpecificCredential', { UserName: 'carol', ServiceSpecificCredentialId: id })).ServiceSpecificCredential as Credential;
      assert.notEqual(reset.ServicePassword, first.ServicePassword);
      assert.equal(reset.Status, 'Inactive');
      const stored = await iam.store.getEntity(ACCOUNT, 'service-specific-credential', id);
      assert.equal(await verifyPassword(String(reset.ServicePassword), String(stored?.data.secretHash)), true);
      assert.equal(await verifyPassword(String(first.ServicePassword), String(stored?.data.secretHash)), false);
      assert.equal(await iam.fails('UpdateServiceSpecificCredential', { UserName: 'bob', ServiceSpecificCredentialId: id, Status: 'Active' }, 'NoSuchEntity', 404), `No such credential ${id} exists`);
      assert.equal(await iam.fails('DeleteUser', { UserName: 'carol' }, 'DeleteConflict', 409), 'Cannot delete entity, must delete service specific credentials first.');
      const list = await iam.call('ListServiceSpecificCredentials', { AllUsers: true }) as { ServiceSpecificCredentials: { UserName: string; ServiceSpecificCredentialId: string }[] };
      for (const c of list.ServiceSpecificCredentials) await iam.call('DeleteServiceSpecificCredential', { UserName: c.UserName, ServiceSpecificCredentialId: c.ServiceSpecificCredentialId });
      await iam.fails('DeleteServiceSpecificCredential', { UserName: 'carol', ServiceSpecificCredentialId: id }, 'NoSuchEntity', 404);
      await iam.fails('ResetServiceSpecificCredential', { UserName: 'carol', ServiceSpecificCredentialId: id }, 'NoSuchEntity', 404);
      for (const name of ['alice', 'bob', 'carol']) await iam.call('DeleteUser', { UserName: name });
    });
  });
});
