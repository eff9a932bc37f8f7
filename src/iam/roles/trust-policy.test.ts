// The trust policy checks of CreateRole / UpdateAssumeRolePolicy, with IAM's messages (API_CreateRole,
// "IAM and AWS STS quotas": ACLSizePerRole 2,048; messages as AWS answers them, see trust-policy.ts).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isAwsError } from '../../kernel/index.js';
import { checkTrustPolicy, encodePolicyDocument } from './trust-policy.js';

function trust(statement: Record<string, unknown>): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', ...statement }] });
}

function refused(document: string): { code: string; message: string } {
  try {
    checkTrustPolicy(document);
  } catch (error) {
    assert.ok(isAwsError(error));
    return { code: error.code, message: error.message };
  }
  assert.fail('accepted');
}

describe('trust policies', () => {
  test('a service principal and another account root are accepted', () => {
    checkTrustPolicy(trust({ Principal: { Service: 'ec2.amazonaws.com' } }));
    checkTrustPolicy(trust({ Principal: { AWS: 'arn:aws:iam::111122223333:root' } }));
    checkTrustPolicy(trust({ Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'] }));
    checkTrustPolicy(trust({ Principal: { AWS: '123456789012' }, Action: 'sts:*' }));
  });

  test('not JSON: "This policy contains invalid Json"', () => {
    assert.deepEqual(refused('{"Version":'), { code: 'MalformedPolicyDocument', message: 'This policy contains invalid Json' });
  });

  test('a Resource is prohibited', () => {
    assert.deepEqual(refused(trust({ Principal: { Service: 'ec2.amazonaws.com' }, Resource: '*' })),
      { code: 'MalformedPolicyDocument', message: 'Has prohibited field Resource' });
  });

  test('a Principal is required; an invalid principal is named', () => {
    assert.deepEqual(refused(trust({})), { code: 'MalformedPolicyDocument', message: 'Missing required field Principal.' });
    assert.equal(refused(trust({ Principal: { AWS: 'not-an-arn' } })).message, 'Invalid principal in policy: "AWS":"not-an-arn".');
  });

  test('only STS role actions', () => {
    for (const action of ['s3:GetObject', '*', 'sts:GetCallerIdentity']) {
      assert.deepEqual(refused(trust({ Principal: { Service: 'ec2.amazonaws.com' }, Action: action })),
        { code: 'MalformedPolicyDocument', message: 'AssumeRole policy may only specify STS AssumeRole actions.' });
    }
  });

  test('over 2,048 characters (white space not counted) is LimitExceeded ACLSizePerRole', () => {
    const principals = Array.from({ length: 60 }, (_, i) => `arn:aws:iam::${String(100000000000 + i)}:root`);
    assert.deepEqual(refused(trust({ Principal: { AWS: principals } })), { code: 'LimitExceeded', message: 'Cannot exceed quota for ACLSizePerRole: 2048' });
    checkTrustPolicy(`${' '.repeat(3000)}${trust({ Principal: { Service: 'ec2.amazonaws.com' } })}`);
  });

  test('documents are answered percent-encoded as RFC 3986, decodable back to the text sent', () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Action": "sts:*"}]}';
    const encoded = encodePolicyDocument(text);
    assert.match(encoded, /^%7B%22Version%22%3A%20%222012-10-17%22/);
    assert.ok(encoded.includes('sts%3A%2A'));
    assert.equal(decodeURIComponent(encoded), text);
  });
});
