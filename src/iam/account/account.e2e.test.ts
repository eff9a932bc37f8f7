// End to end: account aliases, GetAccountSummary and GetAccountAuthorizationDetails against a real Ward
// process, with boto3 (its paginator merges the detail lists across pages), the aws CLI (which pages by
// itself) and the AWS SDK v3 paginator. Rules: API_CreateAccountAlias, API_GetAccountSummary,
// API_GetAccountAuthorizationDetails (IAM API Reference).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GetAccountSummaryCommand, paginateGetAccountAuthorizationDetails } from '@aws-sdk/client-iam';
import { useWard } from '../../server/test-support/use-ward.js';
import { BOTO3_IAM_PRELUDE, awsCli, boto3, iamClient } from '../../server/test-support/clients.js';

const ACCOUNT = '777766665555';

const BOTO3_SCRIPT = String.raw`${BOTO3_IAM_PRELUDE}
out['noAlias'] = iam.list_account_aliases()['AccountAliases']
iam.create_account_alias(AccountAlias='acme-prod')
out['alias'] = iam.list_account_aliases()['AccountAliases']
err('aliasTaken', iam.create_account_alias, AccountAlias='acme-prod')
iam.create_account_alias(AccountAlias='acme-production')
out['aliasReplaced'] = iam.list_account_aliases()['AccountAliases']
err('aliasNotOurs', iam.delete_account_alias, AccountAlias='acme-prod')
err('aliasBadPattern', iam.create_account_alias, AccountAlias='Bad--Alias')
iam.delete_account_alias(AccountAlias='acme-production')
out['aliasDeleted'] = iam.list_account_aliases()['AccountAliases']

allow = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': '*'}]})
trust = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'Service': 'ec2.amazonaws.com'}, 'Action': 'sts:AssumeRole'}]})
for i in range(7):
    iam.create_user(UserName='user%d' % i)
iam.create_group(GroupName='devs')
iam.add_user_to_group(GroupName='devs', UserName='user0')
iam.put_user_policy(UserName='user0', PolicyName='inline', PolicyDocument=allow)
iam.attach_group_policy(GroupName='devs', PolicyArn='arn:aws:iam::aws:policy/ReadOnlyAccess')
pol = iam.create_policy(PolicyName='reader', PolicyDocument=allow)['Policy']['Arn']
iam.attach_user_policy(UserName='user1', PolicyArn=pol)
iam.create_role(RoleName='app', AssumeRolePolicyDocument=trust)
iam.create_instance_profile(InstanceProfileName='app')
iam.add_role_to_instance_profile(InstanceProfileName='app', RoleName='app')

s = iam.get_account_summary()['SummaryMap']
out['summary'] = {k: s[k] for k in ['Users', 'Groups', 'Roles', 'Policies', 'InstanceProfiles', 'PolicyVersionsInUse', 'UsersQuota', 'AccountAccessKeysPresent']}

pages = list(iam.get_paginator('get_account_authorization_details').paginate(PaginationConfig={'PageSize': 3}))
out['pages'] = len(pages)
merged = {k: [] for k in ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies']}
for page in pages:
    for k in merged:
        merged[k] += page.get(k, [])
out['users'] = [u['UserName'] for u in merged['UserDetailList']]
u0 = merged['UserDetailList'][0]
out['user0'] = {'GroupList': u0['GroupList'], 'Inline': u0['UserPolicyList'][0]['PolicyDocument']}
out['groups'] = [[g['GroupName'], [p['PolicyName'] for p in g['AttachedManagedPolicies']]] for g in merged['GroupDetailList']]
out['roles'] = [[r['RoleName'], [p['InstanceProfileName'] for p in r['InstanceProfileList']], r['AssumeRolePolicyDocument']['Statement'][0]['Action']] for r in merged['RoleDetailList']]
out['policies'] = [[p['Arn'], p['AttachmentCount'], p['PolicyVersionList'][0]['IsDefaultVersion']] for p in merged['Policies']]
only = iam.get_account_authorization_details(Filter=['AWSManagedPolicy'])
out['awsOnly'] = [p['PolicyName'] for p in only['Policies']] + [len(only['UserDetailList'])]
print(json.dumps(out))
`;

describe('IAM account operations end to end (SQLite)', () => {
  const ward = useWard({ accountId: ACCOUNT });

  test('boto3: aliases and their errors, the summary, the details paginator across sections', async () => {
    const result = await boto3(ward().root, BOTO3_SCRIPT);
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.deepEqual(out.noAlias, []);
    assert.deepEqual(out.alias, ['acme-prod']);
    assert.deepEqual(out.aliasTaken, ['EntityAlreadyExists', 409, 'The account alias acme-prod already exists.']);
    assert.deepEqual(out.aliasReplaced, ['acme-production']);
    assert.deepEqual(out.aliasNotOurs, ['NoSuchEntity', 404, 'The account alias acme-prod cannot be found.']);
    assert.equal((out.aliasBadPattern as unknown[])[0], 'ValidationError');
    assert.deepEqual(out.aliasDeleted, []);
    // The root key from the banner is present.
    assert.deepEqual(out.summary, { Users: 7, Groups: 1, Roles: 1, Policies: 1, InstanceProfiles: 1, PolicyVersionsInUse: 2, UsersQuota: 5000, AccountAccessKeysPresent: 1 });
    // 7 users + 1 group + 1 role + 1 customer + 1 attached AWS managed policy = 11 items in pages of 3.
    assert.equal(out.pages, 4);
    assert.deepEqual(out.users, ['user0', 'user1', 'user2', 'user3', 'user4', 'user5', 'user6']);
    assert.deepEqual(out.user0, { GroupList: ['devs'], Inline: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } });
    assert.deepEqual(out.groups, [['devs', ['ReadOnlyAccess']]]);
    assert.deepEqual(out.roles, [['app', ['app'], 'sts:AssumeRole']]);
    assert.deepEqual(out.policies, [[`arn:aws:iam::${ACCOUNT}:policy/reader`, 1, true], ['arn:aws:iam::aws:policy/ReadOnlyAccess', 1, true]]);
    assert.deepEqual(out.awsOnly, ['ReadOnlyAccess', 0]);
  });

  test('aws CLI: get-account-authorization-details pages by itself; list-account-aliases; get-account-summary', async () => {
    const details = await awsCli(ward().root, ['iam', 'get-account-authorization-details', '--page-size', '2']);
    assert.equal(details.code, 0, details.stderr);
    const merged = JSON.parse(details.stdout) as { UserDetailList: { UserName: string }[]; Policies: unknown[] };
    assert.equal(merged.UserDetailList.length, 7);
    assert.equal(merged.Policies.length, 2);
    const aliases = await awsCli(ward().root, ['iam', 'list-account-aliases']);
    assert.equal(aliases.code, 0, aliases.stderr);
    assert.deepEqual(JSON.parse(aliases.stdout), { AccountAliases: [] });
    const summary = await awsCli(ward().root, ['iam', 'get-account-summary']);
    assert.equal(summary.code, 0, summary.stderr);
    assert.equal((JSON.parse(summary.stdout) as { SummaryMap: Record<string, number> }).SummaryMap.Users, 7);
  });

  test('SDK v3: GetAccountSummary and the GetAccountAuthorizationDetails paginator', async () => {
    const client = iamClient(ward().root);
    const summary = await client.send(new GetAccountSummaryCommand({}));
    assert.equal(summary.SummaryMap?.Groups, 1);
    const users: string[] = [];
    const policies: string[] = [];
    for await (const page of paginateGetAccountAuthorizationDetails({ client, pageSize: 4 }, {})) {
      users.push(...(page.UserDetailList ?? []).map((u) => u.UserName ?? ''));
      policies.push(...(page.Policies ?? []).map((p) => p.PolicyName ?? ''));
    }
    assert.equal(users.length, 7);
    assert.deepEqual(policies, ['reader', 'ReadOnlyAccess']);
    client.destroy();
  });
});
