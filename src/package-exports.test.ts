// The pure core is a library: `ward/policy` and `ward/evaluation` resolve through package.json's
// subpath exports (to the built dist/, which `npm test` builds first), and bundle for a browser with no
// Node built-ins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import type * as PolicyModule from './policy/index.js';
import type * as EvaluationModule from './evaluation/index.js';

test('ward/policy and ward/evaluation resolve through the package exports', async () => {
  // Through a variable: the type-checker would otherwise resolve the package against itself.
  const specifier = (name: string) => `ward/${name}`;
  const policy = (await import(specifier('policy'))) as typeof PolicyModule;
  const evaluation = (await import(specifier('evaluation'))) as typeof EvaluationModule;
  const { policy: parsed, problems } = policy.parsePolicy('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}}', { kind: 'managed' });
  assert.deepEqual(problems, []);
  assert.ok(parsed);
  const output = evaluation.decide({
    request: {
      principal: { arn: 'arn:aws:iam::123456789012:user/alice', account: '123456789012', type: 'IAMUser' },
      action: 's3:GetObject',
      resource: { arn: 'arn:aws:s3:::bucket/key', account: '123456789012' },
      context: {},
    },
    policies: { identity: [JSON.parse(policy.printPolicy(parsed))], resource: [] },
  });
  assert.equal(output.decision, 'Allow');
});

test('the pure core bundles for the browser platform (no Node built-ins)', async () => {
  for (const entry of ['policy', 'evaluation', 'kernel']) {
    const result = await build({
      entryPoints: [fileURLToPath(new URL(`./${entry}/index.ts`, import.meta.url))],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    assert.equal(result.errors.length, 0);
    const code = result.outputFiles[0]?.text ?? '';
    assert.ok(code.length > 0);
    assert.doesNotMatch(code, /from ["']node:/);
  }
});
