// Service tests of inline policies on a real SQLite store. Rules: API_PutUserPolicy, API_GetUserPolicy,
// API_ListUserPolicies, API_DeleteUserPolicy (and Group and Role alike) (IAM API Reference); "IAM and AWS
// STS quotas", IAM character limits: inline policies of a user 2,048, a group 5,120, a role 10,240, all
// of an identity's inline policies together, white space not counted.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type IamHarness, allow, openIamHarness } from '../test-support/harness.js';

/** A valid policy whose size without white space is exactly `size` (>= 110). */
function sized(size: number): string {
  const base = allow('s3:GetObject', 'arn:aws:s3:::');
  return allow('s3:GetObject', `arn:aws:s3:::${'x'.repeat(size - base.length)}`);
}

describe('inline policies (service, SQLite)', () => {
  let iam: IamHarness;
  before(async () => {
    iam = await openIamHarness();
    await iam.seed('user', 'Alice');
    await iam.seed('group', 'Developers');
    await iam.seed('role', 'Deployer');
  });
  after(async () => iam.close());

  test('Put/Get/List/Delete for a user: the document comes back URL-encoded; names keep their case', async () => {
    const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }, null, 2);
    await iam.call('PutUserPolicy', { UserName: 'alice', PolicyName: 'DenyAll', PolicyDocument: doc });
    await iam.call('PutUserPolicy', { UserName: 'alice', PolicyName: 'Reads', PolicyDocument: allow('s3:GetObject') });
    const got = await iam.call('GetUserPolicy', { UserName: 'ALICE', PolicyName: 'denyall' });
    assert.equal(got.UserName, 'Alice');
    assert.equal(got.PolicyName, 'DenyAll');
    assert.equal(decodeURIComponent(got.PolicyDocument as string), doc);
    assert.match(got.PolicyDocument as string, /^%7B%0A%20%20%22Version%22%3A%20%222012-10-17%22/);
    assert.deepEqual((await iam.call('ListUserPolicies', { UserName: 'Alice' })).PolicyNames, ['DenyAll', 'Reads']);
    const first = await iam.call('ListUserPolicies', { UserName: 'Alice', MaxItems: 1 });
    assert.deepEqual([first.PolicyNames, first.IsTruncated], [['DenyAll'], true]);
    assert.deepEqual((await iam.call('ListUserPolicies', { UserName: 'Alice', Marker: first.Marker })).PolicyNames, ['Reads']);
    await iam.call('DeleteUserPolicy', { UserName: 'Alice', PolicyName: 'READS' });
    assert.equal(await iam.fails('GetUserPolicy', { UserName: 'Alice', PolicyName: 'Reads' }, 'NoSuchEntity', 404), 'The user policy with name Reads cannot be found.');
    assert.equal(await iam.fails('DeleteUserPolicy', { UserName: 'Alice', PolicyName: 'Reads' }, 'NoSuchEntity', 404), 'The user policy with name Reads cannot be found.');
    assert.equal(await iam.fails('PutUserPolicy', { UserName: 'nobody', PolicyName: 'x', PolicyDocument: allow('s3:*') }, 'NoSuchEntity'), 'The user with name nobody cannot be found.');
    await iam.fails('ListUserPolicies', { UserName: 'nobody' }, 'NoSuchEntity');
  });

  test('malformed documents: syntax, Principal, unknown fields', async () => {
    assert.equal(await iam.fails('PutUserPolicy', { UserName: 'Alice', PolicyName: 'x', PolicyDocument: 'nope' }, 'MalformedPolicyDocument', 400), 'Syntax errors in policy.');
    const principal = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:*', Resource: '*' }] });
    assert.equal(await iam.fails('PutRolePolicy', { RoleName: 'Deployer', PolicyName: 'x', PolicyDocument: principal }, 'MalformedPolicyDocument'),
      'Policy document should not specify a principal.');
    await iam.fails('PutGroupPolicy', { GroupName: 'Developers', PolicyName: 'x', PolicyDocument: '{"Statement":[]}' }, 'MalformedPolicyDocument');
  });

  test('size limits are per identity, over all its inline policies, white space not counted', async () => {
    for (const [kind, member, name, limit] of [
      ['User', 'UserName', 'Alice', 2048], ['Group', 'GroupName', 'Developers', 5120], ['Role', 'RoleName', 'Deployer', 10240],
    ] as const) {
      await iam.call(`Put${kind}Policy`, { [member]: name, PolicyName: 'Half', PolicyDocument: sized(limit / 2) });
      // Replacing a policy does not count its old version.
      await iam.call(`Put${kind}Policy`, { [member]: name, PolicyName: 'half', PolicyDocument: sized(limit / 2) });
      const extra = kind === 'User' ? policySizeOfDenyAll() : 0;
      await iam.call(`Put${kind}Policy`, { [member]: name, PolicyName: 'Rest', PolicyDocument: sized(limit / 2 - extra) });
      assert.equal(await iam.fails(`Put${kind}Policy`, { [member]: name, PolicyName: 'More', PolicyDocument: sized(200) }, 'LimitExceeded', 409),
        `Maximum policy size of ${limit} bytes exceeded for ${kind.toLowerCase()} ${name}`);
      // Pretty-printing does not count.
      const pretty = JSON.stringify(JSON.parse(sized(limit / 2)), null, 8);
      await iam.call(`Put${kind}Policy`, { [member]: name, PolicyName: 'Half', PolicyDocument: pretty });
      assert.deepEqual((await iam.call(`List${kind}Policies`, { [member]: name })).PolicyNames, kind === 'User' ? ['DenyAll', 'Half', 'Rest'] : ['Half', 'Rest']);
      const got = await iam.call(`Get${kind}Policy`, { [member]: name, PolicyName: 'HALF' });
      assert.equal(got[member], name);
      assert.equal(decodeURIComponent(got.PolicyDocument as string), pretty);
      await iam.call(`Delete${kind}Policy`, { [member]: name, PolicyName: 'Rest' });
      await iam.call(`Put${kind}Policy`, { [member]: name, PolicyName: 'More', PolicyDocument: sized(200) });
    }
  });
});

function policySizeOfDenyAll(): number {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }).length;
}
