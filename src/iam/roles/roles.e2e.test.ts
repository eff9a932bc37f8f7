// End to end: roles, instance profiles, permissions boundaries and service-linked roles against a real Ward
// process, with boto3 (one script, many calls), the aws CLI and the AWS SDK for JavaScript v3. Error codes
// and statuses: https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html and each operation's
// API reference page.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AddRoleToInstanceProfileCommand, CreateInstanceProfileCommand, CreateRoleCommand, GetInstanceProfileCommand, GetRoleCommand,
  paginateListRoles,
} from '@aws-sdk/client-iam';
import { useWard } from '../../server/test-support/use-ward.js';
import { BOTO3_IAM_PRELUDE, awsCli, boto3, iamClient } from '../../server/test-support/clients.js';

const ACCOUNT = '444455556666';

const BOTO3_SCRIPT = String.raw`${BOTO3_IAM_PRELUDE}
ec2_trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
cross_trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]}

# Seed story: a role trusted by EC2 in an instance profile.
r = iam.create_role(RoleName='WebServer', Path='/app/', AssumeRolePolicyDocument=json.dumps(ec2_trust),
                    Description='web tier', MaxSessionDuration=7200, Tags=[{'Key': 'team', 'Value': 'web'}])['Role']
out['create'] = {'Arn': r['Arn'], 'RoleId': r['RoleId'][:4], 'Trust': r['AssumeRolePolicyDocument'], 'Tags': r.get('Tags')}
iam.create_instance_profile(InstanceProfileName='web-profile')
iam.add_role_to_instance_profile(InstanceProfileName='web-profile', RoleName='WebServer')
p = iam.get_instance_profile(InstanceProfileName='web-profile')['InstanceProfile']
out['profile'] = {'Arn': p['Arn'], 'Id': p['InstanceProfileId'][:4], 'Roles': [x['RoleName'] for x in p['Roles']], 'Trust': p['Roles'][0]['AssumeRolePolicyDocument']}
out['profilesForRole'] = [x['InstanceProfileName'] for x in iam.list_instance_profiles_for_role(RoleName='WebServer')['InstanceProfiles']]
iam.create_role(RoleName='Other', AssumeRolePolicyDocument=json.dumps(ec2_trust))
err('addSecondRole', iam.add_role_to_instance_profile, InstanceProfileName='web-profile', RoleName='Other')
err('deleteRoleInProfile', iam.delete_role, RoleName='WebServer')
err('deleteProfileWithRole', iam.delete_instance_profile, InstanceProfileName='web-profile')
err('profileExists', iam.create_instance_profile, InstanceProfileName='WEB-PROFILE')
err('noProfile', iam.get_instance_profile, InstanceProfileName='ghost')
iam.tag_instance_profile(InstanceProfileName='web-profile', Tags=[{'Key': 'tier', 'Value': 'front'}])
out['profileTags'] = iam.list_instance_profile_tags(InstanceProfileName='web-profile')['Tags']
iam.untag_instance_profile(InstanceProfileName='web-profile', TagKeys=['TIER'])
out['profileTagsAfter'] = iam.list_instance_profile_tags(InstanceProfileName='web-profile')['Tags']
out['listProfiles'] = [x['InstanceProfileName'] for x in iam.list_instance_profiles(PathPrefix='/')['InstanceProfiles']]

# Seed story: a role trusting another account's root.
iam.create_role(RoleName='Auditor', AssumeRolePolicyDocument=json.dumps(cross_trust))
g = iam.get_role(RoleName='auditor')['Role']
out['get'] = {'Trust': g['AssumeRolePolicyDocument'], 'MaxSessionDuration': g['MaxSessionDuration'], 'RoleLastUsed': g['RoleLastUsed']}
iam.update_role(RoleName='Auditor', Description='audits', MaxSessionDuration=43200)
out['updatedDescription'] = iam.update_role_description(RoleName='Auditor', Description='audits all')['Role']['Description']
iam.update_assume_role_policy(RoleName='Auditor', PolicyDocument=json.dumps(ec2_trust))
out['updatedTrust'] = iam.get_role(RoleName='Auditor')['Role']['AssumeRolePolicyDocument']
err('roleExists', iam.create_role, RoleName='AUDITOR', AssumeRolePolicyDocument=json.dumps(ec2_trust))
err('noRole', iam.get_role, RoleName='ghost')
err('invalidJson', iam.create_role, RoleName='Bad', AssumeRolePolicyDocument='{not json')
err('resourceInTrust', iam.create_role, RoleName='Bad', AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}]}))
err('tooLongTrust', iam.update_assume_role_policy, RoleName='Auditor', PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::%012d:root" % (100000000000 + i) for i in range(60)]}, "Action": "sts:AssumeRole"}]}))
unvalidated = boto3.client('iam', config=botocore.config.Config(parameter_validation=False))
err('durationTooShort', unvalidated.update_role, RoleName='Auditor', MaxSessionDuration=60)
err('duplicateTags', iam.tag_role, RoleName='Auditor', Tags=[{'Key': 'a', 'Value': '1'}, {'Key': 'A', 'Value': '2'}])
iam.tag_role(RoleName='Auditor', Tags=[{'Key': 'k%d' % i, 'Value': 'v'} for i in range(50)])
err('tooManyTags', iam.tag_role, RoleName='Auditor', Tags=[{'Key': 'one-more', 'Value': 'v'}])
iam.untag_role(RoleName='Auditor', TagKeys=['k%d' % i for i in range(48)])
out['roleTags'] = iam.list_role_tags(RoleName='Auditor')['Tags']
paginator = iam.get_paginator('list_roles')
out['rolesPaged'] = [x['RoleName'] for page in paginator.paginate(PaginationConfig={'PageSize': 1}) for x in page['Roles']]
out['rolesUnderApp'] = [x['RoleName'] for x in iam.list_roles(PathPrefix='/app/')['Roles']]

# Permissions boundaries.
iam.put_role_permissions_boundary(RoleName='Other', PermissionsBoundary='arn:aws:iam::aws:policy/ReadOnlyAccess')
out['boundary'] = iam.get_role(RoleName='Other')['Role'].get('PermissionsBoundary')
iam.delete_role_permissions_boundary(RoleName='Other')
out['boundaryAfter'] = iam.get_role(RoleName='Other')['Role'].get('PermissionsBoundary')
err('missingBoundary', iam.create_role, RoleName='Bounded', AssumeRolePolicyDocument=json.dumps(ec2_trust), PermissionsBoundary='arn:aws:iam::444455556666:policy/nope')
err('invalidBoundary', iam.put_role_permissions_boundary, RoleName='Other', PermissionsBoundary='arn:aws:iam::444455556666:user/someone')
err('userBoundaryNoUser', iam.put_user_permissions_boundary, UserName='ghost', PermissionsBoundary='arn:aws:iam::aws:policy/ReadOnlyAccess')

# Service-linked roles.
s = iam.create_service_linked_role(AWSServiceName='elasticbeanstalk.amazonaws.com')['Role']
out['slr'] = {'Arn': s['Arn'], 'Path': s['Path']}
err('slrTaken', iam.create_service_linked_role, AWSServiceName='elasticbeanstalk.amazonaws.com')
err('slrProtected', iam.delete_role, RoleName='AWSServiceRoleForElasticBeanstalk')
task = iam.delete_service_linked_role(RoleName='AWSServiceRoleForElasticBeanstalk')['DeletionTaskId']
out['slrTask'] = task
out['slrStatus'] = iam.get_service_linked_role_deletion_status(DeletionTaskId=task)['Status']

# Clean up in AWS's order.
iam.remove_role_from_instance_profile(InstanceProfileName='web-profile', RoleName='WebServer')
iam.delete_instance_profile(InstanceProfileName='web-profile')
iam.delete_role(RoleName='WebServer')
err('deletedRole', iam.delete_role, RoleName='WebServer')
print(json.dumps(out))
`;

describe('IAM roles end to end (SQLite)', () => {
  const ward = useWard({ accountId: ACCOUNT });

  test('boto3: the seed stories, every operation, every error code', async () => {
    const result = await boto3(ward().root, BOTO3_SCRIPT);
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    const ec2Trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    const crossTrust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }] };
    assert.deepEqual(out.create, { Arn: `arn:aws:iam::${ACCOUNT}:role/app/WebServer`, RoleId: 'AROA', Trust: ec2Trust, Tags: [{ Key: 'team', Value: 'web' }] });
    assert.deepEqual(out.profile, { Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/web-profile`, Id: 'AIPA', Roles: ['WebServer'], Trust: ec2Trust });
    assert.deepEqual(out.profilesForRole, ['web-profile']);
    assert.deepEqual(out.addSecondRole, ['LimitExceeded', 409, 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1']);
    assert.deepEqual(out.deleteRoleInProfile, ['DeleteConflict', 409, 'Cannot delete entity, must remove roles from instance profile first.']);
    assert.deepEqual(out.deleteProfileWithRole, ['DeleteConflict', 409, 'Cannot delete entity, must remove roles from instance profile first.']);
    assert.deepEqual(out.profileExists, ['EntityAlreadyExists', 409, 'Instance Profile WEB-PROFILE already exists.']);
    assert.deepEqual(out.noProfile, ['NoSuchEntity', 404, 'Instance Profile ghost cannot be found.']);
    assert.deepEqual(out.profileTags, [{ Key: 'tier', Value: 'front' }]);
    assert.deepEqual(out.profileTagsAfter, []);
    assert.deepEqual(out.listProfiles, ['web-profile']);

    assert.deepEqual(out.get, { Trust: crossTrust, MaxSessionDuration: 3600, RoleLastUsed: {} });
    assert.equal(out.updatedDescription, 'audits all');
    assert.deepEqual(out.updatedTrust, ec2Trust);
    assert.deepEqual(out.roleExists, ['EntityAlreadyExists', 409, 'Role with name AUDITOR already exists.']);
    assert.deepEqual(out.noRole, ['NoSuchEntity', 404, 'The role with name ghost cannot be found.']);
    assert.deepEqual(out.invalidJson, ['MalformedPolicyDocument', 400, 'This policy contains invalid Json']);
    assert.deepEqual(out.resourceInTrust, ['MalformedPolicyDocument', 400, 'Has prohibited field Resource']);
    assert.deepEqual(out.tooLongTrust, ['LimitExceeded', 409, 'Cannot exceed quota for ACLSizePerRole: 2048']);
    assert.equal((out.durationTooShort as unknown[])[0], 'ValidationError');
    assert.deepEqual(out.duplicateTags, ['InvalidInput', 400, 'Duplicate tag keys found. Please note that Tag keys are case insensitive.']);
    assert.deepEqual(out.tooManyTags, ['LimitExceeded', 409, 'The number of tags has reached the maximum limit.']);
    assert.deepEqual(out.roleTags, [{ Key: 'k48', Value: 'v' }, { Key: 'k49', Value: 'v' }]);
    assert.deepEqual(out.rolesPaged, ['Auditor', 'Other', 'WebServer']);
    assert.deepEqual(out.rolesUnderApp, ['WebServer']);

    assert.deepEqual(out.boundary, { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    assert.equal(out.boundaryAfter, null);
    assert.deepEqual(out.missingBoundary, ['NoSuchEntity', 404, `Scope ARN: arn:aws:iam::${ACCOUNT}:policy/nope does not exist or is not attachable.`]);
    assert.deepEqual(out.invalidBoundary, ['InvalidInput', 400, `ARN arn:aws:iam::${ACCOUNT}:user/someone is not valid.`]);
    assert.deepEqual(out.userBoundaryNoUser, ['NoSuchEntity', 404, 'The user with name ghost cannot be found.']);

    assert.deepEqual(out.slr, {
      Arn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk`,
      Path: '/aws-service-role/elasticbeanstalk.amazonaws.com/',
    });
    assert.deepEqual(out.slrTaken, ['InvalidInput', 400, 'Service role name AWSServiceRoleForElasticBeanstalk has been taken in this account, please try a different suffix.']);
    assert.deepEqual(out.slrProtected, ['UnmodifiableEntity', 400, "Cannot perform the operation on the protected role 'AWSServiceRoleForElasticBeanstalk' - this role is only modifiable by AWS"]);
    assert.match(out.slrTask as string, /^task\/aws-service-role\/elasticbeanstalk\.amazonaws\.com\/AWSServiceRoleForElasticBeanstalk\/[0-9a-f-]{36}$/);
    assert.equal(out.slrStatus, 'SUCCEEDED');
    assert.deepEqual(out.deletedRole, ['NoSuchEntity', 404, 'The role with name WebServer cannot be found.']);
  });

  test('aws CLI: create-role from file://, get-role decodes the trust policy, instance profile, delete-role conflict', async () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }] };
    const file = join(ward().dataDir, 'trust.json');
    writeFileSync(file, JSON.stringify(trust, null, 2));
    const created = await awsCli(ward().root, ['iam', 'create-role', '--role-name', 'CliRole', '--assume-role-policy-document', `file://${file}`]);
    assert.equal(created.code, 0, created.stderr);
    assert.deepEqual((JSON.parse(created.stdout) as { Role: { AssumeRolePolicyDocument: unknown } }).Role.AssumeRolePolicyDocument, trust);
    const got = await awsCli(ward().root, ['iam', 'get-role', '--role-name', 'CliRole']);
    assert.equal(got.code, 0, got.stderr);
    const role = (JSON.parse(got.stdout) as { Role: Record<string, unknown> }).Role;
    assert.deepEqual(role.AssumeRolePolicyDocument, trust);
    assert.equal(role.Arn, `arn:aws:iam::${ACCOUNT}:role/CliRole`);
    const missing = await awsCli(ward().root, ['iam', 'get-role', '--role-name', 'Nope']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /\(NoSuchEntity\).*The role with name Nope cannot be found\./);
    const profile = await awsCli(ward().root, ['iam', 'create-instance-profile', '--instance-profile-name', 'cli-profile']);
    assert.equal(profile.code, 0, profile.stderr);
    const added = await awsCli(ward().root, ['iam', 'add-role-to-instance-profile', '--instance-profile-name', 'cli-profile', '--role-name', 'CliRole']);
    assert.equal(added.code, 0, added.stderr);
    const conflict = await awsCli(ward().root, ['iam', 'delete-role', '--role-name', 'CliRole']);
    assert.match(conflict.stderr, /\(DeleteConflict\)/);
  });

  test('SDK v3: CreateRole, GetRole, instance profile, and the ListRoles paginator', async () => {
    const client = iamClient(ward().root);
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    for (let i = 0; i < 5; i++) {
      await client.send(new CreateRoleCommand({ RoleName: `sdk-${i}`, Path: '/sdk/', AssumeRolePolicyDocument: trust, MaxSessionDuration: 3600 + i }));
    }
    const role = (await client.send(new GetRoleCommand({ RoleName: 'sdk-3' }))).Role;
    assert.equal(role?.MaxSessionDuration, 3603);
    assert.ok(role?.CreateDate instanceof Date);
    // SDK v3 hands the document over as IAM sent it: percent-encoded.
    assert.equal(decodeURIComponent(role?.AssumeRolePolicyDocument ?? ''), trust);
    await client.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'sdk-profile', Path: '/sdk/' }));
    await client.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'sdk-profile', RoleName: 'sdk-0' }));
    const profile = (await client.send(new GetInstanceProfileCommand({ InstanceProfileName: 'sdk-profile' }))).InstanceProfile;
    assert.deepEqual(profile?.Roles?.map((r) => r.RoleName), ['sdk-0']);
    const names: string[] = [];
    for await (const page of paginateListRoles({ client, pageSize: 2 }, { PathPrefix: '/sdk/' })) {
      names.push(...(page.Roles ?? []).map((r) => r.RoleName ?? ''));
    }
    assert.deepEqual(names, ['sdk-0', 'sdk-1', 'sdk-2', 'sdk-3', 'sdk-4']);
    await assert.rejects(client.send(new CreateRoleCommand({ RoleName: 'SDK-0', AssumeRolePolicyDocument: trust })), { name: 'EntityAlreadyExistsException' });
    client.destroy();
  });
});
