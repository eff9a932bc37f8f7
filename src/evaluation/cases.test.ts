// Runs the JSON evaluation corpus in ./cases/: one file per topic, each case naming the AWS rule it follows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { decide } from './index.js';

interface CorpusCase {
  readonly name: string;
  readonly doc: string;
  readonly rule: string;
  readonly input: unknown;
  readonly expect: { readonly decision?: string; readonly error?: string };
}

const casesDir = new URL('./cases/', import.meta.url);
const corpus: ReadonlyArray<{ readonly file: string; readonly cases: readonly CorpusCase[] }> = readdirSync(casesDir)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => ({ file, cases: JSON.parse(readFileSync(new URL(file, casesDir), 'utf8')) as CorpusCase[] }));

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

test('the corpus has at least 300 cases, each naming its doc page and rule', () => {
  const all = corpus.flatMap(({ file, cases }) => cases.map((c) => ({ file, c })));
  assert.ok(all.length >= 300, `only ${all.length} cases`);
  for (const { file, c } of all) {
    assert.equal(typeof c.name, 'string', `${file}: a case has no name`);
    assert.ok(typeof c.doc === 'string' && c.doc.trim() !== '', `${file} / ${c.name}: empty doc`);
    assert.ok(typeof c.rule === 'string' && c.rule.trim() !== '', `${file} / ${c.name}: empty rule`);
    const { decision, error } = c.expect;
    assert.ok(
      (decision !== undefined) !== (error !== undefined),
      `${file} / ${c.name}: expect needs exactly one of decision or error`,
    );
  }
});

test('evaluation corpus', async (t) => {
  for (const { file, cases } of corpus) {
    await t.test(file, async (t) => {
      for (const c of cases) {
        await t.test(c.name, () => {
          const context = `${file} / ${c.name}\nrule: ${c.rule}\ndoc: ${c.doc}`;
          if (c.expect.error !== undefined) {
            assert.throws(() => decide(c.input), (error: unknown) => {
              assert.equal(errorCode(error), c.expect.error, context);
              return true;
            }, context);
            return;
          }
          assert.equal(decide(c.input).decision, c.expect.decision, context);
        });
      }
    });
  }
});
