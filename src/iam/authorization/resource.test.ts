// Resource ARNs per operation, per the service authorization reference for IAM
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { rootCaller } from '../../authn/caller.js';
import { entityTags, resolveResource } from './resource.js';
import { MemoryStore } from './test-support/memory-store.js';
import { ACCOUNT, addGroup, addManagedPolicy, addProvider, addUser, allow, userCaller } from './test-support/fixtures.js';

describe('resolveResource', () => {
  const store = new MemoryStore();
  let alice: ReturnType<typeof userCaller>;
  before(async () => {
    alice = userCaller(await addUser(store, 'alice', { path: '/dev/' }));
    await addUser(store, 'Bob', { path: '/ops/team/', tags: [{ Key: 'team', Value: 'ops' }] });
    await addGroup(store, 'Developers', '/eng/');
    await addManagedPolicy(store, 'ReadThings', allow('ec2:Describe*'));
    await addProvider(store, 'oidc-provider', 'token.example.com/org/a', [{ Key: 'env', Value: 'prod' }]);
    // Named like the path's last segment: an ARN with a path must not resolve to it.
    await addProvider(store, 'oidc-provider', 'a', [{ Key: 'env', Value: 'dev' }]);
    await addProvider(store, 'saml-provider', 'Okta', [{ Key: 'env', Value: 'test' }]);
  });
  const resolve = (action: string, input: Record<string, unknown>, caller = alice, service = 'iam') =>
    resolveResource(store, 'aws', { caller, service, action, input });

  test('an existing user is named with its path (lookup ignores case)', async () => {
    const resolved = await resolve('GetUser', { UserName: 'bob' });
    assert.equal(resolved.arn, `arn:aws:iam::${ACCOUNT}:user/ops/team/Bob`);
    assert.equal(resolved.type, 'user');
    assert.equal(resolved.entity?.name, 'Bob');
  });

  test('CreateUser uses the requested Path; the default path is /', async () => {
    assert.equal((await resolve('CreateUser', { UserName: 'carol', Path: '/a/b/' })).arn, `arn:aws:iam::${ACCOUNT}:user/a/b/carol`);
    assert.equal((await resolve('CreateUser', { UserName: 'carol' })).arn, `arn:aws:iam::${ACCOUNT}:user/carol`);
    // A path may hold `$` (IAM's path pattern allows \u0021-\u007E): it is text, not a replacement pattern.
    assert.equal((await resolve('CreateUser', { UserName: 'dan', Path: "/a$&b$'c/" })).arn, `arn:aws:iam::${ACCOUNT}:user/a$&b$'c/dan`);
  });

  test('no UserName where the operation allows it: the calling user', async () => {
    assert.equal((await resolve('GetUser', {})).arn, `arn:aws:iam::${ACCOUNT}:user/dev/alice`);
    assert.equal((await resolve('CreateAccessKey', {})).arn, `arn:aws:iam::${ACCOUNT}:user/dev/alice`);
    assert.equal((await resolve('ListAccessKeys', {})).arn, `arn:aws:iam::${ACCOUNT}:user/dev/alice`);
  });

  test('a user Ward does not hold is named at the root path', async () => {
    assert.equal((await resolve('DeleteUser', { UserName: 'ghost' })).arn, `arn:aws:iam::${ACCOUNT}:user/ghost`);
  });

  test('operations with no resource type are authorized on *', async () => {
    for (const action of ['ListUsers', 'ListPolicies', 'ListRoles', 'ListGroups', 'GetAccountSummary', 'SimulateCustomPolicy']) {
      const resolved = await resolve(action, {});
      assert.equal(resolved.arn, '*', action);
      assert.equal(resolved.account, ACCOUNT);
    }
  });

  test('group, role and instance profile operations name their entity', async () => {
    assert.equal((await resolve('GetGroup', { GroupName: 'developers' })).arn, `arn:aws:iam::${ACCOUNT}:group/eng/Developers`);
    assert.equal((await resolve('CreateGroup', { GroupName: 'Ops', Path: '/x/' })).arn, `arn:aws:iam::${ACCOUNT}:group/x/Ops`);
    assert.equal((await resolve('AddUserToGroup', { GroupName: 'Developers', UserName: 'bob' })).arn, `arn:aws:iam::${ACCOUNT}:group/eng/Developers`);
    assert.equal((await resolve('CreateRole', { RoleName: 'app', Path: '/svc/' })).arn, `arn:aws:iam::${ACCOUNT}:role/svc/app`);
    assert.equal((await resolve('GetRole', { RoleName: 'app' })).arn, `arn:aws:iam::${ACCOUNT}:role/app`);
    assert.equal(
      (await resolve('AddRoleToInstanceProfile', { InstanceProfileName: 'web', RoleName: 'app' })).arn,
      `arn:aws:iam::${ACCOUNT}:instance-profile/web`,
    );
  });

  test('attaching a policy is authorized on the user, group or role, not on the policy', async () => {
    const policyArn = `arn:aws:iam::${ACCOUNT}:policy/ReadThings`;
    assert.equal((await resolve('AttachUserPolicy', { UserName: 'bob', PolicyArn: policyArn })).arn, `arn:aws:iam::${ACCOUNT}:user/ops/team/Bob`);
    assert.equal((await resolve('AttachGroupPolicy', { GroupName: 'Developers', PolicyArn: policyArn })).type, 'group');
  });

  test('policy operations name the policy ARN; CreatePolicy builds it from Path and PolicyName', async () => {
    const policyArn = `arn:aws:iam::${ACCOUNT}:policy/ReadThings`;
    const got = await resolve('GetPolicy', { PolicyArn: policyArn });
    assert.equal(got.arn, policyArn);
    assert.equal(got.entity?.name, 'ReadThings');
    assert.equal((await resolve('CreatePolicyVersion', { PolicyArn: policyArn })).arn, policyArn);
    assert.equal((await resolve('CreatePolicy', { PolicyName: 'P', Path: '/team/' })).arn, `arn:aws:iam::${ACCOUNT}:policy/team/P`);
  });

  test('AWS managed policies count as the caller account\'s resources; another account\'s stay theirs', async () => {
    const managed = await resolve('GetPolicy', { PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    assert.equal(managed.arn, 'arn:aws:iam::aws:policy/ReadOnlyAccess');
    assert.equal(managed.account, ACCOUNT);
    assert.equal((await resolve('GetPolicy', { PolicyArn: 'arn:aws:iam::999988887777:policy/X' })).account, '999988887777');
  });

  test('SimulatePrincipalPolicy is authorized on the PolicySourceArn, whatever its kind', async () => {
    const user = await resolve('SimulatePrincipalPolicy', { PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/ops/team/Bob` });
    assert.equal(user.type, 'user');
    assert.equal(user.entity?.name, 'Bob');
    const role = await resolve('SimulatePrincipalPolicy', { PolicySourceArn: `arn:aws:iam::${ACCOUNT}:role/app` });
    assert.equal(role.arn, `arn:aws:iam::${ACCOUNT}:role/app`);
    assert.equal(role.type, 'role');
  });

  test('ListPoliciesGrantingServiceAccess is authorized on the identity its Arn names, not the caller', async () => {
    const role = await resolve('ListPoliciesGrantingServiceAccess', { Arn: `arn:aws:iam::${ACCOUNT}:role/app`, ServiceNamespaces: ['s3'] });
    assert.equal(role.arn, `arn:aws:iam::${ACCOUNT}:role/app`);
    assert.equal(role.type, 'role');
    const user = await resolve('ListPoliciesGrantingServiceAccess', { Arn: `arn:aws:iam::${ACCOUNT}:user/ops/team/Bob`, ServiceNamespaces: ['s3'] });
    assert.equal(user.entity?.name, 'Bob');
    assert.equal(user.type, 'user');
  });

  test('CreateOpenIDConnectProvider is authorized on the provider its Url names: host and path, no scheme', async () => {
    const created = await resolve('CreateOpenIDConnectProvider', { Url: 'https://new.example.com/tenant/1', ThumbprintList: [] });
    assert.equal(created.arn, `arn:aws:iam::${ACCOUNT}:oidc-provider/new.example.com/tenant/1`);
    assert.equal(created.type, 'oidc-provider');
    assert.equal((await resolve('CreateOpenIDConnectProvider', { Url: 'https://host.example.com' })).arn, `arn:aws:iam::${ACCOUNT}:oidc-provider/host.example.com`);
    assert.equal((await resolve('CreateSAMLProvider', { Name: 'Azure', SAMLMetadataDocument: 'x' })).arn, `arn:aws:iam::${ACCOUNT}:saml-provider/Azure`);
  });

  test('provider operations find the provider entity (its tags are aws:ResourceTag/*); an OIDC ARN\'s whole path is the name', async () => {
    const oidcArn = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.example.com/org/a`;
    for (const action of ['GetOpenIDConnectProvider', 'TagOpenIDConnectProvider', 'DeleteOpenIDConnectProvider']) {
      const oidc = await resolve(action, { OpenIDConnectProviderArn: oidcArn });
      assert.equal(oidc.arn, oidcArn, action);
      assert.equal(oidc.entity?.name, 'token.example.com/org/a', action);
      assert.deepEqual(entityTags(oidc.entity), [{ Key: 'env', Value: 'prod' }], action);
    }
    const samlArn = `arn:aws:iam::${ACCOUNT}:saml-provider/Okta`;
    const saml = await resolve('GetSAMLProvider', { SAMLProviderArn: samlArn });
    assert.equal(saml.arn, samlArn);
    assert.equal(saml.entity?.kind, 'saml-provider');
    assert.deepEqual(entityTags(saml.entity), [{ Key: 'env', Value: 'test' }]);
    const missing = await resolve('GetOpenIDConnectProvider', { OpenIDConnectProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/ghost.example.com/a` });
    assert.equal(missing.entity, undefined);
  });

  test('the partition comes from the configuration', async () => {
    const resolved = await resolveResource(store, 'aws-cn', { caller: alice, service: 'iam', action: 'CreateUser', input: { UserName: 'x' } });
    assert.equal(resolved.arn, `arn:aws-cn:iam::${ACCOUNT}:user/x`);
  });

  test('the root user without lookups: names are at the root path, its own GetUser is the root ARN', async () => {
    const root = rootCaller('aws', ACCOUNT, 'AKIAROOT');
    assert.equal((await resolveResource(undefined, 'aws', { caller: root, service: 'iam', action: 'GetUser', input: {} })).arn, root.arn);
    const other = await resolveResource(undefined, 'aws', { caller: root, service: 'iam', action: 'GetUser', input: { UserName: 'bob' } });
    assert.equal(other.arn, `arn:aws:iam::${ACCOUNT}:user/bob`);
    assert.equal(other.entity, undefined);
  });

  test('STS AssumeRole is authorized on the role ARN', async () => {
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/app`;
    assert.equal((await resolve('AssumeRole', { RoleArn: roleArn, RoleSessionName: 's' }, alice, 'sts')).arn, roleArn);
  });
});
