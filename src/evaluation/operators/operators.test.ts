// One table per condition operator, walked by one harness. Each row: request value, policy value(s),
// expected result of `{"<Operator>": {"k:key": policy}}` for a request where k:key = request.
// Rules: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CONDITION_OPERATOR_NAMES } from '../../policy/index.js';
import { compileCondition, evaluateCondition } from '../condition.js';
import { RequestContext, type ContextInputValue } from '../context.js';
import { OPERATORS } from './registry.js';

type Row = [request: ContextInputValue, policy: string | number | boolean | (string | number | boolean)[], expected: boolean];

const TABLES: Record<string, Row[]> = {
  StringEquals: [
    ['abc', 'abc', true], ['abc', 'ABC', false], ['abc', ['x', 'abc'], true], ['abc', 'ab*', false], ['', '', true],
  ],
  StringNotEquals: [
    ['abc', 'abc', false], ['abc', 'ABC', true], ['abc', ['x', 'abc'], false], ['abc', ['x', 'y'], true],
  ],
  StringEqualsIgnoreCase: [
    ['abc', 'ABC', true], ['AbC', 'aBc', true], ['abc', 'abd', false],
  ],
  StringNotEqualsIgnoreCase: [
    ['abc', 'ABC', false], ['abc', 'abd', true], ['abc', ['ABD', 'ABC'], false],
  ],
  StringLike: [
    ['home/alice/x', 'home/*', true], ['home/alice', 'home/?lice', true], ['Home/x', 'home/*', false],
    ['abc', 'a*c', true], ['ac', 'a?c', false], ['a:b/c', 'a*c', true], ['abc', ['x*', '*bc'], true],
  ],
  StringNotLike: [
    ['home/alice/x', 'home/*', false], ['other', 'home/*', true], ['abc', ['x*', '*bc'], false],
  ],
  NumericEquals: [
    ['10', '10', true], ['10', 10, true], ['10.0', '10', true], ['10', '11', false], ['ten', '10', false],
  ],
  NumericNotEquals: [['10', '10', false], ['10', '11', true], ['10', ['10', '11'], false]],
  NumericLessThan: [['9', '10', true], ['10', '10', false], ['-1', '0', true], ['1.5', '2', true]],
  NumericLessThanEquals: [['10', '10', true], ['11', '10', false]],
  NumericGreaterThan: [['11', '10', true], ['10', '10', false]],
  NumericGreaterThanEquals: [['10', '10', true], ['9', '10', false]],
  DateEquals: [
    ['2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', true], ['1577836800', '2020-01-01T00:00:00Z', true],
    ['2020-01-01T01:00:00+01:00', '2020-01-01T00:00:00Z', true], ['2020-01-01', '2020-01-01T00:00:00Z', true],
    ['2020-01-02T00:00:00Z', '2020-01-01T00:00:00Z', false], ['not a date', '2020-01-01T00:00:00Z', false],
  ],
  DateNotEquals: [['2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', false], ['2021-01-01T00:00:00Z', '2020-01-01T00:00:00Z', true]],
  DateLessThan: [['2019-12-31T23:59:59Z', '2020-01-01T00:00:00Z', true], ['2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', false]],
  DateLessThanEquals: [['2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', true], ['2020-01-02T00:00:00Z', '1577836800', false]],
  DateGreaterThan: [['2020-01-02T00:00:00Z', '2020-01-01T00:00:00Z', true], ['1577836800', '2020-01-01T00:00:00Z', false]],
  DateGreaterThanEquals: [['2020-01-01T00:00:00Z', '1577836800', true], ['2019-01-01T00:00:00Z', '2020-01-01T00:00:00Z', false]],
  Bool: [['true', 'true', true], ['true', true, true], ['TRUE', 'true', true], ['false', 'true', false], ['yes', 'true', false]],
  BinaryEquals: [['QmluYXJ5', 'QmluYXJ5', true], ['QmluYXJ5', 'QmluYXJ6', false], ['not base64!', 'QmluYXJ5', false]],
  IpAddress: [
    ['203.0.113.7', '203.0.113.0/24', true], ['203.0.114.7', '203.0.113.0/24', false], ['10.0.0.1', '0.0.0.0/0', true],
    ['10.0.0.1', '10.0.0.1', true], ['10.0.0.2', '10.0.0.1/32', false],
    ['2001:db8::1', '2001:db8::/32', true], ['2001:db9::1', '2001:db8::/32', false], ['2001:db8::1', '::/0', true],
    ['10.0.0.1', '::/0', false], ['::ffff:10.0.0.1', '10.0.0.0/8', true], ['garbage', '0.0.0.0/0', false],
  ],
  NotIpAddress: [
    ['203.0.113.7', '203.0.113.0/24', false], ['198.51.100.1', '203.0.113.0/24', true],
    ['198.51.100.1', ['203.0.113.0/24', '198.51.100.0/24'], false], ['2001:db9::1', '2001:db8::/32', true],
  ],
  ArnEquals: [
    ['arn:aws:iam::111122223333:role/r', 'arn:aws:iam::111122223333:role/r', true],
    ['arn:aws:iam::111122223333:role/r', 'arn:aws:iam::*:role/r', true],
    ['arn:aws:iam::111122223333:role/R', 'arn:aws:iam::111122223333:role/r', false],
    ['arn:aws:iam::111122223333:role/r', 'arn:aws:iam::*', false],
    ['not-an-arn', '*', false],
  ],
  ArnLike: [
    ['arn:aws:s3:::bucket/a/b', 'arn:aws:s3:::bucket/*', true],
    ['arn:aws:sns:us-east-1:111122223333:topic', 'arn:aws:sns:*:111122223333:*', true],
    // `*` does not cross a component boundary: the region component cannot absorb the account.
    ['arn:aws:sns:us-east-1:111122223333:topic', 'arn:aws:sns:*:topic', false],
    ['arn:aws:sqs:us-east-1:111122223333:q:x', 'arn:aws:sqs:us-east-1:111122223333:q:*', true],
  ],
  ArnNotEquals: [['arn:aws:iam::1:role/r', 'arn:aws:iam::1:role/r', false], ['arn:aws:iam::1:role/x', 'arn:aws:iam::1:role/r', true]],
  ArnNotLike: [['arn:aws:s3:::b/x', 'arn:aws:s3:::b/*', false], ['arn:aws:s3:::c/x', 'arn:aws:s3:::b/*', true]],
  Null: [['x', 'true', false], ['x', 'false', true], ['x', ['true', 'false'], true]],
};

function run(operator: string, request: ContextInputValue | undefined, policy: Row[1]): boolean {
  const values = Array.isArray(policy) ? policy : [policy];
  const condition = compileCondition({ operator, key: 'k:Key', values }, true);
  return evaluateCondition(condition, RequestContext.from(request === undefined ? {} : { 'K:key': request }));
}

describe('condition operators', () => {
  it('the registry implements exactly the operators the policy language names', () => {
    assert.deepEqual([...OPERATORS.keys()].sort(), [...CONDITION_OPERATOR_NAMES].sort());
  });
  for (const [name, rows] of Object.entries(TABLES)) {
    it(name, () => {
      for (const [request, policy, expected] of rows) {
        assert.equal(run(name, request, policy), expected, `${name} ${JSON.stringify(request)} vs ${JSON.stringify(policy)}`);
      }
    });
  }
  it('every operator has a table', () => {
    assert.deepEqual(Object.keys(TABLES).sort(), [...CONDITION_OPERATOR_NAMES].sort());
  });
  it('an absent key: false for positive operators, true for negated ones and Null:true', () => {
    for (const name of CONDITION_OPERATOR_NAMES) {
      const op = OPERATORS.get(name)!;
      const expected = name === 'Null' ? true : op.negated;
      assert.equal(run(name, undefined, name === 'Null' ? 'true' : 'x'), expected, name);
    }
  });
});
