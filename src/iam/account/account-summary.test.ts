// Service tests of GetAccountSummary on a real SQLite store. Rules: API_GetAccountSummary (IAM API
// Reference; the keys of its example and of the aws CLI's get-account-summary example) and the defaults of
// "IAM and AWS STS quotas".
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, type IamHarness, allow, openIamHarness } from '../test-support/harness.js';

describe('IAM GetAccountSummary (service, SQLite)', () => {
  let iam: IamHarness;
  before(async () => {
    iam = await openIamHarness();
  });
  after(async () => iam.close());

  const summary = async () => (await iam.call('GetAccountSummary')).SummaryMap as Record<string, number>;

  test('an empty account: zero counts and AWS\'s default quotas', async () => {
    assert.deepEqual(await summary(), {
      Users: 0, Groups: 0, Roles: 0, Policies: 0, InstanceProfiles: 0, Providers: 0, ServerCertificates: 0,
      MFADevices: 0, MFADevicesInUse: 0, AccountMFAEnabled: 0, AccountAccessKeysPresent: 0, AccountSigningCertificatesPresent: 0,
      PolicyVersionsInUse: 0, GlobalEndpointTokenVersion: 1,
      UsersQuota: 5000, GroupsQuota: 300, RolesQuota: 1000, PoliciesQuota: 1500, InstanceProfilesQuota: 1000, ServerCertificatesQuota: 20,
      GroupsPerUserQuota: 10, AccessKeysPerUserQuota: 2, SigningCertificatesPerUserQuota: 2,
      AttachedPoliciesPerUserQuota: 10, AttachedPoliciesPerGroupQuota: 10, AttachedPoliciesPerRoleQuota: 10, VersionsPerPolicyQuota: 5,
      PolicySizeQuota: 6144, UserPolicySizeQuota: 2048, GroupPolicySizeQuota: 5120, RolePolicySizeQuota: 10240,
      AssumeRolePolicySizeQuota: 2048, PolicyVersionsInUseQuota: 10000,
    });
  });

  test('counts what the account holds: entities, providers, attachments, root keys', async () => {
    await iam.call('CreateUser', { UserName: 'alice' });
    await iam.call('CreateUser', { UserName: 'bob' });
    await iam.call('CreateGroup', { GroupName: 'devs' });
    await iam.seed('role', 'app');
    await iam.seed('instance-profile', 'app-profile');
    const arn = ((await iam.call('CreatePolicy', { PolicyName: 'read', PolicyDocument: allow('s3:GetObject') })).Policy as { Arn: string }).Arn;
    await iam.call('AttachUserPolicy', { UserName: 'alice', PolicyArn: arn });
    await iam.call('AttachGroupPolicy', { GroupName: 'devs', PolicyArn: arn });
    await iam.call('AttachUserPolicy', { UserName: 'bob', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    await iam.store.createEntity({ accountId: ACCOUNT, kind: 'oidc-provider', name: 'idp.example.com', id: 'x', path: '/', arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/idp.example.com`, createdAt: new Date().toISOString(), data: {} });
    await iam.store.createEntity({ accountId: ACCOUNT, kind: 'saml-provider', name: 'okta', id: 'y', path: '/', arn: `arn:aws:iam::${ACCOUNT}:saml-provider/okta`, createdAt: new Date().toISOString(), data: {} });
    await iam.store.createAccessKey({ accessKeyId: 'AKIAROOTKEYROOTKEY01', accountId: ACCOUNT, owner: { kind: 'root' }, sealedSecret: 'x', status: 'Active', createdAt: new Date().toISOString() });
    const map = await summary();
    assert.deepEqual({ Users: map.Users, Groups: map.Groups, Roles: map.Roles, Policies: map.Policies, InstanceProfiles: map.InstanceProfiles,
      Providers: map.Providers, PolicyVersionsInUse: map.PolicyVersionsInUse, AccountAccessKeysPresent: map.AccountAccessKeysPresent },
    { Users: 2, Groups: 1, Roles: 1, Policies: 1, InstanceProfiles: 1, Providers: 2, PolicyVersionsInUse: 3, AccountAccessKeysPresent: 1 });
  });
});
