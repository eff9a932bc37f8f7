import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileGlob, globParts, matchParts, STAR } from './glob.js';

describe('glob', () => {
  const table: [string, string, boolean][] = [
    ['*', '', true], ['*', 'anything:at/all', true], ['a*', 'a', true], ['a*', 'ba', false], ['*a', 'ba', true],
    ['a?c', 'abc', true], ['a?c', 'ac', false], ['a*b*c', 'aXbYbZc', true], ['a*b*c', 'aXbYbZ', false],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/x/y', true], ['arn:aws:s3:::*/x', 'arn:aws:s3:::b/c/x', true],
    ['abc', 'abc', true], ['abc', 'abcd', false], ['**a', 'xa', true], ['?', '', false], ['', '', true],
  ];
  for (const [pattern, subject, expected] of table) {
    it(`${pattern} ~ ${subject} = ${expected}`, () => {
      assert.equal(compileGlob(pattern)(subject), expected);
      assert.equal(matchParts(globParts(pattern), subject), expected);
    });
  }
  it('literal parts keep * and ? literal', () => {
    assert.equal(matchParts(['a*'], 'a*'), true);
    assert.equal(matchParts(['a*'], 'ab'), false);
    assert.equal(matchParts(['a', STAR, '?'], 'axx?'), true);
  });
});
