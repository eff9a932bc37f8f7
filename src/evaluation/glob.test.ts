import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
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
  it('every compiled shape (prefix*, *suffix, prefix*suffix, ...) agrees with matchParts', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'ab', ':', '/', '*', '?'), { maxLength: 6 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.constantFrom('a', 'b', ':', '/'), { maxLength: 8 }).map((parts) => parts.join('')), (pattern, subject) => {
        assert.equal(compileGlob(pattern)(subject), matchParts(globParts(pattern), subject), `${pattern} ~ ${subject}`);
      }),
      { numRuns: 5000 },
    );
    for (const [pattern, subject, expected] of [['ab*ba', 'aba', false], ['ab*ba', 'abba', true], ['s3:*object', 's3:getobject', true]] as const) {
      assert.equal(compileGlob(pattern)(subject), expected, `${pattern} ~ ${subject}`);
    }
  });
  it('literal parts keep * and ? literal', () => {
    assert.equal(matchParts(['a*'], 'a*'), true);
    assert.equal(matchParts(['a*'], 'ab'), false);
    assert.equal(matchParts(['a', STAR, '?'], 'axx?'), true);
  });
});
