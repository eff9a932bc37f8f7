// Secrets at rest (../shared/DESIGN.md, "Secrets"): console passwords and service-specific passwords are
// stored as scrypt hashes, server certificates' private keys sealed (AES-256-GCM, src/secrets); none of
// them appears in the SQLite files' bytes, before or after the WAL is checkpointed at close.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCaller } from '../../authn/caller.js';
import { createSealer } from '../../secrets/sealer.js';
import { openStore } from '../../store/index.js';
import type { IamDeps, OperationTable } from '../operation.js';
import { iamOperations } from '../operations.js';
import { ACCOUNT, NOW, seededRandom } from '../test-support/harness.js';
import { credentialOperations } from './operations.js';
import { selfSigned } from './test-support/keys.js';

describe('credential secrets at rest (SQLite file bytes)', () => {
  test('no password, private key or service password in the database files', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ward-cred-rest-'));
    const store = await openStore({ dataDir });
    let open = true;
    try {
      await store.migrate();
      await store.createAccount({ id: ACCOUNT, name: 'test', createdAt: new Date(NOW).toISOString() });
      const sealer = createSealer(randomBytes(32));
      const deps: IamDeps = {
        store, clock: { now: () => NOW }, random: seededRandom(11), partition: 'aws',
        sealSecret: (secret, id) => sealer.seal(secret, id), openSecret: (sealed, id) => sealer.open(sealed, id),
        newSecretAccessKey: () => 'unused',
      };
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
      const search = async (): Promise<string[]> => {
        const hits: string[] = [];
        for (const file of await readdir(dataDir)) {
          const bytes = await readFile(join(dataDir, file));
          for (const needle of needles) if (bytes.includes(Buffer.from(needle, 'utf8'))) hits.push(`${file}: ${needle.slice(0, 12)}…`);
        }
        return hits;
      };
      assert.ok((await readdir(dataDir)).length > 0);
      assert.deepEqual(await search(), []);
      // The certificate itself is public and is stored: the search would have found it.
      const certLine = certificate.split('\n')[1] ?? '';
      const files = await Promise.all((await readdir(dataDir)).map((f) => readFile(join(dataDir, f))));
      assert.ok(files.some((bytes) => bytes.includes(Buffer.from(certLine))), 'the search reads the data the store wrote');
      await store.close();
      open = false;
      assert.deepEqual(await search(), []);
    } finally {
      if (open) await store.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
