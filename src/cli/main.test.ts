import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { main } from './main.js';

function io(): { stdout: PassThrough; stderr: PassThrough; out: () => string; err: () => string; value: Parameters<typeof main>[1] } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { stdout, stderr, out: () => out, err: () => err, value: { stdin: new PassThrough(), stdout, stderr, env: {} } };
}

test('ward --help lists the commands', async () => {
  const t = io();
  assert.equal(await main(['--help'], t.value), 0);
  assert.match(t.out(), /Usage: ward <command>/);
  assert.match(t.out(), /serve/);
});

test('ward --version prints the package version', async () => {
  const t = io();
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(await main(['--version'], t.value), 0);
  assert.equal(t.out(), `${pkg.version}\n`);
});

test('an unknown command exits 2 with a message', async () => {
  const t = io();
  assert.equal(await main(['frobnicate'], t.value), 2);
  assert.match(t.err(), /unknown command 'frobnicate'/);
});

test('ward serve --help documents the options and the environment', async () => {
  const t = io();
  assert.equal(await main(['serve', '--help'], t.value), 0);
  for (const option of ['--port', '--host', '--data', '--account-id', '--region', '--dev', 'WARD_DATABASE_URL', 'WARD_MASTER_KEY', 'WARD_KEY_USE_FLUSH_MS']) {
    assert.ok(t.out().includes(option), option);
  }
});

test('ward serve refuses bad options before starting anything', async () => {
  await assert.rejects(main(['serve', '--port', 'eighty'], io().value), /--port eighty is not a TCP port number/);
  await assert.rejects(main(['serve', '--account-id', '12345'], io().value), /not 12 digits/);
  await assert.rejects(main(['serve', '--dev', '--host', '10.0.0.1'], io().value), /loopback only/);
  await assert.rejects(main(['serve', '--bogus'], io().value), /Unknown option '--bogus'/);
});
