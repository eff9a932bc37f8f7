// The JSON decision interface (docs/evaluation.md) and AccessDenied messages
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isAwsError } from '../kernel/index.js';
import { accessDeniedMessage } from './access-denied-message.js';
import { compileDecidePolicies, decide, decideCompiled } from './decide.js';
import type { Decision } from './decision.js';

const A = '111122223333';
const principal = { type: 'IAMUser', arn: `arn:aws:iam::${A}:user/alice`, account: A, tags: { team: 'red' } };
const request = { principal, action: 's3:GetObject', resource: { arn: 'arn:aws:s3:::b/k', account: A }, context: {} };
const allowIf = (condition: object) => ({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: condition } });

function invalidInput(input: unknown): string {
  try {
    decide(input);
  } catch (error) {
    assert.ok(isAwsError(error));
    assert.equal(error.code, 'InvalidInput');
    return error.message;
  }
  assert.fail('expected InvalidInput');
}

describe('decide input validation', () => {
  it('rejects malformed input with a clear message', () => {
    assert.match(invalidInput(null), /input must be a JSON object/);
    assert.match(invalidInput({ policies: {} }), /input.request is required/);
    assert.match(invalidInput({ request }), /input.policies is required/);
    assert.match(invalidInput({ request: { ...request, principal: { ...principal, type: 'Robot' } }, policies: {} }), /request.principal.type must be one of/);
    assert.match(invalidInput({ request: { ...request, action: 3 }, policies: {} }), /request.action must be a string/);
    assert.match(invalidInput({ request: { ...request, resource: 'x' }, policies: {} }), /request.resource must be a JSON object/);
    assert.match(invalidInput({ request: { ...request, context: { k: { a: 1 } } }, policies: {} }), /request.context.k must be a string/);
    assert.match(invalidInput({ request, policies: { identity: {} } }), /policies.identity must be a JSON array/);
    assert.match(invalidInput({ request, policies: { identity: [{ Statement: { Effect: 'Maybe', Action: '*' } }] } }), /policies.identity\[0\] is not a valid policy: Statement.Effect/);
    assert.match(invalidInput({ request, policies: { scps: [{}] } }), /policies.scps\[0\] must be a JSON array/);
    assert.match(invalidInput({ request, policies: { resource: [{ policy: {} }] } }), /policies.resource\[0\].account must be a string/);
    assert.match(invalidInput({ request, policies: { bogus: [] } }), /policies.bogus is not a policy type/);
  });
  it('accepts policies as JSON text too', () => {
    const text = JSON.stringify({ Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } });
    assert.equal(decide({ request, policies: { identity: [text] } }).decision, 'Allow');
  });
});

describe('principal-derived context keys', () => {
  const check = (condition: object, context: object = {}) => decide({ request: { ...request, context }, policies: { identity: [allowIf(condition)] } }).decision;
  it('derives aws:PrincipalArn, aws:PrincipalAccount, aws:username, aws:PrincipalTag/*, aws:PrincipalType', () => {
    assert.equal(check({ StringEquals: { 'aws:PrincipalArn': principal.arn } }), 'Allow');
    assert.equal(check({ StringEquals: { 'aws:PrincipalAccount': A } }), 'Allow');
    assert.equal(check({ StringEquals: { 'aws:username': 'alice' } }), 'Allow');
    assert.equal(check({ StringEquals: { 'aws:PrincipalTag/team': 'red' } }), 'Allow');
    assert.equal(check({ StringEquals: { 'aws:PrincipalType': 'User' } }), 'Allow');
  });
  it('a value given in context wins', () => {
    assert.equal(check({ StringEquals: { 'aws:username': 'alice' } }, { 'aws:username': 'mallory' }), 'ImplicitDeny');
  });
  it('a role session: aws:PrincipalArn is the role ARN', () => {
    const session = { type: 'AssumedRole', arn: `arn:aws:sts::${A}:assumed-role/app/s`, account: A, session: { roleArn: `arn:aws:iam::${A}:role/app`, sessionName: 's' } };
    const out = decide({ request: { ...request, principal: session }, policies: { identity: [allowIf({ ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/app` } })] } });
    assert.equal(out.decision, 'Allow');
  });
});

describe('compile once, decide many', () => {
  it('decides several requests against one compiled set', () => {
    const compiled = compileDecidePolicies({ identity: [{ Statement: { Effect: 'Allow', Action: 's3:Get*', Resource: '*' } }] });
    assert.equal(decideCompiled(compiled, request).decision, 'Allow');
    assert.equal(decideCompiled(compiled, { ...request, action: 's3:PutObject' }).decision, 'ImplicitDeny');
  });
});

describe('accessDeniedMessage', () => {
  const subject = { principalArn: principal.arn, action: 'codecommit:ListRepositories' };
  const message = (decision: Decision, extra: object = {}) => accessDeniedMessage(decision, { ...subject, ...extra });
  it('implicit denies name the policy type that allowed nothing', () => {
    const cases: [string, string][] = [
      ['identity', 'identity-based policy'], ['boundary', 'permissions boundary'], ['session', 'session policy'],
      ['scp', 'service control policy'], ['resource', 'resource-based policy'],
    ];
    for (const [type, name] of cases) {
      assert.equal(message({ decision: 'ImplicitDeny', reasons: [{ kind: 'NoAllow', policyType: type as 'identity' }] }),
        `User: ${principal.arn} is not authorized to perform: codecommit:ListRepositories because no ${name} allows the codecommit:ListRepositories action`);
    }
  });
  it('explicit denies name the policy type, with the resource and a policy id when known', () => {
    const deny: Decision = { decision: 'ExplicitDeny', reasons: [{ kind: 'Statement', policyType: 'scp', effect: 'Deny', policyIndex: 0, level: 0, statementIndex: 0 }] };
    assert.equal(message(deny, { resourceArn: 'arn:aws:codecommit:us-east-1:111122223333:repo' }),
      `User: ${principal.arn} is not authorized to perform: codecommit:ListRepositories on resource: arn:aws:codecommit:us-east-1:111122223333:repo with an explicit deny in a service control policy`);
    const withId: Decision = { decision: 'ExplicitDeny', reasons: [{ kind: 'Statement', policyType: 'identity', effect: 'Deny', policyIndex: 0, statementIndex: 0, policyId: `arn:aws:iam::${A}:policy/Deny` }] };
    assert.equal(message(withId), `User: ${principal.arn} is not authorized to perform: codecommit:ListRepositories with an explicit deny in an identity-based policy: arn:aws:iam::${A}:policy/Deny`);
  });
  it('no message for an Allow; anonymous callers', () => {
    assert.equal(message({ decision: 'Allow', reasons: [] }), undefined);
    assert.match(accessDeniedMessage({ decision: 'ImplicitDeny', reasons: [{ kind: 'NoAllow', policyType: 'resource' }] }, { action: 's3:GetObject' })!, /^User: anonymous is not authorized/);
  });
});
