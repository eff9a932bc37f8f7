// Qualifiers, IfExists, missing and empty keys, and policy variables in condition values.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileCondition, evaluateCondition } from './condition.js';
import { RequestContext, type ContextInputValue } from './context.js';

function check(operator: string, values: (string | number | boolean)[], context: Record<string, ContextInputValue>, variables = true): boolean {
  return evaluateCondition(compileCondition({ operator, key: 'aws:TagKeys', values }, variables), RequestContext.from(context));
}

describe('set qualifiers', () => {
  const allowed = ['a', 'b'];
  it('ForAllValues: every request value must match one policy value', () => {
    assert.equal(check('ForAllValues:StringEquals', allowed, { 'aws:TagKeys': ['a', 'b'] }), true);
    assert.equal(check('ForAllValues:StringEquals', allowed, { 'aws:TagKeys': ['a', 'c'] }), false);
  });
  it('ForAllValues: true when the key is absent or empty', () => {
    assert.equal(check('ForAllValues:StringEquals', allowed, {}), true);
    assert.equal(check('ForAllValues:StringEquals', allowed, { 'aws:TagKeys': [] }), true);
    assert.equal(check('ForAllValues:StringEquals', allowed, { 'aws:TagKeys': '' }), true);
  });
  it('ForAnyValue: one request value must match; false when absent or empty', () => {
    assert.equal(check('ForAnyValue:StringEquals', allowed, { 'aws:TagKeys': ['c', 'b'] }), true);
    assert.equal(check('ForAnyValue:StringEquals', allowed, { 'aws:TagKeys': ['c'] }), false);
    assert.equal(check('ForAnyValue:StringEquals', allowed, {}), false);
    assert.equal(check('ForAnyValue:StringEquals', allowed, { 'aws:TagKeys': [] }), false);
  });
  it('negated operators under qualifiers test each request value against the whole list', () => {
    assert.equal(check('ForAllValues:StringNotEquals', allowed, { 'aws:TagKeys': ['c', 'd'] }), true);
    assert.equal(check('ForAllValues:StringNotEquals', allowed, { 'aws:TagKeys': ['c', 'a'] }), false);
    assert.equal(check('ForAnyValue:StringNotEquals', allowed, { 'aws:TagKeys': ['a', 'c'] }), true);
    assert.equal(check('ForAnyValue:StringNotEquals', allowed, { 'aws:TagKeys': ['a', 'b'] }), false);
    assert.equal(check('ForAllValues:StringNotEquals', allowed, {}), true);
    assert.equal(check('ForAnyValue:StringNotEquals', allowed, {}), false);
  });
  it('no qualifier with several request values: positive if any matches, negated if none does', () => {
    assert.equal(check('StringEquals', allowed, { 'aws:TagKeys': ['c', 'a'] }), true);
    assert.equal(check('StringNotEquals', allowed, { 'aws:TagKeys': ['c', 'a'] }), false);
    assert.equal(check('StringNotEquals', allowed, { 'aws:TagKeys': ['c', 'd'] }), true);
  });
});

describe('IfExists and missing keys', () => {
  it('IfExists is true when the key is absent, the operator otherwise', () => {
    assert.equal(check('StringEqualsIfExists', ['a'], {}), true);
    assert.equal(check('StringEqualsIfExists', ['a'], { 'aws:tagkeys': 'a' }), true);
    assert.equal(check('StringEqualsIfExists', ['a'], { 'aws:tagkeys': 'b' }), false);
    assert.equal(check('NumericLessThanIfExists', ['5'], {}), true);
    assert.equal(check('ForAnyValue:StringEqualsIfExists', ['a'], {}), true);
  });
  it('key names are case-insensitive', () => {
    assert.equal(check('StringEquals', ['a'], { 'AWS:TAGKEYS': 'a' }), true);
  });
  it('Null tests presence only', () => {
    assert.equal(check('Null', ['true'], {}), true);
    assert.equal(check('Null', ['true'], { 'aws:TagKeys': 'x' }), false);
    assert.equal(check('Null', ['false'], { 'aws:TagKeys': 'x' }), true);
    assert.equal(check('Null', [true], { 'aws:TagKeys': [] }), true);
  });
});

describe('policy variables in condition values', () => {
  const ctx = { 'aws:TagKeys': 'alice', 'aws:username': 'alice', 'aws:PrincipalTag/team': 'red' };
  it('substitutes context values (key names case-insensitive)', () => {
    assert.equal(check('StringEquals', ['${aws:username}'], ctx), true);
    assert.equal(check('StringEquals', ['${AWS:UserName}'], ctx), true);
    assert.equal(check('StringLike', ['${aws:username}*'], { ...ctx, 'aws:TagKeys': 'alice-x' }), true);
  });
  it('a default applies when the key is absent', () => {
    assert.equal(check('StringEquals', ["${aws:PrincipalTag/dept, 'alice'}"], ctx), true);
    assert.equal(check('StringEquals', ["${aws:PrincipalTag/team, 'alice'}"], ctx), false);
  });
  it('an unresolved variable never matches, for negated operators too', () => {
    assert.equal(check('StringEquals', ['${aws:PrincipalTag/none}'], ctx), false);
    assert.equal(check('StringNotEquals', ['${aws:PrincipalTag/none}'], ctx), false);
  });
  it('a multivalued key is not usable as a variable', () => {
    assert.equal(check('StringEquals', ['${aws:SourceVpce}'], { ...ctx, 'aws:SourceVpce': ['alice'] }), false);
  });
  it('substituted text is literal: ${*} matches only a star under StringLike', () => {
    assert.equal(check('StringLike', ['a${*}'], { 'aws:TagKeys': 'a*' }), true);
    assert.equal(check('StringLike', ['a${*}'], { 'aws:TagKeys': 'ab' }), false);
    assert.equal(check('StringLike', ['${aws:PrincipalTag/p}'], { 'aws:TagKeys': 'ab', 'aws:PrincipalTag/p': 'a*' }), false);
  });
  it('no variables unless Version is 2012-10-17', () => {
    assert.equal(check('StringEquals', ['${aws:username}'], ctx, false), false);
    assert.equal(check('StringEquals', ['${aws:username}'], { 'aws:TagKeys': '${aws:username}' }, false), true);
  });
  it('variables are not read by non-string operators', () => {
    assert.equal(check('NumericEquals', ['${aws:x}'], { 'aws:TagKeys': '1', 'aws:x': '1' }), false);
  });
});
