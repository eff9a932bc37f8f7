// The tag rules every taggable IAM resource shares, from "Tagging IAM resources"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html#id_tags_rules), "IAM and AWS STS quotas"
// (50 tags per resource) and API_TagUser / API_TagRole / API_TagInstanceProfile / API_TagPolicy and their
// Untag / List*Tags (IAM API Reference): once as functions, then through each kind's operations.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isAwsError } from '../kernel/index.js';
import { MAX_TAGS, applyTags, removeTags, tagPage } from './tags.js';
import { ACCOUNT, type IamHarness, allow, openIamHarness } from './test-support/harness.js';

const fails = (fn: () => unknown, code: string, message?: string): void => {
  assert.throws(fn, (error) => isAwsError(error) && error.code === code && (message === undefined || error.message === message));
};

describe('tag rules', () => {
  test('a key matching an existing one ignoring case replaces it in its place, with the new spelling', () => {
    const tags = applyTags([{ Key: 'Team', Value: 'a' }, { Key: 'env', Value: 'dev' }], [{ Key: 'TEAM', Value: 'b' }, { Key: 'cost', Value: '1' }]);
    assert.deepEqual(tags, [{ Key: 'TEAM', Value: 'b' }, { Key: 'env', Value: 'dev' }, { Key: 'cost', Value: '1' }]);
  });

  test('duplicate keys ignoring case and the aws: prefix in any case are InvalidInput', () => {
    fails(() => applyTags([], [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }]), 'InvalidInput',
      'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    fails(() => applyTags([], [{ Key: 'AWS:Team', Value: '1' }]), 'InvalidInput',
      'Tag key AWS:Team is invalid: tag keys starting with aws: are reserved for use by AWS.');
    // Untag names the key as the caller spelled it, as Tag does.
    fails(() => removeTags([], ['AWS:Team']), 'InvalidInput', 'Tag key AWS:Team is invalid: tag keys starting with aws: are reserved for use by AWS.');
  });

  test('50 tags at most, counting the ones already there; replacing does not count twice', () => {
    const fifty = Array.from({ length: MAX_TAGS }, (_, i) => ({ Key: `k${i}`, Value: '' }));
    assert.equal(applyTags([], fifty).length, 50);
    assert.equal(applyTags(fifty, [{ Key: 'K0', Value: 'x' }]).length, 50);
    fails(() => applyTags(fifty, [{ Key: 'one-more', Value: '' }]), 'LimitExceeded', 'The number of tags has reached the maximum limit.');
    fails(() => applyTags([], [...fifty, { Key: 'k50', Value: '' }]), 'LimitExceeded');
  });

  test('removing ignores case and absent keys; pages resume after the last key answered', () => {
    const tags = [{ Key: 'A', Value: '1' }, { Key: 'b', Value: '2' }, { Key: 'C', Value: '3' }];
    assert.deepEqual(removeTags(tags, ['a', 'zzz']), tags.slice(1));
    const first = tagPage(tags, { MaxItems: 2 });
    assert.deepEqual(first.Tags, tags.slice(0, 2));
    assert.equal(first.IsTruncated, true);
    const rest = tagPage(tags, { MaxItems: 2, Marker: first.Marker });
    assert.deepEqual(rest, { Tags: tags.slice(2), IsTruncated: false });
  });
});

describe('tags on every taggable kind (service, SQLite)', () => {
  let iam: IamHarness;
  before(async () => {
    iam = await openIamHarness();
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    await iam.call('CreateUser', { UserName: 'u' });
    await iam.call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: trust });
    await iam.call('CreateInstanceProfile', { InstanceProfileName: 'p' });
    await iam.call('CreatePolicy', { PolicyName: 'm', PolicyDocument: allow('s3:*') });
  });
  after(async () => iam.close());

  const kinds = [
    { kind: 'User', target: { UserName: 'u' } },
    { kind: 'Role', target: { RoleName: 'r' } },
    { kind: 'InstanceProfile', target: { InstanceProfileName: 'p' } },
    { kind: 'Policy', target: { PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/m` } },
  ] as const;

  for (const { kind, target } of kinds) {
    test(`Tag${kind} / Untag${kind} / List${kind}Tags follow the same rules`, async () => {
      await iam.call(`Tag${kind}`, { ...target, Tags: [{ Key: 'Team', Value: 'a' }, { Key: 'env', Value: 'dev' }] });
      await iam.call(`Tag${kind}`, { ...target, Tags: [{ Key: 'TEAM', Value: 'b' }] });
      assert.deepEqual((await iam.call(`List${kind}Tags`, target)).Tags, [{ Key: 'TEAM', Value: 'b' }, { Key: 'env', Value: 'dev' }]);
      assert.equal(await iam.fails(`Tag${kind}`, { ...target, Tags: [{ Key: 'x', Value: '1' }, { Key: 'X', Value: '2' }] }, 'InvalidInput', 400),
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
      assert.equal(await iam.fails(`Untag${kind}`, { ...target, TagKeys: ['Aws:x'] }, 'InvalidInput', 400),
        'Tag key Aws:x is invalid: tag keys starting with aws: are reserved for use by AWS.');
      const many = Array.from({ length: 49 }, (_, i) => ({ Key: `k${i}`, Value: '' }));
      assert.equal(await iam.fails(`Tag${kind}`, { ...target, Tags: many }, 'LimitExceeded', 409), 'The number of tags has reached the maximum limit.');
      await iam.call(`Untag${kind}`, { ...target, TagKeys: ['team', 'ENV', 'absent'] });
      assert.deepEqual((await iam.call(`List${kind}Tags`, target)).Tags, []);
    });
  }
});
