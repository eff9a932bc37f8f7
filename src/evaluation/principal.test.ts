// Principal matching: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compilePrincipal, matchPrincipal, notPrincipalExcludes, PrincipalMatch, type RequestPrincipal } from './principal.js';

const A = '111122223333';
const user: RequestPrincipal = { type: 'IAMUser', arn: `arn:aws:iam::${A}:user/alice`, account: A };
const session: RequestPrincipal = { type: 'AssumedRole', arn: `arn:aws:sts::${A}:assumed-role/app/s`, account: A, roleArn: `arn:aws:iam::${A}:role/app` };
const root: RequestPrincipal = { type: 'Root', arn: `arn:aws:iam::${A}:root`, account: A };
const anonymous: RequestPrincipal = { type: 'Anonymous', arn: '', account: '' };
const service: RequestPrincipal = { type: 'Service', arn: 's3.amazonaws.com', account: '' };
const aws = (...values: string[]) => compilePrincipal({ kind: 'Map', entries: [{ type: 'AWS', values }] });

describe('matchPrincipal', () => {
  it('"*" and {"AWS": "*"} match everyone, anonymous included', () => {
    for (const caller of [user, session, root, anonymous, service]) {
      assert.equal(matchPrincipal(compilePrincipal({ kind: 'Wildcard' }), caller), PrincipalMatch.Direct);
      assert.equal(matchPrincipal(aws('*'), caller), PrincipalMatch.Direct);
    }
  });
  it('an account id is the same as its root ARN', () => {
    assert.equal(matchPrincipal(aws(A), user), PrincipalMatch.Account);
    assert.equal(matchPrincipal(aws(`arn:aws:iam::${A}:root`), user), PrincipalMatch.Account);
    assert.equal(matchPrincipal(aws(A), root), PrincipalMatch.Direct);
    assert.equal(matchPrincipal(aws('444455556666'), user), PrincipalMatch.None);
  });
  it('a role ARN matches its sessions (as Role), a session ARN matches directly', () => {
    assert.equal(matchPrincipal(aws(`arn:aws:iam::${A}:role/app`), session), PrincipalMatch.Role);
    assert.equal(matchPrincipal(aws(session.arn), session), PrincipalMatch.Direct);
    assert.equal(matchPrincipal(aws(`arn:aws:iam::${A}:role/other`), session), PrincipalMatch.None);
  });
  it('users match by exact ARN; anonymous only by "*"; services by Service', () => {
    assert.equal(matchPrincipal(aws(user.arn), user), PrincipalMatch.Direct);
    assert.equal(matchPrincipal(aws(`arn:aws:iam::${A}:user/Alice`), user), PrincipalMatch.None);
    assert.equal(matchPrincipal(aws(A), anonymous), PrincipalMatch.None);
    const svc = compilePrincipal({ kind: 'Map', entries: [{ type: 'Service', values: ['s3.amazonaws.com'] }] });
    assert.equal(matchPrincipal(svc, service), PrincipalMatch.Direct);
    assert.equal(matchPrincipal(svc, user), PrincipalMatch.None);
  });
  it('an identity provider (AssumeRoleWithWebIdentity / SAML) matches only {"Federated": its ARN}', () => {
    const provider: RequestPrincipal = { type: 'WebIdentity', arn: `arn:aws:iam::${A}:saml-provider/Corp`, account: '' };
    const federated = compilePrincipal({ kind: 'Map', entries: [{ type: 'Federated', values: [provider.arn] }] });
    assert.equal(matchPrincipal(federated, provider), PrincipalMatch.Direct);
    assert.equal(matchPrincipal(federated, user), PrincipalMatch.None);
    assert.equal(matchPrincipal(aws(A), provider), PrincipalMatch.None);
    assert.equal(notPrincipalExcludes(federated, provider), true);
  });
});

describe('notPrincipalExcludes', () => {
  it('needs every identity of the caller\'s chain', () => {
    assert.equal(notPrincipalExcludes(aws(user.arn, A), user), true);
    assert.equal(notPrincipalExcludes(aws(user.arn), user), false);
    assert.equal(notPrincipalExcludes(aws(session.arn, session.roleArn!, A), session), true);
    assert.equal(notPrincipalExcludes(aws(session.arn, A), session), false);
    assert.equal(notPrincipalExcludes(aws(A), root), true);
    assert.equal(notPrincipalExcludes(aws(A), anonymous), false);
  });
});
