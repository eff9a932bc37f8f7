// Parsing, validation with JSON paths, printing and size limits.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy, validatePolicy } from './parse.js';
import { printPolicy } from './print.js';
import { fitsPolicySize, policySize, policySizeLimit } from './size.js';
import { parseOperator } from './condition-operators.js';
import { parseTemplate } from './variables.js';

const paths = (input: unknown, kind?: Parameters<typeof validatePolicy>[1]) => validatePolicy(input, kind).map((p) => p.path);

describe('parsePolicy', () => {
  it('accepts a statement object or array, and every element', () => {
    const doc = {
      Version: '2012-10-17', Id: 'p1',
      Statement: [{
        Sid: 'One', Effect: 'Allow', Principal: { AWS: ['123456789012', 'arn:aws:iam::123456789012:role/r'], Service: 's3.amazonaws.com', Federated: 'cognito-identity.amazonaws.com', CanonicalUser: 'abc' },
        Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/*', Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' }, NumericLessThan: { 's3:max-keys': 10 } },
      }, { Effect: 'Deny', NotPrincipal: '*', NotAction: '*', NotResource: ['*'] }],
    };
    const result = parsePolicy(doc);
    assert.deepEqual(result.problems, []);
    assert.equal(result.policy?.statements.length, 2);
    assert.equal(result.policy?.statements[0]?.condition?.[1]?.values[0], 10);
    assert.deepEqual(parsePolicy(JSON.stringify({ Statement: { Effect: 'Allow', Action: '*', Resource: '*' } })).problems, []);
  });
  it('Version: 2012-10-17, 2008-10-17 or absent', () => {
    assert.equal(parsePolicy({ Version: '2008-10-17', Statement: { Effect: 'Allow', Action: '*' } }).policy?.version, '2008-10-17');
    assert.equal(parsePolicy({ Statement: { Effect: 'Allow', Action: '*' } }).policy?.version, undefined);
    assert.deepEqual(paths({ Version: '2012-10-18', Statement: { Effect: 'Allow', Action: '*' } }), ['Version']);
  });
  it('reports every problem with its JSON path', () => {
    const doc = {
      Statement: [
        { Sid: 'a', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
        { Sid: 'a', Effect: 'allow', Action: 'GetObject', Resource: 'bucket', Condition: { StringEqualz: { 'aws:x': 'y' } } },
        { Effect: 'Deny', Action: '*', NotAction: '*', Resource: '*', Principal: { Bogus: 'x' }, Extra: 1 },
      ],
    };
    const problems = validatePolicy(doc);
    const byPath = new Map(problems.map((p) => [p.path, p.message]));
    assert.match(byPath.get('Statement[1].Sid')!, /unique/);
    assert.match(byPath.get('Statement[1].Effect')!, /Allow or Deny/);
    assert.match(byPath.get('Statement[1].Action')!, /prefaced by a vendor/);
    assert.match(byPath.get('Statement[1].Resource')!, /ARN format/);
    assert.match(byPath.get('Statement[1].Condition.StringEqualz')!, /Invalid Condition type/);
    assert.match(byPath.get('Statement[2].Extra')!, /unsupported element/);
    assert.match(byPath.get('Statement[2].Principal.Bogus')!, /Invalid principal type/);
    assert.match(byPath.get('Statement[2].NotAction')!, /both Action and NotAction/);
    assert.equal(problems.length, 8);
  });
  it('syntax errors, missing Statement, empty lists, wrong types', () => {
    assert.deepEqual(validatePolicy('{not json'), [{ path: '', message: 'Syntax errors in policy.' }]);
    assert.deepEqual(paths({}), ['Statement']);
    assert.deepEqual(paths({ Statement: [] }), ['Statement']);
    assert.deepEqual(paths({ Statement: { Effect: 'Allow', Action: [] } }), ['Statement.Action']);
    assert.deepEqual(paths({ Statement: { Effect: 'Allow', Action: ['s3:x', 3] } }), ['Statement.Action[1]']);
    assert.deepEqual(paths({ Statement: { Effect: 'Allow' } }), ['Statement.Action']);
    assert.deepEqual(paths({ Statement: { Effect: 'Allow', Action: '*', Condition: { Bool: { 'aws:x': { a: 1 } } } } }), ['Statement.Condition.Bool.aws:x']);
    assert.deepEqual(paths({ Statement: { Effect: 'Allow', Action: '*', Principal: { AWS: 'bob' } } }), ['Statement.Principal.AWS']);
  });
  it('rules that depend on the policy kind', () => {
    const noResource = { Statement: { Effect: 'Allow', Action: 's3:*' } };
    assert.deepEqual(paths(noResource, { kind: 'managed' }), ['Statement.Resource']);
    assert.deepEqual(paths({ Statement: { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' } }, { kind: 'managed' }), ['Statement.Principal']);
    assert.deepEqual(paths({ Statement: { Effect: 'Allow', Action: 'sts:AssumeRole' } }, { kind: 'trust' }), ['Statement.Principal']);
    assert.deepEqual(paths({ Statement: { Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' } }, { kind: 'trust' }), []);
    assert.deepEqual(paths({ Statement: { Sid: 'not ok', Effect: 'Allow', Action: '*', Resource: '*' } }, { kind: 'managed' }), ['Statement.Sid']);
    assert.deepEqual(paths({ Statement: { Effect: 'Deny', Principal: { AWS: '123456789012' }, Action: '*', Resource: '*' } }, { kind: 'rcp' }), ['Statement.Principal']);
  });
});

describe('printPolicy', () => {
  const docs: unknown[] = [
    { Version: '2012-10-17', Statement: { Sid: 'x', Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { 'ForAnyValue:StringLike': { 'aws:TagKeys': ['a*', 'b'] }, Bool: { 'aws:SecureTransport': false } } } },
    { Id: 'i', Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: ['123456789012'], Service: 'a.amazonaws.com' }, NotAction: ['iam:*'], NotResource: 'arn:aws:s3:::b' }] },
    { Statement: { Effect: 'Allow', Principal: '*', Action: '*' } },
  ];
  it('parse -> print -> parse is the identity', () => {
    for (const doc of docs) {
      const first = parsePolicy(doc).policy!;
      const second = parsePolicy(printPolicy(first)).policy!;
      assert.deepEqual(second, first);
      assert.deepEqual(parsePolicy(printPolicy(first, { indent: 2 })).policy, first);
    }
  });
});

describe('policy sizes', () => {
  it('limits per kind (IAM and AWS STS quotas; Organizations quotas)', () => {
    assert.equal(policySizeLimit('managed'), 6144);
    assert.equal(policySizeLimit('inline-user'), 2048);
    assert.equal(policySizeLimit('inline-group'), 5120);
    assert.equal(policySizeLimit('inline-role'), 10240);
    assert.equal(policySizeLimit('trust'), 2048);
    assert.equal(policySizeLimit('scp'), 5120);
    assert.equal(policySizeLimit('resource'), undefined);
  });
  it('IAM does not count white space outside strings; Organizations counts every character', () => {
    const text = '{ "Version" : "2012-10-17",\n  "Statement" : [] }';
    assert.equal(policySize(text, 'managed'), '{"Version":"2012-10-17","Statement":[]}'.length);
    assert.equal(policySize('{"a":"b c"}', 'managed'), 11);
    assert.equal(policySize(text, 'scp'), text.length);
    assert.equal(fitsPolicySize(`"${'x'.repeat(2047)}"`, 'inline-user'), false);
    assert.equal(fitsPolicySize(`"${'x'.repeat(2046)}"`, 'inline-user'), true);
  });
});

describe('operators and variables syntax', () => {
  it('splits qualifiers and IfExists', () => {
    assert.deepEqual(parseOperator('ForAnyValue:StringLikeIfExists'), { qualifier: 'ForAnyValue', base: 'StringLike', ifExists: true });
    assert.deepEqual(parseOperator('Null'), { qualifier: undefined, base: 'Null', ifExists: false });
    assert.equal(parseOperator('NullIfExists'), undefined);
    assert.equal(parseOperator('stringequals'), undefined);
  });
  it('parses variables, defaults and escapes', () => {
    assert.equal(parseTemplate('plain'), undefined);
    assert.deepEqual(parseTemplate('a/${aws:username}/b'), [
      { kind: 'text', text: 'a/' }, { kind: 'variable', key: 'aws:username' }, { kind: 'text', text: '/b' },
    ]);
    assert.deepEqual(parseTemplate("${aws:PrincipalTag/team, 'it''s'}"), [{ kind: 'variable', key: 'aws:PrincipalTag/team', defaultValue: "it's" }]);
    assert.deepEqual(parseTemplate('${*}${?}${$}'), [{ kind: 'literal', text: '*' }, { kind: 'literal', text: '?' }, { kind: 'literal', text: '$' }]);
    assert.equal(parseTemplate('${not closed'), undefined);
  });
});
