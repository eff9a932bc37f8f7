// The lazy request context of prepareRequest against the eager construction it replaces: every key set in
// a map, lower-cased, then the principal keys derived with setDefault
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseArn } from '../kernel/index.js';
import { RequestContext, type ContextEntry, type ContextInputValue } from './context.js';
import { derivePrincipalKeys, prepareRequest, type AuthorizeRequest } from './request.js';

const A = '111122223333';

const KEYS = [
  'aws:SourceIp', 'AWS:SOURCEIP', 'aws:sourceip', 'aws:PrincipalArn', 'AWS:principalarn', 'aws:PrincipalAccount',
  'aws:PrincipalType', 'aws:username', 'AWS:UserName', 'aws:userid', 'aws:PrincipalTag/team', 'aws:principaltag/TEAM',
  'aws:PrincipalTag/dept', 's3:prefix', 'ec2:InstanceType', 'x:İstanbul', 'x:ΣΑΣ', '123', 'aws:TagKeys',
];
const TAG_KEYS = ['team', 'Team', 'TEAM', 'dept', 'ΣΑΣ', 'İ'];
const ARNS = [
  `arn:aws:iam::${A}:user/alice`, `arn:aws:iam::${A}:user/path/to/bob`, `arn:aws:sts::${A}:federated-user/carol`,
  `arn:aws:sts::${A}:assumed-role/app/session`, `arn:aws:iam::${A}:root`, `arn:aws:iam::${A}:user/a:b/c:d`,
  'not-an-arn', 'arn:aws:iam:', 'arn::iam::1:user/x', '', 's3.amazonaws.com',
];

const scalar = fc.oneof(fc.constantFrom('203.0.113.7', '', 'true', 'a'), fc.integer({ min: -5, max: 5 }), fc.boolean());
const value: fc.Arbitrary<ContextInputValue> = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));
const context = fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 8 });
const principal: fc.Arbitrary<AuthorizeRequest['principal']> = fc.record(
  {
    type: fc.constantFrom('IAMUser', 'AssumedRole', 'Root', 'FederatedUser', 'Anonymous', 'Service'),
    arn: fc.constantFrom(...ARNS),
    account: fc.constantFrom(A, ''),
    roleArn: fc.constantFrom(`arn:aws:iam::${A}:role/app`, ''),
    tags: fc.dictionary(fc.constantFrom(...TAG_KEYS), fc.constantFrom('payments', 'ops', ''), { maxKeys: 4 }),
  },
  { requiredKeys: ['type', 'arn', 'account'] },
);

/** The eager construction: every key set lower-cased in order, then the principal keys by setDefault. */
function eager(input: Record<string, ContextInputValue>, p: AuthorizeRequest['principal']): RequestContext {
  const out = new RequestContext();
  for (const key of Object.keys(input)) out.set(key, input[key] as ContextInputValue);
  derivePrincipalKeys(out, p);
  return out;
}

const view = (entry: ContextEntry | undefined) => (entry === undefined ? undefined : { values: entry.values, multi: entry.multi });

/** Every lower-cased key worth asking about: those given, the derived ones, and some absent. */
function probes(input: Record<string, ContextInputValue>, p: AuthorizeRequest['principal']): string[] {
  const tags = Object.keys(p.tags ?? {}).map((k) => `aws:PrincipalTag/${k}`);
  return [...new Set([...KEYS, ...Object.keys(input), ...tags, 'aws:absent', 'aws:principaltag/'].map((k) => k.toLowerCase()))];
}

describe('the lazy request context', () => {
  test('answers every lookup as the eager construction does', () => {
    fc.assert(
      fc.property(context, principal, fc.boolean(), (input, p, reverse) => {
        const reference = eager(input, p);
        const lazy = prepareRequest({ principal: p, action: 's3:GetObject', resource: { arn: '*' }, context: input }).context;
        const keys = probes(input, p);
        if (reverse) keys.reverse();
        for (const key of keys) {
          assert.deepEqual(view(lazy.get(key)), view(reference.get(key)), key);
          assert.equal(lazy.variable(key), reference.variable(key), key);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('set and setDefault on a lazy context behave as on the eager one, before or after lookups', () => {
    fc.assert(
      fc.property(context, principal, fc.constantFrom(...KEYS), value, fc.boolean(), fc.boolean(), (input, p, key, v, replace, lookFirst) => {
        const reference = eager(input, p);
        const lazy = prepareRequest({ principal: p, action: 's3:GetObject', resource: { arn: '*' }, context: input }).context;
        const keys = probes(input, p);
        if (lookFirst) for (const k of keys) lazy.get(k);
        if (replace) {
          reference.set(key, v);
          lazy.set(key, v);
        } else {
          reference.setDefault(key, v);
          lazy.setDefault(key, v);
        }
        for (const k of keys) assert.deepEqual(view(lazy.get(k)), view(reference.get(k)), k);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps an entry, and its parsed values, for the rest of the request', () => {
    const c = RequestContext.from({ 'aws:SourceIp': '203.0.113.7' });
    assert.equal(c.get('aws:sourceip'), c.get('aws:sourceip'));
    const p = prepareRequest({ principal: { type: 'IAMUser', arn: `arn:aws:iam::${A}:user/alice`, account: A }, action: 'iam:GetUser', resource: { arn: '*' } });
    assert.equal(p.context.get('aws:username'), p.context.get('aws:username'));
    assert.deepEqual(p.context.get('aws:username')?.values, ['alice']);
  });
});

test('prepareRequest finds the resource account as parseArn does', () => {
  const piece = fc.constantFrom('arn', ':', 'aws', '', 's3', A, '/', 'x:y', 'arn:');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => {
      const arn = pieces.join('');
      const prepared = prepareRequest({ principal: { type: 'Anonymous', arn: '', account: '' }, action: 's3:GetObject', resource: { arn } });
      assert.equal(prepared.resourceAccount, parseArn(arn)?.account ?? '', arn);
    }),
    { numRuns: 3000 },
  );
});
