// IAM's policy simulator on Ward's engine
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetContextKeysForPrincipalPolicy.html).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { rootCaller } from '../../authn/caller.js';
import { isAwsError } from '../../kernel/index.js';
import type { IamDeps } from '../operation.js';
import { MemoryStore } from '../authorization/test-support/memory-store.js';
import {
  ACCOUNT, DENY_ALL, addGroup, addManagedPolicy, addMember, addUser, allow, attach, putInline,
} from '../authorization/test-support/fixtures.js';
import { simulationOperations } from './operations.js';

const store = new MemoryStore();
const deps: IamDeps = {
  store, clock: { now: () => 0 }, random: { bytes: (n: number) => new Uint8Array(n) } as unknown as IamDeps['random'], partition: 'aws',
  sealSecret: (s) => s, newSecretAccessKey: () => 'x',
};
const ops = simulationOperations(deps);
const root = rootCaller('aws', ACCOUNT, 'AKIAROOT');
const run = async (name: string, input: Record<string, unknown>) => ops[name]?.({ caller: root, input, requestId: 'r' }) ?? assert.fail(name);
const USER = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
const tls = (value: string) => [{ ContextKeyName: 'aws:SecureTransport', ContextKeyValues: [value], ContextKeyType: 'boolean' }];

type Results = { EvaluationResults: Record<string, unknown>[]; IsTruncated: boolean; Marker?: string };
const decisions = (out: Record<string, unknown>) => (out as Results).EvaluationResults.map((r) => [r.EvalActionName, r.EvalResourceName, r.EvalDecision]);

describe('policy simulator', () => {
  before(async () => {
    const developers = await addGroup(store, 'Developers');
    const policy = await addManagedPolicy(store, 'DevPolicy', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' },
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::dev-bucket/*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
        { Effect: 'Allow', Action: 'iam:GetUser', Resource: `arn:aws:iam::${ACCOUNT}:user/\${aws:username}` },
      ],
    });
    await attach(store, developers, policy);
    const alice = await addUser(store, 'alice');
    await addMember(store, developers, alice);
    const denied = await addUser(store, 'denied');
    await addMember(store, developers, denied);
    await putInline(store, denied, 'deny-all', DENY_ALL);
    const bounded = await addUser(store, 'bounded', { boundary: await addManagedPolicy(store, 'Ec2Only', allow('ec2:*')) });
    await attach(store, bounded, await addManagedPolicy(store, 'Admin', allow('*')));
  });

  test('SimulatePrincipalPolicy: a user\'s group policies decide; matched statements name the policy', async () => {
    const out = await run('SimulatePrincipalPolicy', { PolicySourceArn: USER('alice'), ActionNames: ['ec2:DescribeInstances', 'ec2:RunInstances'] });
    assert.deepEqual(decisions(out), [['ec2:DescribeInstances', '*', 'allowed'], ['ec2:RunInstances', '*', 'implicitDeny']]);
    const first = (out as Results).EvaluationResults[0];
    assert.deepEqual(first?.MatchedStatements, [{ SourcePolicyId: 'DevPolicy', SourcePolicyType: 'user-managed' }]);
    assert.equal((out as Results).IsTruncated, false);
  });

  test('SimulatePrincipalPolicy: S3 over TLS only, one bucket only; missing context keys are reported', async () => {
    const object = 'arn:aws:s3:::dev-bucket/a.txt';
    const withTls = await run('SimulatePrincipalPolicy', {
      PolicySourceArn: USER('alice'), ActionNames: ['s3:GetObject', 's3:DeleteObject'], ResourceArns: [object, 'arn:aws:s3:::other/a.txt'], ContextEntries: tls('true'),
    });
    assert.deepEqual(decisions(withTls), [
      ['s3:GetObject', object, 'allowed'], ['s3:GetObject', 'arn:aws:s3:::other/a.txt', 'implicitDeny'],
      ['s3:DeleteObject', object, 'implicitDeny'], ['s3:DeleteObject', 'arn:aws:s3:::other/a.txt', 'implicitDeny'],
    ]);
    const plain = await run('SimulatePrincipalPolicy', { PolicySourceArn: USER('alice'), ActionNames: ['s3:GetObject'], ResourceArns: [object], ContextEntries: tls('false') });
    assert.deepEqual(decisions(plain), [['s3:GetObject', object, 'implicitDeny']]);
    const missing = await run('SimulatePrincipalPolicy', { PolicySourceArn: USER('alice'), ActionNames: ['s3:GetObject'], ResourceArns: [object] });
    assert.deepEqual((missing as Results).EvaluationResults[0]?.MissingContextValues, ['aws:SecureTransport']);
  });

  test('SimulatePrincipalPolicy: the user is the simulated caller, so ${aws:username} resolves', async () => {
    const out = await run('SimulatePrincipalPolicy', { PolicySourceArn: USER('alice'), ActionNames: ['iam:GetUser'], ResourceArns: [USER('alice'), USER('bob')] });
    assert.deepEqual(decisions(out), [['iam:GetUser', USER('alice'), 'allowed'], ['iam:GetUser', USER('bob'), 'implicitDeny']]);
  });

  test('SimulatePrincipalPolicy: an inline deny-all is an explicit deny', async () => {
    const out = await run('SimulatePrincipalPolicy', { PolicySourceArn: USER('denied'), ActionNames: ['ec2:DescribeInstances'] });
    assert.deepEqual(decisions(out), [['ec2:DescribeInstances', '*', 'explicitDeny']]);
    assert.deepEqual((out as Results).EvaluationResults[0]?.MatchedStatements, [{ SourcePolicyId: 'deny-all', SourcePolicyType: 'user' }]);
  });

  test('SimulatePrincipalPolicy: the boundary limits an administrator, with its decision detail', async () => {
    const out = await run('SimulatePrincipalPolicy', { PolicySourceArn: USER('bounded'), ActionNames: ['ec2:RunInstances', 'iam:CreateUser'] });
    assert.deepEqual(decisions(out), [['ec2:RunInstances', '*', 'allowed'], ['iam:CreateUser', '*', 'implicitDeny']]);
    const details = (out as Results).EvaluationResults.map((r) => r.PermissionsBoundaryDecisionDetail);
    assert.deepEqual(details, [{ AllowedByPermissionsBoundary: true }, { AllowedByPermissionsBoundary: false }]);
    const replaced = await run('SimulatePrincipalPolicy', {
      PolicySourceArn: USER('bounded'), ActionNames: ['iam:CreateUser'], PermissionsBoundaryPolicyInputList: [JSON.stringify(allow('iam:*'))],
    });
    assert.deepEqual(decisions(replaced), [['iam:CreateUser', '*', 'allowed']]);
  });

  test('SimulatePrincipalPolicy: an unknown entity is NoSuchEntity; a malformed policy is InvalidInput', async () => {
    await assert.rejects(run('SimulatePrincipalPolicy', { PolicySourceArn: USER('ghost'), ActionNames: ['ec2:X'] }), (e: unknown) => isAwsError(e) && e.code === 'NoSuchEntity');
    await assert.rejects(
      run('SimulatePrincipalPolicy', { PolicySourceArn: USER('alice'), ActionNames: ['ec2:X'], PolicyInputList: ['{"Statement": 1}'] }),
      (e: unknown) => isAwsError(e) && e.code === 'InvalidInput',
    );
  });

  test('SimulateCustomPolicy: the given policies only, named PolicyInputList.N', async () => {
    const out = await run('SimulateCustomPolicy', {
      PolicyInputList: [JSON.stringify(allow('s3:*', '*', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } })), JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }] })],
      ActionNames: ['s3:ListBucket', 's3:DeleteBucket'],
      ContextEntries: [{ ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['10.1.2.3'], ContextKeyType: 'ip' }],
    });
    assert.deepEqual(decisions(out), [['s3:ListBucket', '*', 'allowed'], ['s3:DeleteBucket', '*', 'explicitDeny']]);
    assert.deepEqual((out as Results).EvaluationResults[1]?.MatchedStatements, [{ SourcePolicyId: 'PolicyInputList.2', SourcePolicyType: 'IAM Policy' }]);
  });

  test('SimulateCustomPolicy pages with MaxItems and Marker', async () => {
    const input = { PolicyInputList: [JSON.stringify(allow('*'))], ActionNames: ['a:One', 'a:Two', 'a:Three'], MaxItems: 2 };
    const first = (await run('SimulateCustomPolicy', input)) as Results;
    assert.equal(first.EvaluationResults.length, 2);
    assert.equal(first.IsTruncated, true);
    const second = (await run('SimulateCustomPolicy', { ...input, Marker: first.Marker })) as Results;
    assert.deepEqual(second.EvaluationResults.map((r) => r.EvalActionName), ['a:Three']);
    assert.equal(second.IsTruncated, false);
  });

  test('GetContextKeysForCustomPolicy and GetContextKeysForPrincipalPolicy list the keys the policies read', async () => {
    const custom = await run('GetContextKeysForCustomPolicy', {
      PolicyInputList: [JSON.stringify(allow('s3:*', 'arn:aws:s3:::b/${aws:username}/*', { StringEquals: { 'aws:RequestTag/team': '${aws:PrincipalTag/team}' }, Bool: { 'aws:SecureTransport': 'true' } }))],
    });
    assert.deepEqual(custom, { ContextKeyNames: ['aws:username', 'aws:RequestTag/team', 'aws:PrincipalTag/team', 'aws:SecureTransport'] });
    const principal = await run('GetContextKeysForPrincipalPolicy', { PolicySourceArn: USER('alice') });
    assert.deepEqual(principal, { ContextKeyNames: ['aws:SecureTransport', 'aws:username'] });
  });
});
