import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { policyCommand } from './policy.js';

async function run(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await policyCommand(args, { stdin: Readable.from([stdin]), stdout, stderr });
  return { code, stdout: out, stderr: err };
}

const A = '111122223333';
const input = (action: string) => ({
  request: { principal: { type: 'IAMUser', arn: `arn:aws:iam::${A}:user/a`, account: A }, action, resource: { arn: '*', account: A }, context: {} },
  policies: { identity: [{ Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } }] },
});

describe('ward policy decide', () => {
  it('one request -> one JSON line', async () => {
    const r = await run(['decide'], JSON.stringify(input('s3:GetObject')));
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout), { decision: 'Allow', reasons: [{ kind: 'Statement', policyType: 'identity', effect: 'Allow', policyIndex: 0, statementIndex: 0 }] });
  });
  it('malformed input: message on stderr, exit 2, no decision', async () => {
    for (const bad of ['{nope', JSON.stringify({ request: {}, policies: {} })]) {
      const r = await run(['decide'], bad);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /ward policy decide: /);
    }
  });
  it('--jsonl: one decision per line, in order', async () => {
    const lines = [input('s3:GetObject'), input('ec2:RunInstances'), input('s3:PutObject')].map((x) => JSON.stringify(x)).join('\n');
    const r = await run(['decide', '--jsonl'], `${lines}\n\n`);
    assert.equal(r.code, 0);
    assert.deepEqual(r.stdout.trim().split('\n').map((l) => JSON.parse(l).decision), ['Allow', 'ImplicitDeny', 'Allow']);
  });
  it('--jsonl stops at the first malformed line with exit 2', async () => {
    const r = await run(['decide', '--jsonl'], `${JSON.stringify(input('s3:GetObject'))}\n{bad\n${JSON.stringify(input('s3:GetObject'))}`);
    assert.equal(r.code, 2);
    assert.equal(r.stdout.trim().split('\n').length, 1);
    assert.match(r.stderr, /line 2/);
  });
  it('unknown sub-command: usage, exit 2', async () => {
    assert.equal((await run(['frobnicate'])).code, 2);
  });
});

describe('ward policy validate', () => {
  it('prints every problem with its path, exit 1; exit 0 when valid', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ward-policy-'));
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ Statement: [{ Effect: 'allow', Action: 'x' }] }));
    const r = await run(['validate', bad]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^Statement\[0\]\.Effect: /m);
    assert.match(r.stdout, /^Statement\[0\]\.Action: /m);
    const good = join(dir, 'good.json');
    await writeFile(good, JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } }));
    assert.equal((await run(['validate', good, '--kind', 'managed'])).code, 0);
    assert.equal((await run(['validate', good, '--kind', 'trust'])).code, 1);
    assert.equal((await run(['validate', join(dir, 'missing.json')])).code, 2);
  });
});
