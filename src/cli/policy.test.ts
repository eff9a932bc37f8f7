import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, openSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { decide } from '../evaluation/index.js';
import { policyCommand } from './policy.js';

async function run(args: string[], stdin: string | NodeJS.ReadableStream = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await policyCommand(args, { stdin: typeof stdin === 'string' ? Readable.from([stdin]) : stdin, stdout, stderr });
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
  it('--jsonl: a line repeating the previous policies decides as the line parsed whole would', async () => {
    // The lines after the first reuse its compiled policies when their bytes are found again; each must
    // still get exactly the decision, or the error, that decide() gives the whole line.
    const p = JSON.stringify(input('s3:GetObject').policies);
    const q = JSON.stringify(input('s3:GetObject').request);
    const other = JSON.stringify({ identity: [{ Statement: { Effect: 'Allow', Action: 'ec2:*', Resource: '*' } }] });
    const prime = `{"request":${q},"policies":${p}}`;
    const lines = [
      `{"request":${q},"policies":${p}}`, // the usual shape
      `{"policies":${p},"request":${q}}`, // policies first
      `{ "request" : ${q} , "policies" : ${p} }\r`,
      `{"request":${q},"policies":${p},"policies":null}`, // a later duplicate wins: not policies
      `{"request":${q},"policies":${p},"policies":${other}}`,
      `{"request":${q},"policies":null,"policies":${p}}`,
      `{"request":{"principal":${JSON.stringify(input('s3:GetObject').request.principal)},"policies":${p}},"policies":null}`,
      `{"policies":null,"request":${q},"x\\"policies":${p}}`, // a key that only ends in policies
      `{"request":${q},"policies":${p},"extra":1}`,
      `{"policies":${p}}`,
      `{"request":${q},"policies":${p}}}`,
      `{"request":${q},"policies":${p}`,
      `{"request":${q},"policies":${p}${p}}`,
      `{"request":${q},"policies":{"wrap":${p}}}`,
      `{"re\\u0071uest":${q},"policies":${p}}`,
      `{"request":${q.replace('"IAMUser"', '"Robot"')},"policies":${p}}`,
      `{"request":${q},"policies":${p.slice(0, -1)}}`,
    ];
    for (const line of lines) {
      let expected: { code: number; stdout: string };
      try {
        expected = { code: 0, stdout: `${JSON.stringify(decide(JSON.parse(line)))}\n` };
      } catch {
        expected = { code: 2, stdout: '' };
      }
      const r = await run(['decide', '--jsonl'], `${prime}\n${line}\n`);
      const first = `${JSON.stringify(decide(JSON.parse(prime)))}\n`;
      assert.deepEqual({ code: r.code, stdout: r.stdout }, { code: expected.code, stdout: first + expected.stdout }, line);
      if (expected.code === 2) assert.match(r.stderr, /^ward policy decide: line 2: /, line);
    }
  });
  it('--jsonl reads a file on stdin directly, lines spanning its blocks included', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ward-policy-'));
    const file = join(dir, 'in.jsonl');
    const actions = ['s3:GetObject', 'ec2:RunInstances', 's3:PutObject'];
    const count = 20000;
    const text = Array.from({ length: count }, (_, i) => JSON.stringify(input(actions[i % 3] as string))).join('\n');
    assert.ok(Buffer.byteLength(text) > 5 << 20, 'more than one block of 4 MiB: a line straddles two reads');
    await writeFile(file, text);
    const r = await run(['decide', '--jsonl'], createReadStream('', { fd: openSync(file, 'r') }));
    assert.equal(r.code, 0);
    const decisions = r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { decision: string }).decision);
    assert.equal(decisions.length, count);
    decisions.forEach((d, i) => assert.equal(d, i % 3 === 1 ? 'ImplicitDeny' : 'Allow'));
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
