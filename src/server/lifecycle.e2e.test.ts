// End to end: first start and restart, secrets at rest, dev mode and its reset, the README quick start.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type WardProcess, startWardProcess, tempDir } from './test-support/ward-process.js';
import { type ClientTarget, awsCli, boto3 } from './test-support/clients.js';
import { useWard } from './test-support/use-ward.js';

function identityOf(result: { code: number | null; stdout: string; stderr: string }): { Arn: string; Account: string } {
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as { Arn: string; Account: string };
}

describe('first start, restart and secrets at rest (SQLite)', () => {
  const dir = tempDir();
  let first: WardProcess;

  before(async () => {
    first = await startWardProcess({ dataDir: dir.path });
  });
  after(async () => {
    await first?.stop();
    dir.remove();
  });

  test('without --account-id the default account id is random, 12 digits', () => {
    assert.match(first.accountId, /^[1-9]\d{11}$/);
    assert.notEqual(first.accountId, '123456789012');
  });

  test('the master key file is created with mode 0600', () => {
    const mode = statSync(join(dir.path, 'master.key')).mode & 0o777;
    assert.equal(mode, 0o600);
  });

  test('no file in the data directory contains the root secret', async () => {
    const secret = first.secretAccessKey ?? '';
    assert.equal(secret.length, 40);
    // Make sure the write has reached the files (WAL included) before looking.
    await first.stop();
    for (const name of readdirSync(dir.path)) {
      const bytes = readFileSync(join(dir.path, name));
      assert.equal(bytes.includes(secret), false, `${name} contains the secret`);
      assert.equal(bytes.includes(Buffer.from(secret, 'utf16le')), false, `${name} contains the secret (UTF-16)`);
    }
  });

  test('a restart keeps the account and its key, and never prints the secret again', async () => {
    const second = await startWardProcess({ dataDir: dir.path });
    try {
      assert.equal(second.accountId, first.accountId);
      assert.equal(second.secretAccessKey, undefined);
      assert.doesNotMatch(second.stdout(), /AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID/);
      assert.doesNotMatch(second.stdout() + second.stderr(), new RegExp(first.secretAccessKey ?? 'x'));
      const target: ClientTarget = { url: second.url, accessKeyId: first.accessKeyId ?? '', secretAccessKey: first.secretAccessKey ?? '' };
      assert.equal(identityOf(await awsCli(target, ['sts', 'get-caller-identity'])).Arn, `arn:aws:iam::${first.accountId}:root`);
    } finally {
      await second.stop();
    }
  });

  test('a master key file readable by others is refused', async () => {
    const other = tempDir();
    try {
      const { chmodSync, writeFileSync } = await import('node:fs');
      writeFileSync(join(other.path, 'master.key'), Buffer.alloc(32, 7).toString('base64'));
      chmodSync(join(other.path, 'master.key'), 0o644);
      await assert.rejects(startWardProcess({ dataDir: other.path, timeoutMs: 20_000 }), /master\.key|0600|chmod/);
    } finally {
      other.remove();
    }
  });
});

describe('WARD_MASTER_KEY', () => {
  test('with WARD_MASTER_KEY no key file is written; a different key is refused at start', async () => {
    const dir = tempDir();
    const key = Buffer.alloc(32, 1).toString('base64');
    try {
      const ward = await startWardProcess({ dataDir: dir.path, env: { WARD_MASTER_KEY: key } });
      await ward.stop();
      assert.equal(readdirSync(dir.path).includes('master.key'), false);
      const otherKey = Buffer.alloc(32, 2).toString('hex');
      await assert.rejects(
        startWardProcess({ dataDir: dir.path, env: { WARD_MASTER_KEY: otherKey }, timeoutMs: 20_000 }),
        /master key does not match/,
      );
      const again = await startWardProcess({ dataDir: dir.path, env: { WARD_MASTER_KEY: key } });
      await again.stop();
    } finally {
      dir.remove();
    }
  });
});

describe('--dev mode', () => {
  const ward = useWard({ args: ['--dev'] });

  test('prints a warning, and the default account is 123456789012', () => {
    assert.match(ward().process.stderr(), /WARNING: dev mode/);
    assert.equal(ward().process.accountId, '123456789012');
  });

  test('any unknown access key is the root of the default account (aws CLI, boto3)', async () => {
    const anyKey: ClientTarget = { url: ward().url, accessKeyId: 'AKIAANYTHINGATALL000', secretAccessKey: 'whatever' };
    assert.equal(identityOf(await awsCli(anyKey, ['sts', 'get-caller-identity'])).Arn, 'arn:aws:iam::123456789012:root');
    const result = await boto3({ ...anyKey, accessKeyId: 'test', secretAccessKey: 'test' }, [
      'import boto3, os',
      "print(boto3.client('sts', endpoint_url=os.environ['WARD_URL']).get_caller_identity()['Arn'])",
    ].join('\n'));
    assert.equal(result.stdout.trim(), 'arn:aws:iam::123456789012:root', result.stderr);
  });

  test('a known key with a wrong secret still fails', async () => {
    const wrong: ClientTarget = { url: ward().url, accessKeyId: ward().root.accessKeyId, secretAccessKey: 'not-the-secret' };
    const result = await awsCli(wrong, ['sts', 'get-caller-identity']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /\(SignatureDoesNotMatch\)/);
  });

  test('POST /_ward/reset empties the state back to a fresh default account', async () => {
    const before = ward().root.accessKeyId;
    const created = await awsCli(ward().root, ['iam', 'create-user', '--user-name', 'gone-after-reset']);
    assert.equal(created.code, 0, created.stderr);
    const response = await fetch(`${ward().url}/_ward/reset`, { method: 'POST' });
    assert.equal(response.status, 200);
    const fresh = (await response.json()) as { accountId: string; accessKeyId: string; secretAccessKey: string };
    assert.equal(fresh.accountId, '123456789012');
    assert.match(fresh.accessKeyId, /^AKIA/);
    assert.notEqual(fresh.accessKeyId, before);
    // The new root key verifies with its secret and fails with another: it is known again.
    const target: ClientTarget = { url: ward().url, accessKeyId: fresh.accessKeyId, secretAccessKey: fresh.secretAccessKey };
    assert.equal(identityOf(await awsCli(target, ['sts', 'get-caller-identity'])).Account, '123456789012');
    // Everything else is gone: the user created before the reset no longer exists.
    const gone = await awsCli(target, ['iam', 'get-user', '--user-name', 'gone-after-reset']);
    assert.match(gone.stderr, /\(NoSuchEntity\)/);
    const wrong = await awsCli({ ...target, secretAccessKey: 'nope' }, ['sts', 'get-caller-identity']);
    assert.match(wrong.stderr, /\(SignatureDoesNotMatch\)/);
    // The old key is now unknown, so dev mode takes it as the default root again, without its old secret.
    const old = await awsCli({ url: ward().url, accessKeyId: before, secretAccessKey: 'anything' }, ['sts', 'get-caller-identity']);
    assert.equal(identityOf(old).Account, '123456789012');
  });

  test('--dev refuses a non-loopback --host', async () => {
    const other = tempDir();
    try {
      await assert.rejects(startWardProcess({ dataDir: other.path, args: ['--dev', '--host', '0.0.0.0'], timeoutMs: 20_000 }), /loopback/);
    } finally {
      other.remove();
    }
  });
});

describe('without --dev', () => {
  test('there is no reset endpoint', async () => {
    const dir = tempDir();
    const ward = await startWardProcess({ dataDir: dir.path });
    try {
      const response = await fetch(`${ward.url}/_ward/reset`, { method: 'POST' });
      assert.equal(response.status, 404);
    } finally {
      await ward.stop();
      dir.remove();
    }
  });
});

describe('README quick start: npm start -- --port N --data DIR', () => {
  test('prints the exports; the aws CLI line it prints works with them', async () => {
    const dir = tempDir();
    const ward = await startWardProcess({
      dataDir: dir.path,
      command: { file: 'npm', args: ['start', '--silent', '--', '--port', '0', '--data', dir.path] },
      timeoutMs: 120_000,
    });
    try {
      const out = ward.stdout();
      const exports = Object.fromEntries([...out.matchAll(/^export (AWS_[A-Z_]+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
      const tryLine = /^aws --endpoint-url (\S+) sts get-caller-identity$/m.exec(out);
      assert.ok(tryLine, out);
      const target: ClientTarget = {
        url: tryLine[1] ?? '',
        accessKeyId: exports.AWS_ACCESS_KEY_ID ?? '',
        secretAccessKey: exports.AWS_SECRET_ACCESS_KEY ?? '',
        region: exports.AWS_DEFAULT_REGION ?? '',
      };
      assert.equal(exports.AWS_ENDPOINT_URL, target.url);
      assert.equal(identityOf(await awsCli(target, ['sts', 'get-caller-identity'])).Arn, `arn:aws:iam::${ward.accountId}:root`);
    } finally {
      await ward.stop();
      dir.remove();
    }
  });
});
