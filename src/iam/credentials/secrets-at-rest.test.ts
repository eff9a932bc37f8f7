// Secrets at rest (../shared/DESIGN.md, "Secrets"): console passwords and service-specific passwords are
// stored as scrypt hashes, server certificates' private keys sealed (AES-256-GCM, src/secrets); none of
// them appears in the SQLite files' bytes, before or after the WAL is checkpointed at close.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { rootCaller } from '../../authn/caller.js';
import type { OperationTable } from '../operation.js';
import { iamOperations } from '../operations.js';
import { findInDataDir, openSealedSqlite } from '../test-support/at-rest.js';
import { ACCOUNT } from '../test-support/harness.js';
import { credentialOperations } from './operations.js';
import { selfSigned } from './test-support/keys.js';

describe('credential secrets at rest (SQLite file bytes)', () => {
  test('no password, private key or service password in the database files', async () => {
    const { dataDir, deps, close, dispose } = await openSealedSqlite('ward-cred-rest-', 11);
    try {
      const table: OperationTable = { ...iamOperations(deps), ...credentialOperations(deps) };
      const root = rootCaller('aws', ACCOUNT, 'AKIAROOTROOTROOTROOT');
      const call = (action: string, input: Record<string, unknown>) => {
        const handler = table[action];
        assert.ok(handler, action);
        return handler({ caller: root, input, requestId: 'r' });
      };
      await call('CreateUser', { UserName: 'dana' });
      const passwords = ['First-Passw0rd!', 'Second-Passw0rd!'];
      await call('CreateLoginProfile', { UserName: 'dana', Password: passwords[0] });
      await call('UpdateLoginProfile', { UserName: 'dana', Password: passwords[1] });
      const { certificate, privateKey } = selfSigned('rest.example.com');
      await call('UploadServerCertificate', { ServerCertificateName: 'rest', CertificateBody: certificate, PrivateKey: privateKey });
      const credential = (await call('CreateServiceSpecificCredential', { UserName: 'dana', ServiceName: 'codecommit.amazonaws.com' })).ServiceSpecificCredential as { ServicePassword: string; ServiceSpecificCredentialId: string };
      const reset = (await call('ResetServiceSpecificCredential', { UserName: 'dana', ServiceSpecificCredentialId: credential.ServiceSpecificCredentialId })).ServiceSpecificCredential as { ServicePassword: string };
      // The private key's base64 lines: any one of them found would be a leak.
      const keyLines = privateKey.split('\n').filter((line) => line.length > 0 && !line.startsWith('-----'));
      const needles = [...passwords, credential.ServicePassword, reset.ServicePassword, ...keyLines, 'PRIVATE KEY'];
      const search = () => findInDataDir(dataDir, needles, (needle) => `${needle.slice(0, 12)}…`);
      assert.ok((await readdir(dataDir)).length > 0);
      assert.deepEqual(await search(), []);
      // The certificate itself is public and is stored: the search would have found it.
      const certLine = certificate.split('\n')[1] ?? '';
      assert.ok((await findInDataDir(dataDir, [certLine])).length > 0, 'the search reads the data the store wrote');
      await close();
      assert.deepEqual(await search(), []);
    } finally {
      await dispose();
    }
  });
});
