// Enforcement in process, on a store in memory: identity policies of a user and its groups, permissions
// boundaries, explicit denies, policy variables, root, snapshots and their invalidation
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { rootCaller } from '../../authn/caller.js';
import { isAwsError } from '../../kernel/index.js';
import type { IamEntityRecord } from '../../store/port.js';
import type { CallToAuthorize } from './call.js';
import { type Enforcer, createEnforcer } from './enforcer.js';
import { MemoryStore } from './test-support/memory-store.js';
import {
  ACCOUNT, DENY_ALL, addGroup, addManagedPolicy, addMember, addProvider, addUser, allow, attach, putInline, userCaller,
} from './test-support/fixtures.js';

const clock = { now: () => Date.parse('2026-11-25T19:00:00Z') };

describe('enforcer', () => {
  let store: MemoryStore;
  let enforcer: Enforcer;
  let alice: IamEntityRecord;
  let developers: IamEntityRecord;

  const call = (user: IamEntityRecord, action: string, input: Record<string, unknown> = {}, extra: Partial<CallToAuthorize> = {}): CallToAuthorize => ({
    caller: userCaller(user), service: 'iam', action, input, sourceIp: '127.0.0.1', secureTransport: true, ...extra,
  });
  const decision = async (c: CallToAuthorize) => (await enforcer.decide(c)).decision.decision;

  beforeEach(async () => {
    store = new MemoryStore();
    enforcer = createEnforcer({ store, partition: 'aws', clock });
    alice = await addUser(store, 'alice', { tags: [{ Key: 'team', Value: 'red' }] });
    developers = await addGroup(store, 'Developers');
    await addMember(store, developers, alice);
  });

  test('a user with no policy is denied with AWS\'s message', async () => {
    const result = await enforcer.decide(call(alice, 'ListUsers'));
    assert.equal(result.decision.decision, 'ImplicitDeny');
    assert.equal(result.message, `User: ${alice.arn} is not authorized to perform: iam:ListUsers because no identity-based policy allows the iam:ListUsers action`);
    const named = await enforcer.decide(call(alice, 'GetUser', { UserName: 'alice' }));
    assert.equal(named.message, `User: ${alice.arn} is not authorized to perform: iam:GetUser on resource: ${alice.arn} because no identity-based policy allows the iam:GetUser action`);
  });

  test('enforce throws AccessDenied, HTTP 403, Sender', async () => {
    await assert.rejects(enforcer.enforce(call(alice, 'ListUsers')), (error: unknown) => {
      assert.ok(isAwsError(error));
      assert.equal(error.code, 'AccessDenied');
      assert.equal(error.status, 403);
      assert.equal(error.type, 'Sender');
      return true;
    });
  });

  test('policies of the user\'s groups, inline and managed, apply', async () => {
    await attach(store, developers, await addManagedPolicy(store, 'Readers', allow(['iam:ListUsers', 'iam:ListGroups'])));
    await putInline(store, developers, 'roles', allow('iam:ListRoles'));
    await putInline(store, alice, 'self', allow('iam:GetUser', 'arn:aws:iam::*:user/${aws:username}'));
    enforcer.changed(ACCOUNT);
    assert.equal(await decision(call(alice, 'ListUsers')), 'Allow');
    assert.equal(await decision(call(alice, 'ListRoles')), 'Allow');
    assert.equal(await decision(call(alice, 'GetUser')), 'Allow');
    assert.equal(await decision(call(alice, 'GetUser', { UserName: 'bob' })), 'ImplicitDeny');
    assert.equal(await decision(call(alice, 'ListPolicies')), 'ImplicitDeny');
  });

  test('an inline deny-all overrides every allow; the message names the explicit deny', async () => {
    await attach(store, alice, await addManagedPolicy(store, 'Admin', allow('*')));
    await putInline(store, alice, 'deny-all', DENY_ALL);
    const result = await enforcer.decide(call(alice, 'ListUsers'));
    assert.equal(result.decision.decision, 'ExplicitDeny');
    assert.equal(result.message, `User: ${alice.arn} is not authorized to perform: iam:ListUsers with an explicit deny in an identity-based policy`);
  });

  test('a managed deny is named by its ARN', async () => {
    const arn = await addManagedPolicy(store, 'NoIam', { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }] });
    await attach(store, developers, arn);
    const result = await enforcer.decide(call(alice, 'ListUsers'));
    assert.equal(result.message, `User: ${alice.arn} is not authorized to perform: iam:ListUsers with an explicit deny in an identity-based policy: ${arn}`);
  });

  test('a permissions boundary limits an administrator to what it allows', async () => {
    const admin = await addManagedPolicy(store, 'Admin', allow('*'));
    const boundary = await addManagedPolicy(store, 'Ec2Only', allow('ec2:*'));
    const bounded = await addUser(store, 'bounded', { boundary });
    await attach(store, bounded, admin);
    assert.equal(await decision(call(bounded, 'ListUsers')), 'ImplicitDeny');
    const result = await enforcer.decide(call(bounded, 'ListUsers'));
    assert.equal(result.message, `User: ${bounded.arn} is not authorized to perform: iam:ListUsers because no permissions boundary allows the iam:ListUsers action`);
    const ec2 = await enforcer.decide({ ...call(bounded, 'DescribeInstances'), service: 'ec2' });
    assert.equal(ec2.decision.decision, 'Allow');
  });

  test('${aws:username} lets each user manage only their own access keys', async () => {
    const own = await addManagedPolicy(store, 'OwnKeys', allow(['iam:CreateAccessKey', 'iam:ListAccessKeys', 'iam:DeleteAccessKey'], `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`));
    await attach(store, developers, own);
    const bob = await addUser(store, 'bob');
    await addMember(store, developers, bob);
    assert.equal(await decision(call(alice, 'CreateAccessKey')), 'Allow');
    assert.equal(await decision(call(alice, 'ListAccessKeys', { UserName: 'alice' })), 'Allow');
    assert.equal(await decision(call(alice, 'DeleteAccessKey', { UserName: 'bob', AccessKeyId: 'AKIA' })), 'ImplicitDeny');
    assert.equal(await decision(call(bob, 'CreateAccessKey', { UserName: 'bob' })), 'Allow');
    assert.equal(await decision(call(bob, 'CreateAccessKey', { UserName: 'alice' })), 'ImplicitDeny');
  });

  test('conditions see the request context: SecureTransport, PrincipalTag, RequestTag, PolicyARN', async () => {
    await putInline(store, alice, 'conditions', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
        { Effect: 'Allow', Action: 'iam:ListGroups', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } } },
        { Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/team': 'red' } } },
        { Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: '*', Condition: { ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' } } },
      ],
    });
    assert.equal(await decision(call(alice, 'ListUsers')), 'Allow');
    assert.equal(await decision(call(alice, 'ListUsers', {}, { secureTransport: false })), 'ImplicitDeny');
    assert.equal(await decision(call(alice, 'ListGroups')), 'Allow');
    assert.equal(await decision(call(alice, 'CreateUser', { UserName: 'x', Tags: [{ Key: 'team', Value: 'red' }] })), 'Allow');
    assert.equal(await decision(call(alice, 'CreateUser', { UserName: 'x', Tags: [{ Key: 'team', Value: 'blue' }] })), 'ImplicitDeny');
    assert.equal(await decision(call(alice, 'CreateUser', { UserName: 'x' })), 'ImplicitDeny');
    assert.equal(await decision(call(alice, 'AttachUserPolicy', { UserName: 'alice', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })), 'Allow');
    assert.equal(await decision(call(alice, 'AttachUserPolicy', { UserName: 'alice', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })), 'ImplicitDeny');
  });

  test('iam:PermissionsBoundary: delegated admins may create and manage only users with the required boundary', async () => {
    const boundary = `arn:aws:iam::${ACCOUNT}:policy/DevBoundary`;
    await putInline(store, alice, 'delegate', allow(['iam:CreateUser', 'iam:PutUserPolicy'], '*', { StringEquals: { 'iam:PermissionsBoundary': boundary } }));
    await addUser(store, 'bounded-dev', { boundary });
    await addUser(store, 'free-dev');
    assert.equal(await decision(call(alice, 'CreateUser', { UserName: 'x', PermissionsBoundary: boundary })), 'Allow');
    assert.equal(await decision(call(alice, 'CreateUser', { UserName: 'x' })), 'ImplicitDeny');
    assert.equal(await decision(call(alice, 'PutUserPolicy', { UserName: 'bounded-dev', PolicyName: 'p', PolicyDocument: '{}' })), 'Allow');
    assert.equal(await decision(call(alice, 'PutUserPolicy', { UserName: 'free-dev', PolicyName: 'p', PolicyDocument: '{}' })), 'ImplicitDeny');
  });

  test('aws:ResourceTag of the target user', async () => {
    await addUser(store, 'red-one', { tags: [{ Key: 'team', Value: 'red' }] });
    await addUser(store, 'blue-one', { tags: [{ Key: 'team', Value: 'blue' }] });
    await putInline(store, alice, 'tagged', allow('iam:GetUser', '*', { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } }));
    assert.equal(await decision(call(alice, 'GetUser', { UserName: 'red-one' })), 'Allow');
    assert.equal(await decision(call(alice, 'GetUser', { UserName: 'blue-one' })), 'ImplicitDeny');
  });

  test('aws:ResourceTag of the target identity provider (OIDC with a path, SAML)', async () => {
    await addProvider(store, 'oidc-provider', 'token.example.com/red', [{ Key: 'team', Value: 'red' }]);
    await addProvider(store, 'oidc-provider', 'token.example.com/blue', [{ Key: 'team', Value: 'blue' }]);
    await addProvider(store, 'saml-provider', 'Red', [{ Key: 'team', Value: 'red' }]);
    await putInline(store, alice, 'tagged', allow(['iam:GetOpenIDConnectProvider', 'iam:GetSAMLProvider'], '*', { StringEquals: { 'aws:ResourceTag/team': 'red' } }));
    const oidc = (name: string) => ({ OpenIDConnectProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.example.com/${name}` });
    assert.equal(await decision(call(alice, 'GetOpenIDConnectProvider', oidc('red'))), 'Allow');
    assert.equal(await decision(call(alice, 'GetOpenIDConnectProvider', oidc('blue'))), 'ImplicitDeny');
    assert.equal(await decision(call(alice, 'GetSAMLProvider', { SAMLProviderArn: `arn:aws:iam::${ACCOUNT}:saml-provider/Red` })), 'Allow');
  });

  test('target entities are cached too, and dropped with the snapshots', async () => {
    const target = await addUser(store, 'target', { tags: [{ Key: 'team', Value: 'red' }] });
    await putInline(store, alice, 'tagged', allow('iam:GetUser', '*', { StringEquals: { 'aws:ResourceTag/team': 'red' } }));
    assert.equal(await decision(call(alice, 'GetUser', { UserName: 'target' })), 'Allow');
    await store.updateEntity({ ...target, data: { tags: [{ Key: 'team', Value: 'blue' }] } });
    enforcer.changed(ACCOUNT);
    assert.equal(await decision(call(alice, 'GetUser', { UserName: 'target' })), 'ImplicitDeny');
  });

  test('the root user may do anything in its own account and nothing in another', async () => {
    const root = rootCaller('aws', ACCOUNT, 'AKIAROOT');
    const base = { caller: root, service: 'iam', sourceIp: '127.0.0.1', secureTransport: false };
    assert.equal((await enforcer.decide({ ...base, action: 'CreateUser', input: { UserName: 'x' } })).decision.decision, 'Allow');
    assert.equal((await enforcer.decide({ ...base, action: 'GetPolicy', input: { PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' } })).decision.decision, 'Allow');
    const other = await enforcer.decide({ ...base, action: 'GetPolicy', input: { PolicyArn: 'arn:aws:iam::999988887777:policy/X' } });
    assert.equal(other.decision.decision, 'ImplicitDeny');
    assert.equal(store.transactions, 0, 'the root user needs no snapshot');
  });

  test('snapshots are compiled once and dropped by changed(accountId)', async () => {
    assert.equal(await decision(call(alice, 'ListUsers')), 'ImplicitDeny');
    assert.equal(await decision(call(alice, 'ListUsers')), 'ImplicitDeny');
    assert.equal(store.transactions, 1, 'one load for two requests');
    await putInline(store, alice, 'list', allow('iam:ListUsers'));
    assert.equal(await decision(call(alice, 'ListUsers')), 'ImplicitDeny', 'the snapshot is served until the change is announced');
    enforcer.changed('999988887777');
    assert.equal(await decision(call(alice, 'ListUsers')), 'ImplicitDeny', 'another account\'s change keeps it');
    enforcer.changed(ACCOUNT);
    assert.equal(await decision(call(alice, 'ListUsers')), 'Allow', 'the next request sees the change');
    assert.equal(store.transactions, 2);
  });

  test('a user that no longer exists is allowed nothing', async () => {
    await putInline(store, alice, 'list', allow('iam:ListUsers'));
    await store.deleteEntity(ACCOUNT, 'user', 'alice');
    assert.equal(await decision(call(alice, 'ListUsers')), 'ImplicitDeny');
  });

  test('a missing boundary policy allows nothing', async () => {
    const user = await addUser(store, 'orphan', { boundary: `arn:aws:iam::${ACCOUNT}:policy/Gone` });
    await putInline(store, user, 'list', allow('iam:ListUsers'));
    assert.equal(await decision(call(user, 'ListUsers')), 'ImplicitDeny');
  });

  test('an injected resolver supplies AWS managed policies', async () => {
    const withManaged = createEnforcer({
      store, partition: 'aws', clock,
      resolveManagedPolicy: async (_tx, _partition, _account, arn) => (arn === 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' ? JSON.stringify(allow(['iam:Get*', 'iam:List*'])) : undefined),
    });
    await attach(store, alice, 'arn:aws:iam::aws:policy/IAMReadOnlyAccess');
    assert.equal((await withManaged.decide(call(alice, 'ListUsers'))).decision.decision, 'Allow');
    assert.equal((await withManaged.decide(call(alice, 'CreateUser', { UserName: 'x' }))).decision.decision, 'ImplicitDeny');
  });
});
