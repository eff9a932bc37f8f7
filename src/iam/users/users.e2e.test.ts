// End to end: users, groups and access keys against a real Ward process with the real aws CLI, boto3 and
// the AWS SDK for JavaScript v3, root credentials. Codes and statuses: IAM API Reference (API_CreateUser,
// API_DeleteUser, API_AddUserToGroup, API_CreateAccessKey, ...) and Common Errors; quotas: "IAM and AWS
// STS quotas" (2 access keys per user, 10 groups per user).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GetUserCommand, ListGroupsForUserCommand, paginateListUsers } from '@aws-sdk/client-iam';
import { useWard } from '../../server/test-support/use-ward.js';
import { type ClientTarget, awsCli, boto3, iamClient } from '../../server/test-support/clients.js';

const ACCOUNT = '111122223333';

/** Runs a boto3 script (a prelude gives `iam`, `sts_for(key)`, `attempt(name, fn, **kw)` and `out`) and parses its JSON. */
async function python(target: ClientTarget, body: string): Promise<Record<string, unknown>> {
  const prelude = [
    'import boto3, botocore, json, os',
    "iam = boto3.client('iam', endpoint_url=os.environ['WARD_URL'])",
    'out = {}',
    'def attempt(name, fn, **kw):',
    '    try:',
    '        out[name] = fn(**kw)',
    '        out[name].pop("ResponseMetadata", None)',
    '    except botocore.exceptions.ClientError as e:',
    "        out[name] = {'error': e.response['Error']['Code'], 'status': e.response['ResponseMetadata']['HTTPStatusCode'], 'message': e.response['Error']['Message']}",
    'def sts_for(key):',
    "    return boto3.client('sts', endpoint_url=os.environ['WARD_URL'], aws_access_key_id=key['AccessKeyId'], aws_secret_access_key=key['SecretAccessKey'])",
  ].join('\n');
  const result = await boto3(target, `${prelude}\n${body}\nprint(json.dumps(out, default=str))`);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

type Failure = { error: string; status: number; message: string };

function assertFailure(value: unknown, code: string, status: number, message?: string | RegExp): void {
  const failure = value as Failure;
  assert.equal(failure?.error, code, JSON.stringify(value));
  assert.equal(failure.status, status, JSON.stringify(value));
  if (typeof message === 'string') assert.equal(failure.message, message);
  else if (message !== undefined) assert.match(failure.message, message);
}

describe('IAM users, groups and access keys end to end (SQLite)', () => {
  const ward = useWard({ accountId: ACCOUNT });

  test('boto3, seed story part 1: group Developers, a user in it, 2 keys, a 3rd is LimitExceeded; the keys sign as the user', async () => {
    const out = await python(ward().root, `
attempt('group', iam.create_group, GroupName='Developers')
attempt('user', iam.create_user, UserName='alice', Path='/engineering/', Tags=[{'Key': 'team', 'Value': 'platform'}])
attempt('add', iam.add_user_to_group, GroupName='Developers', UserName='alice')
attempt('key1', iam.create_access_key, UserName='alice')
attempt('key2', iam.create_access_key, UserName='alice')
attempt('key3', iam.create_access_key, UserName='alice')
attempt('members', iam.get_group, GroupName='Developers')
attempt('keys', iam.list_access_keys, UserName='alice')
attempt('last_used', iam.get_access_key_last_used, AccessKeyId=out['key1']['AccessKey']['AccessKeyId'])
out['whoami1'] = sts_for(out['key1']['AccessKey']).get_caller_identity()['Arn']
out['whoami2'] = sts_for(out['key2']['AccessKey']).get_caller_identity()['Arn']
`);
    const user = (out.user as { User: { Arn: string; UserId: string; Tags: unknown } }).User;
    assert.equal(user.Arn, `arn:aws:iam::${ACCOUNT}:user/engineering/alice`);
    assert.match(user.UserId, /^AIDA[A-Z2-7]{17}$/);
    assert.deepEqual(user.Tags, [{ Key: 'team', Value: 'platform' }]);
    assert.match((out.group as { Group: { GroupId: string } }).Group.GroupId, /^AGPA/);
    const key1 = (out.key1 as { AccessKey: { AccessKeyId: string; SecretAccessKey: string; Status: string; UserName: string } }).AccessKey;
    assert.match(key1.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.match(key1.SecretAccessKey, /^[A-Za-z0-9/+]{40}$/);
    assert.equal(key1.Status, 'Active');
    assert.equal(key1.UserName, 'alice');
    assertFailure(out.key3, 'LimitExceeded', 409, 'Cannot exceed quota for AccessKeysPerUser: 2');
    assert.deepEqual((out.members as { Users: { UserName: string }[] }).Users.map((u) => u.UserName), ['alice']);
    const keys = (out.keys as { AccessKeyMetadata: Record<string, unknown>[] }).AccessKeyMetadata;
    assert.equal(keys.length, 2);
    for (const k of keys) assert.equal(k.SecretAccessKey, undefined);
    assert.deepEqual(out.last_used, { UserName: 'alice', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });
    assert.equal(out.whoami1, `arn:aws:iam::${ACCOUNT}:user/engineering/alice`);
    assert.equal(out.whoami2, `arn:aws:iam::${ACCOUNT}:user/engineering/alice`);
  });

  test('boto3: an inactive or deleted key stops signing at once; reactivated, it signs again', async () => {
    const out = await python(ward().root, `
keys = iam.list_access_keys(UserName='alice')['AccessKeyMetadata']
first, second = keys[0]['AccessKeyId'], keys[1]['AccessKeyId']
created = iam.create_user(UserName='kate')
k = iam.create_access_key(UserName='kate')['AccessKey']
out['before'] = sts_for(k).get_caller_identity()['Arn']
iam.update_access_key(UserName='kate', AccessKeyId=k['AccessKeyId'], Status='Inactive')
attempt('inactive', sts_for(k).get_caller_identity)
iam.update_access_key(UserName='kate', AccessKeyId=k['AccessKeyId'], Status='Active')
out['reactivated'] = sts_for(k).get_caller_identity()['Arn']
iam.delete_access_key(UserName='kate', AccessKeyId=k['AccessKeyId'])
attempt('deleted', sts_for(k).get_caller_identity)
attempt('other_users_key', iam.update_access_key, UserName='kate', AccessKeyId=first, Status='Inactive')
attempt('delete_other_users_key', iam.delete_access_key, UserName='kate', AccessKeyId=second)
out['status_after'] = [m['Status'] for m in iam.list_access_keys(UserName='alice')['AccessKeyMetadata']]
`);
    assert.equal(out.before, `arn:aws:iam::${ACCOUNT}:user/kate`);
    assertFailure(out.inactive, 'InvalidClientTokenId', 403);
    assert.equal(out.reactivated, `arn:aws:iam::${ACCOUNT}:user/kate`);
    assertFailure(out.deleted, 'InvalidClientTokenId', 403);
    assertFailure(out.other_users_key, 'NoSuchEntity', 404, /^The Access Key with id AKIA[A-Z2-7]{16} cannot be found\.$/);
    assertFailure(out.delete_other_users_key, 'NoSuchEntity', 404);
    assert.deepEqual(out.status_after, ['Active', 'Active']);
  });

  test('boto3: every error code of users and groups, with its HTTP status and AWS message', async () => {
    const out = await python(ward().root, `
attempt('dup_user', iam.create_user, UserName='ALICE')
attempt('dup_group', iam.create_group, GroupName='developers')
attempt('no_user', iam.get_user, UserName='nobody')
attempt('no_group', iam.get_group, GroupName='nogroup')
attempt('bad_name', iam.create_user, UserName='bad name!')
attempt('reserved_tag', iam.create_user, UserName='t1', Tags=[{'Key': 'aws:team', 'Value': 'x'}])
attempt('dup_tags', iam.create_user, UserName='t1', Tags=[{'Key': 'Team', 'Value': 'x'}, {'Key': 'team', 'Value': 'y'}])
attempt('too_many_in_request', iam.create_user, UserName='t1', Tags=[{'Key': 'k%d' % i, 'Value': 'v'} for i in range(51)])
iam.create_user(UserName='t50', Tags=[{'Key': 'k%d' % i, 'Value': 'v'} for i in range(50)])
attempt('tag_51st', iam.tag_user, UserName='t50', Tags=[{'Key': 'one-more', 'Value': 'v'}])
attempt('boundary_missing', iam.create_user, UserName='b1', PermissionsBoundary='arn:aws:iam::${ACCOUNT}:policy/NoSuchPolicy')
attempt('boundary_invalid', iam.create_user, UserName='b1', PermissionsBoundary='arn:aws:s3:::some-bucket-name')
attempt('boundary_managed', iam.create_user, UserName='b2', PermissionsBoundary='arn:aws:iam::aws:policy/PowerUserAccess')
attempt('delete_user_with_keys', iam.delete_user, UserName='alice')
attempt('delete_group_with_members', iam.delete_group, GroupName='Developers')
attempt('remove_non_member', iam.remove_user_from_group, GroupName='Developers', UserName='t50')
attempt('rename_taken', iam.update_user, UserName='t50', NewUserName='Alice')
iam.create_user(UserName='joiner')
for i in range(10):
    iam.create_group(GroupName='g%d' % i)
    iam.add_user_to_group(GroupName='g%d' % i, UserName='joiner')
iam.create_group(GroupName='g10')
attempt('eleventh_group', iam.add_user_to_group, GroupName='g10', UserName='joiner')
attempt('root_get_user', iam.get_user)
`);
    assertFailure(out.dup_user, 'EntityAlreadyExists', 409, 'User with name ALICE already exists.');
    assertFailure(out.dup_group, 'EntityAlreadyExists', 409, 'Group with name developers already exists.');
    assertFailure(out.no_user, 'NoSuchEntity', 404, 'The user with name nobody cannot be found.');
    assertFailure(out.no_group, 'NoSuchEntity', 404, 'The group with name nogroup cannot be found.');
    assertFailure(out.bad_name, 'ValidationError', 400);
    assertFailure(out.reserved_tag, 'InvalidInput', 400);
    assertFailure(out.dup_tags, 'InvalidInput', 400, 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    assertFailure(out.too_many_in_request, 'ValidationError', 400);
    assertFailure(out.tag_51st, 'LimitExceeded', 409);
    assertFailure(out.boundary_missing, 'NoSuchEntity', 404);
    assertFailure(out.boundary_invalid, 'InvalidInput', 400);
    assert.deepEqual((out.boundary_managed as { User: { PermissionsBoundary: unknown } }).User.PermissionsBoundary, {
      PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess',
    });
    assertFailure(out.delete_user_with_keys, 'DeleteConflict', 409, 'Cannot delete entity, must delete access keys first.');
    assertFailure(out.delete_group_with_members, 'DeleteConflict', 409, 'Cannot delete entity, must remove users from group first.');
    assert.deepEqual(out.remove_non_member, {});
    assertFailure(out.rename_taken, 'EntityAlreadyExists', 409, 'User with name Alice already exists.');
    assertFailure(out.eleventh_group, 'LimitExceeded', 409, 'Cannot exceed quota for GroupsPerUser: 10');
    const rootUser = (out.root_get_user as { User: Record<string, unknown> }).User;
    assert.equal(rootUser.Arn, `arn:aws:iam::${ACCOUNT}:root`);
    assert.equal(rootUser.UserId, ACCOUNT);
  });

  test('boto3: rename carries memberships and keys; tags; delete in AWS order', async () => {
    const out = await python(ward().root, `
iam.create_user(UserName='dave')
iam.add_user_to_group(GroupName='Developers', UserName='dave')
key = iam.create_access_key(UserName='dave')['AccessKey']
iam.update_user(UserName='dave', NewUserName='David', NewPath='/ops/')
out['got'] = iam.get_user(UserName='david')['User']['Arn']
out['groups'] = [g['GroupName'] for g in iam.list_groups_for_user(UserName='David')['Groups']]
out['keys'] = [k['UserName'] for k in iam.list_access_keys(UserName='David')['AccessKeyMetadata']]
out['signs_as'] = sts_for(key).get_caller_identity()['Arn']
iam.tag_user(UserName='David', Tags=[{'Key': 'Env', 'Value': 'prod'}, {'Key': 'cost', 'Value': '1'}])
iam.untag_user(UserName='David', TagKeys=['COST'])
out['tags'] = iam.list_user_tags(UserName='David')['Tags']
attempt('conflict_keys', iam.delete_user, UserName='David')
iam.delete_access_key(UserName='David', AccessKeyId=key['AccessKeyId'])
attempt('conflict_groups', iam.delete_user, UserName='David')
iam.remove_user_from_group(GroupName='Developers', UserName='David')
attempt('deleted', iam.delete_user, UserName='David')
attempt('gone', iam.get_user, UserName='David')
iam.create_group(GroupName='Empty', Path='/tmp/')
iam.update_group(GroupName='Empty', NewGroupName='Vacant')
out['groups_under_tmp'] = [g['GroupName'] for g in iam.list_groups(PathPrefix='/tmp/')['Groups']]
attempt('group_deleted', iam.delete_group, GroupName='vacant')
`);
    assert.equal(out.got, `arn:aws:iam::${ACCOUNT}:user/ops/David`);
    assert.deepEqual(out.groups, ['Developers']);
    assert.deepEqual(out.keys, ['David']);
    assert.equal(out.signs_as, `arn:aws:iam::${ACCOUNT}:user/ops/David`);
    assert.deepEqual(out.tags, [{ Key: 'Env', Value: 'prod' }]);
    assertFailure(out.conflict_keys, 'DeleteConflict', 409, 'Cannot delete entity, must delete access keys first.');
    assertFailure(out.conflict_groups, 'DeleteConflict', 409, 'Cannot delete entity, must remove users from group first.');
    assert.deepEqual(out.deleted, {});
    assertFailure(out.gone, 'NoSuchEntity', 404);
    assert.deepEqual(out.groups_under_tmp, ['Vacant']);
    assert.deepEqual(out.group_deleted, {});
  });

  test('aws CLI: create, get, list with its own pagination, and an error', async () => {
    const created = await awsCli(ward().root, ['iam', 'create-user', '--user-name', 'cli-user', '--path', '/cli/', '--tags', 'Key=via,Value=cli']);
    assert.equal(created.code, 0, created.stderr);
    assert.equal((JSON.parse(created.stdout) as { User: { Arn: string } }).User.Arn, `arn:aws:iam::${ACCOUNT}:user/cli/cli-user`);
    const added = await awsCli(ward().root, ['iam', 'add-user-to-group', '--group-name', 'Developers', '--user-name', 'cli-user']);
    assert.equal(added.code, 0, added.stderr);
    const groups = await awsCli(ward().root, ['iam', 'list-groups-for-user', '--user-name', 'cli-user']);
    assert.equal(groups.code, 0, groups.stderr);
    assert.deepEqual((JSON.parse(groups.stdout) as { Groups: { GroupName: string }[] }).Groups.map((g) => g.GroupName), ['Developers']);
    const missing = await awsCli(ward().root, ['iam', 'get-user', '--user-name', 'nobody']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /\(NoSuchEntity\).*The user with name nobody cannot be found\./);
    const key = await awsCli(ward().root, ['iam', 'create-access-key', '--user-name', 'cli-user']);
    assert.equal(key.code, 0, key.stderr);
    const { AccessKey } = JSON.parse(key.stdout) as { AccessKey: { AccessKeyId: string; SecretAccessKey: string } };
    const whoami = await awsCli({ url: ward().url, accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey }, ['sts', 'get-caller-identity']);
    assert.equal(whoami.code, 0, whoami.stderr);
    assert.equal((JSON.parse(whoami.stdout) as { Arn: string }).Arn, `arn:aws:iam::${ACCOUNT}:user/cli/cli-user`);
  });

  test('SDK v3: 250 users (made by boto3) through paginateListUsers at 100 a page; CLI pages through them too', async () => {
    const made = await python(ward().root, `
for i in range(250):
    iam.create_user(UserName='bulk-%03d' % i, Path='/bulk/')
out['made'] = 250
`);
    assert.equal(made.made, 250);
    const client = iamClient(ward().root);
    const sizes: number[] = [];
    const names: string[] = [];
    for await (const page of paginateListUsers({ client, pageSize: 100 }, { PathPrefix: '/bulk/' })) {
      sizes.push(page.Users?.length ?? 0);
      names.push(...(page.Users ?? []).map((u) => u.UserName ?? ''));
      for (const u of page.Users ?? []) assert.ok(u.CreateDate instanceof Date);
    }
    assert.deepEqual(sizes, [100, 100, 50]);
    assert.deepEqual(names, Array.from({ length: 250 }, (_, i) => `bulk-${String(i).padStart(3, '0')}`));
    // Without PathPrefix every user of the account comes through the pages.
    let all = 0;
    for await (const page of paginateListUsers({ client, pageSize: 100 }, {})) all += page.Users?.length ?? 0;
    assert.ok(all > 250);

    await assert.rejects(client.send(new GetUserCommand({ UserName: 'nobody' })), (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(error.name, 'NoSuchEntityException');
      assert.equal(error.$metadata?.httpStatusCode, 404);
      assert.equal(error.message, 'The user with name nobody cannot be found.');
      return true;
    });
    const groups = await client.send(new ListGroupsForUserCommand({ UserName: 'alice' }));
    assert.deepEqual(groups.Groups?.map((g) => g.GroupName), ['Developers']);
    assert.equal(groups.IsTruncated, false);

    const cli = await awsCli(ward().root, ['iam', 'list-users', '--path-prefix', '/bulk/', '--page-size', '100']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal((JSON.parse(cli.stdout) as { Users: unknown[] }).Users.length, 250);
    client.destroy();
  });
});
