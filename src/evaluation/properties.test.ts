// Property tests of the decision engine: differential against the reference evaluator on a subset of the
// language, and invariants of AWS's evaluation logic on the full engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decide } from './index.js';
import { parsePolicy, printPolicy } from '../policy/index.js';
import { referenceDecide } from './test-support/reference-evaluator.js';
import type { ReferenceInput, ReferencePolicy, ReferenceStatement } from './test-support/reference-evaluator.js';

type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
type Json = unknown;
type Policy = { Version: string; Statement: Record<string, Json>[] };

const NUM_RUNS = 200;
const ACCOUNT = '111122223333';
const OTHER = '444455556666';

function decisionOf(input: unknown): Decision {
  return decide(input).decision;
}

/** Allow > ImplicitDeny > ExplicitDeny: "grants more" means a higher rank. */
const rank: Record<Decision, number> = { ExplicitDeny: 0, ImplicitDeny: 1, Allow: 2 };

// ------------------------------------------------------------------------------------------------ pools
const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'ec2:RunInstances', 'iam:GetUser', 'sqs:SendMessage'];
const ACTION_PATTERNS = [...ACTIONS, 's3:*', 's3:Get*', '*', 'ec2:*', 'S3:getobject', 's3:?etObject', 'iam:*User', 'sqs:*Message'];
const RESOURCES = [
  'arn:aws:s3:::bucket/key',
  'arn:aws:s3:::bucket/a/b',
  'arn:aws:s3:::other/key',
  `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-1`,
  `arn:aws:iam::${ACCOUNT}:user/alice`,
];
const RESOURCE_PATTERNS = [
  ...RESOURCES, '*', 'arn:aws:s3:::bucket/*', 'arn:aws:s3:::*', 'arn:aws:s3:::bucket/?ey', 'arn:aws:ec2:*:*:*', 'arn:aws:ec2:us-east-1:*:instance/*',
  `arn:aws:iam::${ACCOUNT}:user/*`, 'arn:aws:s3:::Bucket/key',
];
const CONTEXT_KEYS = ['aws:RequestedRegion', 's3:prefix', 'ec2:InstanceType'];
const KEY_SPELLINGS = [...CONTEXT_KEYS, 'AWS:requestedregion', 'S3:Prefix'];
const CONTEXT_VALUES = ['us-east-1', 'eu-west-1', 'home/alice', 'home/bob', 't3.micro', 'Home/alice'];
const LIKE_VALUES = [...CONTEXT_VALUES, 'us-*', 'home/*', '*', 't3.*', 'eu-west-?'];

const oneOrMany = (arb: fc.Arbitrary<string>): fc.Arbitrary<string | string[]> =>
  fc.oneof(arb, fc.array(arb, { minLength: 1, maxLength: 3 }));

// ------------------------------------------------------------------------------------ subset generators
const subsetCondition: fc.Arbitrary<ReferenceStatement['Condition']> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 2 },
  {
    arbitrary: fc.dictionary(
      fc.constantFrom('StringEquals', 'StringLike'),
      fc.dictionary(fc.constantFrom(...KEY_SPELLINGS), oneOrMany(fc.constantFrom(...LIKE_VALUES)), { minKeys: 1, maxKeys: 2 }),
      { minKeys: 1, maxKeys: 2 },
    ),
    weight: 1,
  },
);

const subsetStatement: fc.Arbitrary<ReferenceStatement> = fc
  .record({
    Effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Allow', 'Deny'),
    notAction: fc.boolean(),
    actions: oneOrMany(fc.constantFrom(...ACTION_PATTERNS)),
    notResource: fc.boolean(),
    resources: oneOrMany(fc.constantFrom(...RESOURCE_PATTERNS)),
    Condition: subsetCondition,
  })
  .map(({ Effect, notAction, actions, notResource, resources, Condition }) => ({
    Effect,
    ...(notAction ? { NotAction: actions } : { Action: actions }),
    ...(notResource ? { NotResource: resources } : { Resource: resources }),
    ...(Condition === undefined ? {} : { Condition }),
  }));

const subsetPolicy: fc.Arbitrary<ReferencePolicy> = fc
  .array(subsetStatement, { minLength: 1, maxLength: 3 })
  .map((Statement) => ({ Version: '2012-10-17', Statement }));

const subsetContext = fc.dictionary(fc.constantFrom(...CONTEXT_KEYS), fc.constantFrom(...CONTEXT_VALUES), { maxKeys: 3 });

const subsetInput: fc.Arbitrary<ReferenceInput & { request: { principal: Json } }> = fc
  .record({
    action: fc.constantFrom(...ACTIONS),
    resource: fc.constantFrom(...RESOURCES),
    context: subsetContext,
    identity: fc.array(subsetPolicy, { maxLength: 3 }),
  })
  .map(({ action, resource, context, identity }) => ({
    request: {
      principal: { arn: `arn:aws:iam::${ACCOUNT}:user/alice`, account: ACCOUNT, type: 'IAMUser' },
      action,
      resource: { arn: resource, account: ACCOUNT },
      context,
    },
    policies: { identity },
  }));

test('differential: decide agrees with the reference evaluator on the subset', () => {
  fc.assert(
    fc.property(subsetInput, (input) => {
      assert.equal(decisionOf(input), referenceDecide(input));
    }),
    { numRuns: NUM_RUNS },
  );
});

// -------------------------------------------------------------------------------- full-input generators
const PRINCIPALS: Json[] = [
  { arn: `arn:aws:iam::${ACCOUNT}:user/alice`, account: ACCOUNT, type: 'IAMUser', tags: { team: 'blue' } },
  { arn: `arn:aws:iam::${ACCOUNT}:user/bob`, account: ACCOUNT, type: 'IAMUser' },
  {
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/s1`, account: ACCOUNT, type: 'AssumedRole',
    session: { roleArn: `arn:aws:iam::${ACCOUNT}:role/app`, sessionName: 's1' },
  },
  { arn: `arn:aws:iam::${OTHER}:user/carol`, account: OTHER, type: 'IAMUser' },
  {
    arn: `arn:aws:sts::${OTHER}:assumed-role/reader/job`, account: OTHER, type: 'AssumedRole',
    session: { roleArn: `arn:aws:iam::${OTHER}:role/reader`, sessionName: 'job' },
  },
  { arn: `arn:aws:iam::${ACCOUNT}:user/admin`, account: ACCOUNT, type: 'IAMUser', organizationManagementAccount: true },
];
const ROLE_SESSIONS = PRINCIPALS.filter((p) => (p as { type: string }).type === 'AssumedRole') as Record<string, Json>[];
const PRINCIPAL_ELEMENTS: Json[] = [
  '*',
  { AWS: '*' },
  { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` },
  { AWS: ACCOUNT },
  { AWS: OTHER },
  { AWS: `arn:aws:iam::${OTHER}:root` },
  { AWS: `arn:aws:iam::${ACCOUNT}:role/app` },
  { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/app/s1` },
  { AWS: [`arn:aws:iam::${OTHER}:role/reader`, `arn:aws:iam::${ACCOUNT}:user/bob`] },
];

const fullCondition: fc.Arbitrary<Record<string, Json> | undefined> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 4 },
  {
    arbitrary: fc.constantFrom<Record<string, Json>>(
      { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
      { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
      { StringLike: { 's3:prefix': 'home/*' } },
      { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
      { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
      { Bool: { 'aws:SecureTransport': 'true' } },
      { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } },
      { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } },
      { Null: { 'aws:TokenIssueTime': 'true' } },
      { StringEquals: { 'aws:PrincipalTag/team': 'blue' } },
      { StringEqualsIfExists: { 'ec2:InstanceType': 't3.micro' } },
    ),
    weight: 1,
  },
);

function statementArb(kind: 'identity' | 'resource' | 'rcp'): fc.Arbitrary<Record<string, Json>> {
  const principal: fc.Arbitrary<Json> = kind === 'resource' ? fc.constantFrom(...PRINCIPAL_ELEMENTS) : fc.constant('*');
  return fc
    .record({
      Effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Deny'),
      notAction: fc.boolean(),
      actions: oneOrMany(fc.constantFrom(...ACTION_PATTERNS)),
      notResource: fc.boolean(),
      resources: oneOrMany(fc.constantFrom(...RESOURCE_PATTERNS)),
      Condition: fullCondition,
      principal,
    })
    .map(({ Effect, notAction, actions, notResource, resources, Condition, principal }) => ({
      Effect,
      ...(kind === 'identity' ? {} : { Principal: principal }),
      ...(notAction && kind !== 'rcp' ? { NotAction: actions } : { Action: actions }),
      ...(notResource ? { NotResource: resources } : { Resource: resources }),
      ...(Condition === undefined ? {} : { Condition }),
    }));
}

const policyArb = (kind: 'identity' | 'resource' | 'rcp'): fc.Arbitrary<Policy> =>
  fc.array(statementArb(kind), { minLength: 1, maxLength: 3 }).map((Statement) => ({ Version: '2012-10-17', Statement }));

const FULL_ACCESS: Policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const scpArb: fc.Arbitrary<Policy> = fc.oneof({ arbitrary: fc.constant(FULL_ACCESS), weight: 3 }, { arbitrary: policyArb('identity'), weight: 1 });

const contextArb = fc.record(
  {
    'aws:RequestedRegion': fc.constantFrom('us-east-1', 'eu-west-1', 'ap-south-1'),
    'aws:SourceIp': fc.constantFrom('203.0.113.5', '198.51.100.7', '2001:db8::1'),
    'aws:SecureTransport': fc.constantFrom('true', 'false'),
    'aws:MultiFactorAuthPresent': fc.constantFrom('true', 'false'),
    'aws:TagKeys': fc.subarray(['env', 'team', 'owner']),
    's3:prefix': fc.constantFrom('home/alice', 'tmp/x'),
  },
  { requiredKeys: [] },
);

interface FullInput {
  request: { principal: Record<string, Json>; action: string; resource: { arn: string; account: string }; context: Json };
  policies: {
    identity: Policy[];
    resource: { account: string; policy: Policy }[];
    boundary?: Policy[];
    scps?: Policy[][];
    rcps?: Policy[][];
    session?: Policy[];
  };
}

const fullInput: fc.Arbitrary<FullInput> = fc
  .record({
    principal: fc.constantFrom(...PRINCIPALS),
    action: fc.constantFrom(...ACTIONS),
    resource: fc.constantFrom(...RESOURCES),
    context: contextArb,
    identity: fc.array(policyArb('identity'), { maxLength: 3 }),
    resource_: fc.option(policyArb('resource'), { nil: undefined, freq: 2 }),
    boundary: fc.option(policyArb('identity'), { nil: undefined, freq: 2 }),
    scps: fc.option(fc.array(fc.array(scpArb, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 }), { nil: undefined, freq: 2 }),
    rcps: fc.option(fc.array(fc.array(policyArb('rcp'), { maxLength: 2 }), { minLength: 1, maxLength: 3 }), { nil: undefined, freq: 2 }),
    session: fc.option(policyArb('identity'), { nil: undefined, freq: 2 }),
  })
  .map(({ principal, action, resource, context, identity, resource_, boundary, scps, rcps, session }) => {
    const p = principal as Record<string, Json>;
    const policies: FullInput['policies'] = {
      identity,
      resource: resource_ === undefined ? [] : [{ account: ACCOUNT, policy: resource_ }],
    };
    if (boundary !== undefined) policies.boundary = [boundary];
    if (scps !== undefined) policies.scps = scps;
    if (rcps !== undefined) policies.rcps = rcps;
    if (session !== undefined && p['type'] === 'AssumedRole') policies.session = [session];
    return { request: { principal: p, action, resource: { arn: resource, account: ACCOUNT }, context }, policies };
  });

function clone<T>(value: T): T {
  return structuredClone(value);
}

test('adding a Deny statement never grants more', () => {
  fc.assert(
    fc.property(fullInput, statementArb('identity'), fc.nat(), (input, extra, where) => {
      const before = decisionOf(input);
      const after = clone(input);
      const denyStatement = { ...extra, Effect: 'Deny' };
      const targets = after.policies.identity.length;
      if (targets === 0 || where % (targets + 1) === targets) {
        after.policies.identity.push({ Version: '2012-10-17', Statement: [denyStatement] });
      } else {
        after.policies.identity[where % targets]!.Statement.push(denyStatement);
      }
      const result = decisionOf(after);
      assert.ok(rank[result] <= rank[before], `${before} became ${result}`);
      if (before !== 'Allow') assert.notEqual(result, 'Allow');
    }),
    { numRuns: NUM_RUNS },
  );
});

test('adding a Deny statement to the resource policy never grants more', () => {
  fc.assert(
    fc.property(fullInput, statementArb('resource'), (input, extra) => {
      const before = decisionOf(input);
      const after = clone(input);
      const denyStatement = { ...extra, Effect: 'Deny' };
      const first = after.policies.resource[0];
      if (first === undefined) after.policies.resource.push({ account: ACCOUNT, policy: { Version: '2012-10-17', Statement: [denyStatement] } });
      else first.policy.Statement.push(denyStatement);
      const result = decisionOf(after);
      assert.ok(rank[result] <= rank[before], `${before} became ${result}`);
    }),
    { numRuns: NUM_RUNS },
  );
});

test('adding a permissions boundary never turns a deny into Allow', () => {
  fc.assert(
    fc.property(fullInput, policyArb('identity'), (generated, boundary) => {
      const input = clone(generated);
      delete input.policies.boundary;
      const before = decisionOf(input);
      const after = clone(input);
      after.policies.boundary = [boundary];
      if (before !== 'Allow') assert.notEqual(decisionOf(after), 'Allow');
    }),
    { numRuns: NUM_RUNS },
  );
});

test('adding an SCP level never turns a deny into Allow', () => {
  fc.assert(
    fc.property(fullInput, fc.array(scpArb, { minLength: 1, maxLength: 2 }), (input, level) => {
      const before = decisionOf(input);
      const after = clone(input);
      after.policies.scps = [...(after.policies.scps ?? []), level];
      if (before !== 'Allow') assert.notEqual(decisionOf(after), 'Allow');
    }),
    { numRuns: NUM_RUNS },
  );
});

test('adding an RCP never turns a deny into Allow', () => {
  fc.assert(
    fc.property(fullInput, policyArb('rcp'), fc.nat(), (input, rcp, where) => {
      const before = decisionOf(input);
      const after = clone(input);
      const levels = after.policies.rcps ?? [[]];
      levels[where % levels.length]!.push(rcp);
      after.policies.rcps = levels;
      if (before !== 'Allow') assert.notEqual(decisionOf(after), 'Allow');
    }),
    { numRuns: NUM_RUNS },
  );
});

test('adding a session policy to a role session never turns a deny into Allow', () => {
  fc.assert(
    fc.property(fullInput, fc.constantFrom(...ROLE_SESSIONS), policyArb('identity'), (generated, principal, session) => {
      const input = clone(generated);
      input.request.principal = principal;
      delete input.policies.session;
      const before = decisionOf(input);
      const after = clone(input);
      after.policies.session = [session];
      if (before !== 'Allow') assert.notEqual(decisionOf(after), 'Allow');
    }),
    { numRuns: NUM_RUNS },
  );
});

/** A deterministic Fisher–Yates shuffle driven by a small PRNG (mulberry32). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function permutePolicy(policy: Policy, seed: number): Policy {
  return { ...policy, Statement: shuffled(policy.Statement, seed) };
}

function permuteAll(input: FullInput, seed: number): FullInput {
  const p = input.policies;
  const policies: FullInput['policies'] = {
    identity: shuffled(p.identity.map((x, i) => permutePolicy(x, seed + i)), seed),
    resource: shuffled(p.resource.map((r, i) => ({ ...r, policy: permutePolicy(r.policy, seed + 7 * i) })), seed + 1),
  };
  if (p.boundary) policies.boundary = p.boundary.map((x) => permutePolicy(x, seed + 2));
  if (p.scps) policies.scps = shuffled(p.scps.map((level, i) => shuffled(level.map((x) => permutePolicy(x, seed + i)), seed + 3 + i)), seed + 3);
  if (p.rcps) policies.rcps = shuffled(p.rcps.map((level, i) => shuffled(level.map((x) => permutePolicy(x, seed + i)), seed + 5 + i)), seed + 4);
  if (p.session) policies.session = p.session.map((x) => permutePolicy(x, seed + 6));
  return { request: input.request, policies };
}

test('permuting statements, policies and organization levels never changes the decision', () => {
  fc.assert(
    fc.property(fullInput, fc.integer(), (input, seed) => {
      assert.equal(decisionOf(permuteAll(clone(input), seed)), decisionOf(input));
    }),
    { numRuns: NUM_RUNS },
  );
});

// ------------------------------------------------------------------------------------- print/parse round trip
const roundTripStatement: fc.Arbitrary<Record<string, Json>> = fc
  .record({
    base: statementArb('resource'),
    sid: fc.option(fc.constantFrom('S1', 'ReadOnly', 'x'), { nil: undefined }),
    notPrincipal: fc.boolean(),
    otherPrincipal: fc.option(
      fc.constantFrom<Json>(
        { Service: ['s3.amazonaws.com', 'lambda.amazonaws.com'] },
        { Federated: 'cognito-identity.amazonaws.com' },
        { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' },
        { AWS: [`arn:aws:iam::${ACCOUNT}:root`, OTHER], Service: 'ec2.amazonaws.com' },
      ),
      { nil: undefined },
    ),
    condition: fc.option(
      fc.constantFrom<Json>(
        { NumericLessThan: { 's3:max-keys': 10 } },
        { Bool: { 'aws:SecureTransport': true } },
        { DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, StringLikeIfExists: { 's3:prefix': ['a/*', 'b/*'] } },
        { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] }, Null: { 'aws:TagKeys': 'false' } },
      ),
      { nil: undefined },
    ),
  })
  .map(({ base, sid, notPrincipal, otherPrincipal, condition }) => {
    const { Principal, ...rest } = base;
    const principal = otherPrincipal ?? Principal;
    const withSid = sid === undefined ? rest : { Sid: sid, ...rest };
    return {
      ...withSid,
      ...(notPrincipal ? { NotPrincipal: principal === '*' ? { AWS: OTHER } : principal } : { Principal: principal }),
      ...(condition === undefined ? {} : { Condition: condition }),
    };
  });

const roundTripPolicy: fc.Arbitrary<Json> = fc
  .record({
    version: fc.constantFrom('2012-10-17', '2008-10-17', undefined),
    id: fc.option(fc.constantFrom('policy-1', 'abc'), { nil: undefined }),
    statements: fc.uniqueArray(roundTripStatement, {
      minLength: 1, maxLength: 3, selector: (s) => s['Sid'] ?? Symbol('no sid'),
    }),
    single: fc.boolean(),
  })
  .map(({ version, id, statements, single }) => ({
    ...(version === undefined ? {} : { Version: version }),
    ...(id === undefined ? {} : { Id: id }),
    Statement: single && statements.length === 1 ? statements[0] : statements,
  }));

test('parse -> print -> parse is the identity', () => {
  fc.assert(
    fc.property(roundTripPolicy, (json) => {
      const first = parsePolicy(json, { kind: 'resource' });
      assert.deepEqual(first.problems, [], JSON.stringify(json));
      assert.ok(first.policy !== undefined);
      const printed = printPolicy(first.policy);
      const second = parsePolicy(printed, { kind: 'resource' });
      assert.deepEqual(second.problems, []);
      assert.deepEqual(second.policy, first.policy);
      assert.equal(printPolicy(second.policy!), printed);
    }),
    { numRuns: NUM_RUNS },
  );
});
