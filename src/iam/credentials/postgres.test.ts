// Credential quotas and uniqueness on PostgreSQL (SERIALIZABLE, work functions retried on serialization
// failures): racing writes never pass a per-user quota nor make a second login profile. Rules:
// "IAM and AWS STS quotas" (5 SSH public keys and 2 signing certificates per user, 2 service-specific
// credentials per user per service, 20 server certificates per account), API_CreateLoginProfile.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type IamHarness, openIamHarness } from '../test-support/harness.js';
import { onThrowawayPostgres } from '../test-support/postgres.js';
import { credentialOperations } from './operations.js';
import { selfSigned, sshKey } from './test-support/keys.js';

describe('IAM credentials on PostgreSQL', () => {
  let iam: IamHarness;
  onThrowawayPostgres((databaseUrl) => openIamHarness({ databaseUrl, operations: credentialOperations }), async (harness) => {
    iam = harness;
    await iam.call('CreateUser', { UserName: 'racer' });
  });

  const codes = (results: PromiseSettledResult<unknown>[]) =>
    results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as { code?: string }).code ?? String(r.reason))).sort();

  test('racing CreateLoginProfile: one profile, the rest EntityAlreadyExists', async () => {
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => iam.call('CreateLoginProfile', { UserName: 'racer', Password: 'Race-Passw0rd!' })));
    assert.deepEqual(codes(results), ['EntityAlreadyExists', 'EntityAlreadyExists', 'EntityAlreadyExists', 'ok']);
  });

  test('racing UploadSSHPublicKey of 7 keys: 5 kept, 2 LimitExceeded', async () => {
    const keys = Array.from({ length: 7 }, () => sshKey('ed25519').line);
    const results = await Promise.allSettled(keys.map((key) => iam.call('UploadSSHPublicKey', { UserName: 'racer', SSHPublicKeyBody: key })));
    assert.deepEqual(codes(results), ['LimitExceeded', 'LimitExceeded', 'ok', 'ok', 'ok', 'ok', 'ok']);
    assert.equal(((await iam.call('ListSSHPublicKeys', { UserName: 'racer' })).SSHPublicKeys as unknown[]).length, 5);
  });

  test('racing UploadSigningCertificate of 4 certificates: 2 kept', async () => {
    const certificates = Array.from({ length: 4 }, (_, i) => selfSigned(`race-${i}`).certificate);
    const results = await Promise.allSettled(certificates.map((body) => iam.call('UploadSigningCertificate', { UserName: 'racer', CertificateBody: body })));
    assert.deepEqual(codes(results), ['LimitExceeded', 'LimitExceeded', 'ok', 'ok']);
  });

  test('racing CreateServiceSpecificCredential for one service: 2 kept', async () => {
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => iam.call('CreateServiceSpecificCredential', { UserName: 'racer', ServiceName: 'codecommit.amazonaws.com' })));
    assert.deepEqual(codes(results), ['LimitExceeded', 'LimitExceeded', 'ok', 'ok']);
  });

  test('racing UploadServerCertificate past 20 per account, and of one name', async () => {
    const { certificate, privateKey } = selfSigned('race.example.com');
    const results = await Promise.allSettled(Array.from({ length: 23 }, (_, i) => iam.call('UploadServerCertificate', {
      ServerCertificateName: `race-${i}`, CertificateBody: certificate, PrivateKey: privateKey,
    })));
    assert.deepEqual(codes(results).filter((c) => c !== 'ok'), ['LimitExceeded', 'LimitExceeded', 'LimitExceeded']);
    // Which three lost the race is up to the race: free two of the winners.
    const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [`race-${i}`] : []));
    for (const name of winners.slice(0, 2)) await iam.call('DeleteServerCertificate', { ServerCertificateName: name });
    const same = await Promise.allSettled(Array.from({ length: 3 }, () => iam.call('UploadServerCertificate', {
      ServerCertificateName: 'same', CertificateBody: certificate, PrivateKey: privateKey,
    })));
    assert.deepEqual(codes(same), ['EntityAlreadyExists', 'EntityAlreadyExists', 'ok']);
  });
});
