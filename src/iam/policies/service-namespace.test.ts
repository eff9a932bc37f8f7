// Unit tests of grantsServiceAccess, the rule ListPoliciesGrantingServiceAccess applies to each policy.
// Rules: API_ListPoliciesGrantingServiceAccess ("It only applies permissions policy logic"), the policy
// grammar's Action/NotAction wildcards (reference_policies_elements_action / _notaction, IAM User Guide).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from '../../policy/index.js';
import { grantsServiceAccess } from './service-namespace.js';

function policy(statements: readonly Record<string, unknown>[]) {
  const parsed = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }));
  assert.ok(parsed.policy, JSON.stringify(parsed.problems));
  return parsed.policy;
}

/** The namespaces of `namespaces` that one Allow statement with `element: patterns` grants. */
function granted(element: 'Action' | 'NotAction', patterns: string | string[], namespaces = ['s3', 'ec2', 'iam', 'sts']): string[] {
  const p = policy([{ Effect: 'Allow', [element]: patterns, Resource: '*' }]);
  return namespaces.filter((n) => grantsServiceAccess(p, n));
}

describe('grantsServiceAccess', () => {
  test('Action: exact actions and wildcards, case-insensitive', () => {
    assert.deepEqual(granted('Action', 's3:GetObject'), ['s3']);
    assert.deepEqual(granted('Action', 'S3:getobject'), ['s3']);
    assert.deepEqual(granted('Action', '*'), ['s3', 'ec2', 'iam', 'sts']);
    assert.deepEqual(granted('Action', 's3:*'), ['s3']);
    assert.deepEqual(granted('Action', 's3:Get*'), ['s3']);
    assert.deepEqual(granted('Action', 's?:*'), ['s3']);
    assert.deepEqual(granted('Action', 's*:*'), ['s3', 'sts']);
    assert.deepEqual(granted('Action', 's*3:*'), ['s3']);
    assert.deepEqual(granted('Action', '*:Describe*'), ['s3', 'ec2', 'iam', 'sts']);
    assert.deepEqual(granted('Action', ['iam:PassRole', 'ec2:Describe*']), ['ec2', 'iam']);
    assert.deepEqual(granted('Action', 'i*m:Get*'), ['iam']);
  });

  test('Action: patterns that name no action of the namespace grant nothing there', () => {
    // (The policy grammar already refuses `s3`, `s3:` and `s*`: an action is `*` or `vendor:name`.)
    // An action name holds no colon, so `s3:a:b` names none; `s?3:*` needs a three-letter namespace.
    assert.deepEqual(granted('Action', 's3:a:b'), []);
    assert.deepEqual(granted('Action', 's?3:*'), []);
    assert.deepEqual(granted('Action', '*3:Get*:*'), []);
    // The namespace must match whole: `s3-object-lambda:*` is not `s3`, nor `s3:*` `s3-object-lambda`.
    assert.deepEqual(granted('Action', 's3-object-lambda:*', ['s3', 's3-object-lambda']), ['s3-object-lambda']);
    assert.deepEqual(granted('Action', 's3:*', ['s3', 's3-object-lambda']), ['s3']);
    assert.deepEqual(granted('Action', 's3*:*', ['s3', 's3-object-lambda']), ['s3', 's3-object-lambda']);
  });

  test('NotAction: grants every namespace one pattern does not cover whole', () => {
    assert.deepEqual(granted('NotAction', 'iam:*'), ['s3', 'ec2', 'sts']);
    assert.deepEqual(granted('NotAction', ['iam:*', 's3:*']), ['ec2', 'sts']);
    assert.deepEqual(granted('NotAction', 's*:*'), ['ec2', 'iam']);
    assert.deepEqual(granted('NotAction', '*:Get*'), ['s3', 'ec2', 'iam', 'sts']);
    assert.deepEqual(granted('NotAction', '*'), []);
    assert.deepEqual(granted('NotAction', '*:*'), []);
    // Some s3 actions are not Get*: s3 is still granted.
    assert.deepEqual(granted('NotAction', 's3:Get*'), ['s3', 'ec2', 'iam', 'sts']);
    // `s3:?` covers one-letter names only; `s3:*?` and `s3:?*` cover every non-empty name.
    assert.deepEqual(granted('NotAction', 's3:?', ['s3']), ['s3']);
    assert.deepEqual(granted('NotAction', 's3:*?', ['s3']), []);
    assert.deepEqual(granted('NotAction', 's3:?*', ['s3']), []);
    assert.deepEqual(granted('NotAction', 's3:??*', ['s3']), ['s3']);
  });

  test('only Allow statements count, whatever their Resource and Condition', () => {
    assert.equal(grantsServiceAccess(policy([{ Effect: 'Deny', Action: 's3:*', Resource: '*' }]), 's3'), false);
    assert.equal(grantsServiceAccess(policy([{ Effect: 'Deny', NotAction: 'iam:*', Resource: '*' }]), 's3'), false);
    const scoped = policy([{
      Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*',
      Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
    }]);
    assert.equal(grantsServiceAccess(scoped, 's3'), true);
    // An Allow next to a Deny of the same actions still counts: the policy grants, a Deny elsewhere decides.
    const both = policy([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: '*' }]);
    assert.equal(grantsServiceAccess(both, 's3'), true);
    assert.equal(grantsServiceAccess(both, 'ec2'), false);
  });
});
