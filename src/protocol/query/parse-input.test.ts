import { test } from 'node:test';
import assert from 'node:assert/strict';
import { iamModel } from '../models/iam.js';
import { stsModel } from '../models/sts.js';
import type { ServiceModel, Shape } from '../service-model.js';
import { MAX_NAME_LENGTH, parseQueryInput } from './parse-input.js';

const q = (text: string) => new URLSearchParams(text);

test('reads scalars, lists of structures (member.N) and drops nothing', () => {
  const input = parseQueryInput(q('UserName=bob&Path=/eng/&Tags.member.1.Key=team&Tags.member.1.Value=a&Tags.member.2.Key=env&Tags.member.2.Value=dev'), iamModel, 'CreateUserRequest');
  assert.deepEqual(input, { Path: '/eng/', UserName: 'bob', Tags: [{ Key: 'team', Value: 'a' }, { Key: 'env', Value: 'dev' }] });
});

test('reads integers, booleans and lists of strings', () => {
  const input = parseQueryInput(q('MaxItems=10&Marker=abc&PathPrefix=/'), iamModel, 'ListUsersRequest');
  assert.deepEqual(input, { PathPrefix: '/', Marker: 'abc', MaxItems: 10 });
  const keys = parseQueryInput(q('RoleName=r&TagKeys.member.1=a&TagKeys.member.2=b'), iamModel, 'UntagRoleRequest');
  assert.deepEqual(keys, { RoleName: 'r', TagKeys: ['a', 'b'] });
  const flags = parseQueryInput(q('RoleArn=arn:aws:iam::123456789012:role/r&RoleSessionName=ss&DurationSeconds=900'), stsModel, 'AssumeRoleRequest');
  assert.equal(flags.DurationSeconds, 900);
});

test('list items are read in order up to the first missing index; member.1 is not a prefix of member.10', () => {
  const fifty = Array.from({ length: 50 }, (_, i) => `Tags.member.${i + 1}.Key=k${i + 1}&Tags.member.${i + 1}.Value=v`).join('&');
  const all = parseQueryInput(q(`UserName=bob&${fifty}`), iamModel, 'CreateUserRequest');
  assert.deepEqual((all.Tags as { Key: string }[]).map((t) => t.Key), Array.from({ length: 50 }, (_, i) => `k${i + 1}`));
  const gap = parseQueryInput(q('RoleName=r&TagKeys.member.1=a&TagKeys.member.2=b&TagKeys.member.4=d'), iamModel, 'UntagRoleRequest');
  assert.deepEqual(gap.TagKeys, ['a', 'b']);
  const tenOnly = parseQueryInput(q('RoleName=r&TagKeys.member.10=j'), iamModel, 'UntagRoleRequest');
  assert.deepEqual(tenOnly.TagKeys, []);
  // A name that only starts like a member (no dot after it) is not that member.
  assert.deepEqual(parseQueryInput(q('UserName=bob&TagsExtra.member.1.Key=a'), iamModel, 'CreateUserRequest'), { UserName: 'bob' });
});

test('an empty list sent as `Key=` is an empty list', () => {
  const input = parseQueryInput(q('RoleName=r&TagKeys='), iamModel, 'UntagRoleRequest');
  assert.deepEqual(input.TagKeys, []);
});

test('every violated constraint is reported in AWS\'s words, in one ValidationError', () => {
  assert.throws(() => parseQueryInput(q('UserName=' + 'a'.repeat(65) + '&Path=nope'), iamModel, 'CreateUserRequest'), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'ValidationError');
    assert.equal(
      error.message,
      "2 validation errors detected: Value 'nope' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
        "(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F); Value '" + 'a'.repeat(65) + "' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64",
    );
    return true;
  });
});

test('a missing required member is "Member must not be null"', () => {
  assert.throws(() => parseQueryInput(q(''), iamModel, 'GetRoleRequest'), /Value null at 'roleName' failed to satisfy constraint: Member must not be null/);
});

test('enum and range constraints', () => {
  assert.throws(() => parseQueryInput(q('AccessKeyId=AKIAIOSFODNN7EXAMPLE&Status=Maybe'), iamModel, 'UpdateAccessKeyRequest'), /Member must satisfy enum value set: \[Active, Inactive(, Expired)?\]/);
  assert.throws(() => parseQueryInput(q('MaxItems=0'), iamModel, 'ListUsersRequest'), /Member must have value greater than or equal to 1/);
  assert.throws(() => parseQueryInput(q('RoleArn=arn:aws:iam::123456789012:role/r&RoleSessionName=ss&DurationSeconds=899'), stsModel, 'AssumeRoleRequest'), /at 'durationSeconds'.*greater than or equal to 900/);
});

test('a non-numeric integer is refused, not coerced', () => {
  assert.throws(() => parseQueryInput(q('MaxItems=ten'), iamModel, 'ListUsersRequest'), (error: Error & { code?: string }) => error.code === 'MalformedInput');
});

test('sensitive values are not echoed in validation messages', () => {
  assert.throws(() => parseQueryInput(q('OldPassword=&NewPassword=x'), iamModel, 'ChangePasswordRequest'), (error: Error) => {
    assert.doesNotMatch(error.message, /Value ''/);
    return true;
  });
});

test(`every parameter name the IAM and STS models spell is shorter than ${MAX_NAME_LENGTH} characters (name prefixes past it are not kept)`, () => {
  // The longest name under a shape, list indexes at 4 digits; structures nest only a few levels in these models.
  const longest = (model: ServiceModel, shape: Shape | undefined, depth: number): number => {
    if (shape === undefined || depth > 12) return 0;
    const under = (ref: { shape: string; locationName?: string } | undefined, name: string) =>
      ref === undefined ? 0 : name.length + 1 + longest(model, model.shapes[ref.shape], depth + 1);
    if (shape.type === 'structure') {
      return Math.max(0, ...Object.entries(shape.members ?? {}).map(([name, ref]) => under(ref, ref.locationName ?? name)));
    }
    if (shape.type === 'list') return under(shape.member, `${shape.member?.locationName ?? 'member'}.1000`);
    if (shape.type === 'map') return Math.max(under(shape.key, 'entry.1000.key'), under(shape.value, 'entry.1000.value'));
    return 0;
  };
  for (const model of [iamModel, stsModel]) {
    for (const operation of Object.values(model.operations)) {
      const length = operation.input === undefined ? 0 : longest(model, model.shapes[operation.input], 0);
      assert.ok(length < MAX_NAME_LENGTH, `${operation.name}: ${length}`);
    }
  }
});

test('a body of very long dotted names is read (and refused) without hashing every prefix of them', () => {
  const params = new URLSearchParams();
  for (let i = 0; i < 30; i++) params.append(`b${i}${'.a'.repeat(16_000)}`, 'x');
  params.append('UserName', 'bob');
  assert.deepEqual(parseQueryInput(params, iamModel, 'CreateUserRequest'), { UserName: 'bob' });
});
