// Whole-request decisions, one rule per test, through the JSON interface.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decide } from './decide.js';

const A = '111122223333';
const B = '444455556666';
const USER = { type: 'IAMUser', arn: `arn:aws:iam::${A}:user/alice`, account: A };
const ROLE_ARN = `arn:aws:iam::${A}:role/app`;
const SESSION = { type: 'AssumedRole', arn: `arn:aws:sts::${A}:assumed-role/app/s1`, account: A, session: { roleArn: ROLE_ARN, sessionName: 's1' } };
const ROOT = { type: 'Root', arn: `arn:aws:iam::${A}:root`, account: A };
const OBJECT = `arn:aws:s3:::bucket/key`;

const allow = (action = 's3:*', resource = '*', extra: object = {}) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource, ...extra }] });
const deny = (action = 's3:*', resource = '*', extra: object = {}) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: action, Resource: resource, ...extra }] });
const grant = (principal: unknown, effect = 'Allow', action = 's3:*') => ({ Version: '2012-10-17', Statement: [{ Effect: effect, Principal: principal, Action: action, Resource: '*' }] });

function run(policies: object, principal: object = USER, options: { action?: string; resource?: string; account?: string; context?: object } = {}) {
  return decide({
    request: {
      principal, action: options.action ?? 's3:GetObject',
      resource: { arn: options.resource ?? OBJECT, account: options.account ?? A }, context: options.context ?? {},
    },
    policies,
  });
}
const result = (policies: object, principal?: object, options?: Parameters<typeof run>[2]) => run(policies, principal, options).decision;

describe('identity-based policies', () => {
  it('default deny', () => {
    assert.deepEqual(run({ identity: [] }), { decision: 'ImplicitDeny', reasons: [{ kind: 'NoAllow', policyType: 'identity' }] });
  });
  it('an Allow allows', () => assert.equal(result({ identity: [allow()] }), 'Allow'));
  it('an explicit Deny anywhere wins over an Allow', () => {
    const out = run({ identity: [allow(), deny('s3:Get*')] });
    assert.equal(out.decision, 'ExplicitDeny');
    assert.deepEqual(out.reasons, [{ kind: 'Statement', policyType: 'identity', effect: 'Deny', policyIndex: 1, statementIndex: 0 }]);
  });
  it('actions match case-insensitively with * and ?', () => {
    assert.equal(result({ identity: [allow('S3:getOBJECT')] }), 'Allow');
    assert.equal(result({ identity: [allow('s3:?etObj*')] }), 'Allow');
    assert.equal(result({ identity: [allow('s3:Put*')] }), 'ImplicitDeny');
    assert.equal(result({ identity: [allow('*')] }), 'Allow');
    assert.equal(result({ identity: [allow('s*:GetObject')] }), 'Allow');
  });
  it('resources match case-sensitively; * spans : and /', () => {
    assert.equal(result({ identity: [allow('s3:*', 'arn:aws:s3:::Bucket/*')] }), 'ImplicitDeny');
    assert.equal(result({ identity: [allow('s3:*', 'arn:aws:s3:::bucket/*')] }), 'Allow');
    assert.equal(result({ identity: [allow('s3:*', 'arn:*')] }), 'Allow');
    assert.equal(result({ identity: [allow('s3:*', 'arn:aws:s3:::b?cket/k?y')] }), 'Allow');
  });
  it('NotAction and NotResource', () => {
    assert.equal(result({ identity: [{ Statement: { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' } }] }), 'Allow');
    assert.equal(result({ identity: [{ Statement: { Effect: 'Allow', NotAction: 's3:*', Resource: '*' } }] }), 'ImplicitDeny');
    assert.equal(result({ identity: [{ Statement: { Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::other/*' } }] }), 'Allow');
    assert.equal(result({ identity: [{ Statement: { Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::bucket/*' } }] }), 'ImplicitDeny');
  });
  it('conditions: keys AND, values OR', () => {
    const policy = allow('s3:*', '*', { Condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] }, Bool: { 'aws:SecureTransport': 'true' } } });
    assert.equal(result({ identity: [policy] }, USER, { context: { 'aws:RequestedRegion': 'us-east-1', 'aws:SecureTransport': true } }), 'Allow');
    assert.equal(result({ identity: [policy] }, USER, { context: { 'aws:RequestedRegion': 'us-east-1', 'aws:SecureTransport': 'false' } }), 'ImplicitDeny');
    assert.equal(result({ identity: [policy] }, USER, { context: { 'aws:SecureTransport': 'true' } }), 'ImplicitDeny');
  });
  it('policy variables in Resource, only under Version 2012-10-17; principal keys derived', () => {
    const p = (version?: string) => ({ ...(version ? { Version: version } : {}), Statement: { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::home/${aws:username}/*' } });
    const home = { resource: 'arn:aws:s3:::home/alice/file' };
    assert.equal(result({ identity: [p('2012-10-17')] }, USER, home), 'Allow');
    assert.equal(result({ identity: [p('2012-10-17')] }, USER, { resource: 'arn:aws:s3:::home/bob/file' }), 'ImplicitDeny');
    assert.equal(result({ identity: [p('2008-10-17')] }, USER, home), 'ImplicitDeny');
    assert.equal(result({ identity: [p()] }, USER, home), 'ImplicitDeny');
    assert.equal(result({ identity: [p('2012-10-17')] }, SESSION, home), 'ImplicitDeny', 'no aws:username for a role session');
    const tag = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: "arn:aws:s3:::team/${aws:PrincipalTag/team, 'none'}/*" } };
    assert.equal(result({ identity: [tag] }, { ...USER, tags: { team: 'red' } }, { resource: 'arn:aws:s3:::team/red/x' }), 'Allow');
    assert.equal(result({ identity: [tag] }, USER, { resource: 'arn:aws:s3:::team/none/x' }), 'Allow');
  });
  it('statement and policy order do not matter', () => {
    const a = allow();
    const d = deny('s3:GetObject');
    assert.equal(result({ identity: [a, d] }), result({ identity: [d, a] }));
    const both = { Statement: [{ Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Allow', Action: '*', Resource: '*' }] };
    assert.equal(result({ identity: [both] }), 'ExplicitDeny');
  });
  it('policies for other services do not change the decision', () => {
    const many = Array.from({ length: 200 }, (_, i) => allow(`svc${i}:*`));
    assert.equal(result({ identity: [...many, allow('s3:GetObject')] }), 'Allow');
    assert.equal(result({ identity: many }), 'ImplicitDeny');
  });
});

describe('permissions boundaries', () => {
  it('identity and boundary must both allow', () => {
    assert.equal(result({ identity: [allow()], boundary: [allow('s3:*')] }), 'Allow');
    assert.deepEqual(run({ identity: [allow()], boundary: [allow('ec2:*')] }).reasons, [{ kind: 'NoAllow', policyType: 'boundary' }]);
    assert.equal(result({ identity: [], boundary: [allow()] }), 'ImplicitDeny');
  });
  it('a Deny in the boundary is explicit', () => {
    assert.equal(run({ identity: [allow()], boundary: [allow(), deny()].map((p) => p) }).decision, 'ExplicitDeny');
  });
  it('an empty boundary list means no boundary', () => assert.equal(result({ identity: [allow()], boundary: [] }), 'Allow'));
});

describe('service control policies', () => {
  const full = allow('*');
  it('every level must allow', () => {
    assert.equal(result({ identity: [allow()], scps: [[full], [full], [allow('s3:*')]] }), 'Allow');
    assert.deepEqual(run({ identity: [allow()], scps: [[full], [allow('ec2:*')], [full]] }).reasons, [{ kind: 'NoAllow', policyType: 'scp', level: 1 }]);
    assert.equal(result({ identity: [allow()], scps: [[full], []] }), 'ImplicitDeny', 'a level with no SCP allows nothing');
  });
  it('an SCP Deny is explicit and reports its level', () => {
    const out = run({ identity: [allow()], scps: [[full, deny()]] });
    assert.equal(out.decision, 'ExplicitDeny');
    assert.deepEqual(out.reasons, [{ kind: 'Statement', policyType: 'scp', effect: 'Deny', policyIndex: 1, level: 0, statementIndex: 0 }]);
  });
  it('SCPs grant nothing by themselves', () => assert.equal(result({ identity: [], scps: [[full]] }), 'ImplicitDeny'));
  it('SCPs apply to the root user of a member account', () => {
    assert.equal(result({ identity: [], scps: [[allow('ec2:*')]] }, ROOT), 'ImplicitDeny');
    assert.equal(result({ identity: [], scps: [[full, deny()]] }, ROOT), 'ExplicitDeny');
  });
  it('SCPs do not apply to the management account', () => {
    const mgmt = { ...USER, organizationManagementAccount: true };
    assert.equal(result({ identity: [allow()], scps: [[deny()]] }, mgmt), 'Allow');
    assert.equal(result({ identity: [], scps: [[deny()]] }, { ...ROOT, organizationManagementAccount: true }), 'Allow');
  });
});

describe('resource control policies', () => {
  const rcpDeny = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalAccount': A } } }] };
  it('RCPFullAWSAccess is implicit: RCPs only deny', () => {
    assert.equal(result({ identity: [allow()], rcps: [[], []] }), 'Allow');
    assert.equal(result({ identity: [allow()], rcps: [[rcpDeny]] }), 'Allow');
    assert.equal(result({ identity: [allow()], rcps: [[grant('*', 'Deny')]] }), 'ExplicitDeny');
  });
  it('an RCP Deny applies to the root user and to other accounts', () => {
    assert.equal(result({ identity: [], rcps: [[grant('*', 'Deny')]] }, ROOT), 'ExplicitDeny');
    const other = { type: 'IAMUser', arn: `arn:aws:iam::${B}:user/bob`, account: B };
    assert.equal(result({ identity: [allow()], resource: [{ account: A, policy: grant({ AWS: B }) }], rcps: [[rcpDeny]] }, other), 'ExplicitDeny');
  });
  it('RCPs do not apply to resources of the management account', () => {
    assert.equal(result({ identity: [allow()], rcps: [[grant('*', 'Deny')]] }, { ...USER, organizationManagementAccount: true }), 'Allow');
  });
});

describe('session policies', () => {
  it('a role session: identity and session policies must both allow', () => {
    assert.equal(result({ identity: [allow()], session: [allow('s3:Get*')] }, SESSION), 'Allow');
    assert.deepEqual(run({ identity: [allow()], session: [allow('ec2:*')] }, SESSION).reasons, [{ kind: 'NoAllow', policyType: 'session' }]);
    assert.equal(result({ identity: [], session: [allow()] }, SESSION), 'ImplicitDeny');
    assert.equal(result({ identity: [allow()] }, SESSION), 'Allow');
  });
  it('a federated user session without a session policy has no permissions', () => {
    const fed = { type: 'FederatedUser', arn: `arn:aws:sts::${A}:federated-user/carol`, account: A };
    assert.equal(result({ identity: [allow()] }, fed), 'ImplicitDeny');
    assert.equal(result({ identity: [allow()], session: [allow()] }, fed), 'Allow');
  });
});

describe('resource-based policies, same account', () => {
  it('naming the IAM user allows without an identity policy, even past a boundary', () => {
    assert.equal(result({ identity: [], resource: [{ account: A, policy: grant({ AWS: USER.arn }) }] }), 'Allow');
    assert.equal(result({ identity: [], boundary: [allow('ec2:*')], resource: [{ account: A, policy: grant({ AWS: USER.arn }) }] }), 'Allow');
  });
  it('naming the role session allows past boundary and session policies', () => {
    const policies = { identity: [], boundary: [allow('ec2:*')], session: [allow('ec2:*')], resource: [{ account: A, policy: grant({ AWS: SESSION.arn }) }] };
    assert.equal(result(policies, SESSION), 'Allow');
  });
  it('naming the role: limited by the boundary and session policies', () => {
    const byRole = [{ account: A, policy: grant({ AWS: ROLE_ARN }) }];
    assert.equal(result({ identity: [], resource: byRole }, SESSION), 'Allow');
    assert.equal(result({ identity: [], resource: byRole, session: [allow('ec2:*')] }, SESSION), 'ImplicitDeny');
    assert.equal(result({ identity: [], resource: byRole, boundary: [allow('ec2:*')] }, SESSION), 'ImplicitDeny');
  });
  it('naming the account delegates to IAM: an identity policy is still needed', () => {
    assert.equal(result({ identity: [], resource: [{ account: A, policy: grant({ AWS: A }) }] }), 'ImplicitDeny');
    assert.equal(result({ identity: [allow()], resource: [{ account: A, policy: grant({ AWS: `arn:aws:iam::${A}:root` }) }] }), 'Allow');
  });
  it('a Deny in a resource-based policy is explicit', () => {
    assert.equal(result({ identity: [allow()], resource: [{ account: A, policy: grant('*', 'Deny') }] }), 'ExplicitDeny');
  });
  it('a principal not named gets nothing from the resource policy', () => {
    assert.equal(result({ identity: [], resource: [{ account: A, policy: grant({ AWS: `arn:aws:iam::${A}:user/bob` }) }] }), 'ImplicitDeny');
  });
  it('role trust policies must allow the caller, even with an identity Allow', () => {
    const opts = { action: 'sts:AssumeRole', resource: ROLE_ARN };
    assert.deepEqual(run({ identity: [allow('sts:AssumeRole')] }, USER, opts).reasons, [{ kind: 'NoAllow', policyType: 'resource' }]);
    assert.equal(result({ identity: [allow('sts:AssumeRole')], resource: [{ account: A, policy: grant({ AWS: A }, 'Allow', 'sts:AssumeRole') }] }, USER, opts), 'Allow');
    assert.equal(result({ identity: [], resource: [{ account: A, policy: grant({ AWS: A }, 'Allow', 'sts:AssumeRole') }] }, USER, opts), 'ImplicitDeny');
    assert.equal(result({ identity: [], resource: [{ account: A, policy: grant({ AWS: USER.arn }, 'Allow', 'sts:AssumeRole') }] }, USER, opts), 'Allow');
  });
});

describe('cross-account', () => {
  const bob = { type: 'IAMUser', arn: `arn:aws:iam::${B}:user/bob`, account: B };
  it('both the identity policy and the resource policy must allow', () => {
    assert.deepEqual(run({ identity: [allow()] }, bob).reasons, [{ kind: 'NoAllow', policyType: 'resource' }]);
    assert.deepEqual(run({ identity: [], resource: [{ account: A, policy: grant({ AWS: bob.arn }) }] }, bob).reasons, [{ kind: 'NoAllow', policyType: 'identity' }]);
    assert.equal(result({ identity: [allow()], resource: [{ account: A, policy: grant({ AWS: bob.arn }) }] }, bob), 'Allow');
  });
  it('an account principal (id or root ARN) trusts every principal of that account', () => {
    assert.equal(result({ identity: [allow()], resource: [{ account: A, policy: grant({ AWS: B }) }] }, bob), 'Allow');
    assert.equal(result({ identity: [allow()], resource: [{ account: A, policy: grant({ AWS: `arn:aws:iam::${B}:root` }) }] }, bob), 'Allow');
  });
  it('the caller\'s boundary still applies', () => {
    assert.equal(result({ identity: [allow()], boundary: [allow('ec2:*')], resource: [{ account: A, policy: grant({ AWS: bob.arn }) }] }, bob), 'ImplicitDeny');
  });
  it('a root user of another account needs the resource policy only', () => {
    const rootB = { type: 'Root', arn: `arn:aws:iam::${B}:root`, account: B };
    assert.equal(result({ identity: [], resource: [{ account: A, policy: grant({ AWS: B }) }] }, rootB), 'Allow');
    assert.equal(result({ identity: [] }, rootB), 'ImplicitDeny');
  });
});

describe('root user and anonymous callers', () => {
  it('the root user has full access in its own account', () => {
    assert.deepEqual(run({ identity: [] }, ROOT), { decision: 'Allow', reasons: [{ kind: 'RootUser' }] });
    assert.equal(result({ identity: [] }, { ...USER, isRoot: true, arn: ROOT.arn }), 'Allow');
  });
  it('an explicit deny in a resource policy binds the root user', () => {
    assert.equal(result({ identity: [], resource: [{ account: A, policy: grant('*', 'Deny') }] }, ROOT), 'ExplicitDeny');
  });
  it('anonymous callers are allowed only by Principal "*"', () => {
    const anon = { type: 'Anonymous' };
    assert.equal(result({ identity: [], resource: [{ account: A, policy: grant('*') }] }, anon), 'Allow');
    assert.equal(result({ identity: [], resource: [{ account: A, policy: grant({ AWS: '*' }) }] }, anon), 'Allow');
    assert.equal(result({ identity: [], resource: [{ account: A, policy: grant({ AWS: A }) }] }, anon), 'ImplicitDeny');
    assert.equal(result({ identity: [allow()] }, anon), 'ImplicitDeny');
  });
});

describe('NotPrincipal with Deny', () => {
  const notPrincipal = (values: string[]) => ({ account: A, policy: { Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: values }, Action: 's3:*', Resource: '*' }] } });
  it('excludes a user only when the user and the account are listed', () => {
    assert.equal(result({ identity: [allow()], resource: [notPrincipal([USER.arn, A])] }), 'Allow');
    assert.equal(result({ identity: [allow()], resource: [notPrincipal([USER.arn])] }), 'ExplicitDeny');
  });
  it('excludes a role session only when the session, the role and the account are listed', () => {
    assert.equal(result({ identity: [allow()], resource: [notPrincipal([SESSION.arn, ROLE_ARN, `arn:aws:iam::${A}:root`])] }, SESSION), 'Allow');
    assert.equal(result({ identity: [allow()], resource: [notPrincipal([SESSION.arn, `arn:aws:iam::${A}:root`])] }, SESSION), 'ExplicitDeny');
  });
  it('always denies a principal with a permissions boundary', () => {
    assert.equal(result({ identity: [allow()], boundary: [allow()], resource: [notPrincipal([USER.arn, A])] }), 'ExplicitDeny');
  });
});
