// The request context of IAM calls: "AWS global condition context keys"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html) and IAM's condition
// keys in the service authorization reference
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html#awsidentityandaccessmanagementiam-policy-keys).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rootCaller } from '../../authn/caller.js';
import { buildRequestContext, isoSeconds, type ContextSource } from './context.js';
import { ACCOUNT, userCaller } from './test-support/fixtures.js';
import type { IamEntityRecord } from '../../store/port.js';

const NOW = new Date('2026-11-25T19:32:56.789Z');
const aliceEntity: IamEntityRecord = {
  accountId: ACCOUNT, kind: 'user', name: 'alice', id: 'AIDAALICE0000000001', path: '/', arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  createdAt: NOW.toISOString(), data: {},
};
const alice = userCaller(aliceEntity);
const bob: IamEntityRecord = { ...aliceEntity, name: 'bob', arn: `arn:aws:iam::${ACCOUNT}:user/bob`, data: { tags: [{ Key: 'team', Value: 'red' }] } };

function source(overrides: Partial<ContextSource>): ContextSource {
  return {
    caller: alice, principalTags: [], service: 'iam', action: 'ListUsers', input: {}, resource: { arn: '*', account: ACCOUNT },
    sourceIp: '203.0.113.7', secureTransport: true, now: NOW, ...overrides,
  };
}

describe('buildRequestContext', () => {
  test('global keys of every authenticated call by an IAM user', () => {
    const context = buildRequestContext(source({ principalTags: [{ Key: 'dept', Value: 'eng' }] }));
    assert.deepEqual(context, {
      'aws:SourceIp': '203.0.113.7',
      'aws:SecureTransport': true,
      'aws:CurrentTime': '2026-11-25T19:32:56Z',
      'aws:EpochTime': 1795635176,
      'aws:userid': 'AIDAALICE0000000001',
      'aws:username': 'alice',
      'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:user/alice`,
      'aws:PrincipalAccount': ACCOUNT,
      'aws:PrincipalType': 'User',
      'aws:PrincipalIsAWSService': false,
      'aws:ViaAWSService': false,
      'aws:PrincipalTag/dept': 'eng',
    });
  });

  test('the root user: its userid is the account, its type Account, no username', () => {
    const context = buildRequestContext(source({ caller: rootCaller('aws', ACCOUNT, 'AKIAROOT'), secureTransport: false }));
    assert.equal(context['aws:userid'], ACCOUNT);
    assert.equal(context['aws:PrincipalType'], 'Account');
    assert.equal(context['aws:SecureTransport'], false);
    assert.equal(context['aws:username'], undefined);
  });

  test('Tags of the input are aws:RequestTag/* and aws:TagKeys', () => {
    const context = buildRequestContext(source({
      action: 'CreateUser', input: { UserName: 'x', Tags: [{ Key: 'team', Value: 'red' }, { Key: 'cost', Value: '12' }] },
      resource: { arn: `arn:aws:iam::${ACCOUNT}:user/x`, account: ACCOUNT, type: 'user' },
    }));
    assert.equal(context['aws:RequestTag/team'], 'red');
    assert.equal(context['aws:RequestTag/cost'], '12');
    assert.deepEqual(context['aws:TagKeys'], ['team', 'cost']);
  });

  test('TagKeys of an Untag operation are aws:TagKeys', () => {
    const context = buildRequestContext(source({ action: 'UntagUser', input: { UserName: 'bob', TagKeys: ['a', 'b'] } }));
    assert.deepEqual(context['aws:TagKeys'], ['a', 'b']);
    assert.equal(Object.keys(context).some((k) => k.startsWith('aws:RequestTag/')), false);
  });

  test('the target user\'s tags are aws:ResourceTag/* and iam:ResourceTag/*', () => {
    const context = buildRequestContext(source({ action: 'GetUser', resource: { arn: bob.arn, account: ACCOUNT, type: 'user', entity: bob } }));
    assert.equal(context['aws:ResourceTag/team'], 'red');
    assert.equal(context['iam:ResourceTag/team'], 'red');
  });

  test('groups have no tags in IAM: no aws:ResourceTag', () => {
    const group: IamEntityRecord = { ...bob, kind: 'group', data: { tags: [{ Key: 'x', Value: 'y' }] } };
    const context = buildRequestContext(source({ action: 'GetGroup', resource: { arn: group.arn, account: ACCOUNT, type: 'group', entity: group } }));
    assert.equal(context['aws:ResourceTag/x'], undefined);
  });

  test('iam:PermissionsBoundary: the requested boundary, else the target\'s, only where the action has the key', () => {
    const boundary = `arn:aws:iam::${ACCOUNT}:policy/Boundary`;
    const userResource = { arn: bob.arn, account: ACCOUNT, type: 'user' };
    assert.equal(buildRequestContext(source({ action: 'CreateUser', input: { UserName: 'x', PermissionsBoundary: boundary }, resource: userResource }))['iam:PermissionsBoundary'], boundary);
    assert.equal(buildRequestContext(source({ action: 'PutUserPermissionsBoundary', input: { UserName: 'bob', PermissionsBoundary: boundary }, resource: userResource }))['iam:PermissionsBoundary'], boundary);
    assert.equal(buildRequestContext(source({ action: 'AttachUserPolicy', input: { UserName: 'bob' }, resource: userResource, targetBoundary: boundary }))['iam:PermissionsBoundary'], boundary);
    assert.equal(buildRequestContext(source({ action: 'CreateUser', input: { UserName: 'x' }, resource: userResource }))['iam:PermissionsBoundary'], undefined);
    assert.equal(buildRequestContext(source({ action: 'GetUser', input: {}, resource: userResource, targetBoundary: boundary }))['iam:PermissionsBoundary'], undefined);
  });

  test('iam:PolicyARN on attach and detach operations', () => {
    const policyArn = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
    for (const action of ['AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'AttachRolePolicy']) {
      assert.equal(buildRequestContext(source({ action, input: { PolicyArn: policyArn } }))['iam:PolicyARN'], policyArn, action);
    }
    assert.equal(buildRequestContext(source({ action: 'GetPolicy', input: { PolicyArn: policyArn } }))['iam:PolicyARN'], undefined);
  });
});

describe('isoSeconds', () => {
  test('whole seconds, rounded down, the same text for a Date and its milliseconds, whatever was formatted before', () => {
    const times = [NOW.getTime(), NOW.getTime() + 211, NOW.getTime() - 789, 0, -1, -1000, -1001, Date.UTC(2038, 0, 19, 3, 14, 7, 999), 8.64e15];
    for (const round of [1, 2]) {
      for (const ms of times) {
        const expected = `${new Date(ms).toISOString().slice(0, 19)}Z`;
        assert.equal(isoSeconds(ms), expected, `${ms} (round ${round})`);
        assert.equal(isoSeconds(new Date(ms)), expected, `${ms} as a Date (round ${round})`);
      }
    }
    assert.equal(isoSeconds(NOW), '2026-11-25T19:32:56Z');
  });

  test('past the seconds it keeps, every second is still formatted right (the memo empties, not goes stale)', () => {
    const start = NOW.getTime() - (NOW.getTime() % 1000);
    for (let round = 0; round < 2; round++) {
      for (let k = 0; k < 1000; k++) {
        const ms = start + k * 1000 + (k % 1000);
        assert.equal(isoSeconds(ms), `${new Date(ms).toISOString().slice(0, 19)}Z`, `second ${k} (round ${round})`);
      }
    }
  });

  test('an invalid time throws, every time', () => {
    for (let i = 0; i < 2; i++) {
      assert.throws(() => isoSeconds(Number.NaN), RangeError);
      assert.throws(() => isoSeconds(new Date(Number.NaN)), RangeError);
      assert.throws(() => isoSeconds(8.64e15 + 1000), RangeError);
    }
  });
});
