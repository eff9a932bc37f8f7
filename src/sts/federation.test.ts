// The federation verifiers in process: web identity tokens (jose) and SAML responses (xml-crypto).
// Rules: API_AssumeRoleWithWebIdentity, API_AssumeRoleWithSAML (https://docs.aws.amazon.com/STS/latest/APIReference/),
// "Configuring SAML assertions for the authentication response" (id_roles_providers_create_saml_assertions.html).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAwsError } from '../kernel/index.js';
import { directoryJwksSource, jwksFileName, remoteJwksSource } from './jwks-source.js';
import { samlSigningCertificates, verifySamlResponse } from './saml-assertion.js';
import { makeIssuer, makeSamlIdp, samlAssertion, samlResponseXml, signSaml } from './test-support/federation-idps.js';
import { verifyWebIdentityToken } from './web-identity-token.js';

const ISSUER = 'https://oidc.ward.test/main';
const PROVIDER_ARN = 'arn:aws:iam::111122223333:oidc-provider/oidc.ward.test/main';

function code(expected: string, message?: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(isAwsError(error), String(error));
    assert.equal(error.code, expected, error.message);
    if (message !== undefined) assert.match(error.message, message);
    return true;
  };
}

describe('web identity tokens', async () => {
  const issuer = await makeIssuer(ISSUER);
  const other = await makeIssuer(ISSUER);
  const dir = mkdtempSync(join(tmpdir(), 'ward-jwks-'));
  writeFileSync(join(dir, jwksFileName(ISSUER)), JSON.stringify(issuer.jwks));
  const jwks = directoryJwksSource(dir);
  const deps = {
    jwks, now: Date.now(),
    findProvider: (name: string) => Promise.resolve(name === 'oidc.ward.test/main' ? { arn: PROVIDER_ARN, clientIds: ['app-1'] } : undefined),
  };

  test('a good token: subject, audience, condition keys', async () => {
    const token = await issuer.sign({ sub: 'user-1', aud: 'app-1', amr: ['pwd'] });
    const identity = await verifyWebIdentityToken(token, { ...deps, now: Date.now() });
    assert.equal(identity.subject, 'user-1');
    assert.equal(identity.audience, 'app-1');
    assert.equal(identity.providerArn, PROVIDER_ARN);
    assert.deepEqual(identity.conditionKeys, {
      'oidc.ward.test/main:aud': 'app-1', 'oidc.ward.test/main:sub': 'user-1', 'oidc.ward.test/main:amr': ['pwd'], 'aws:FederatedProvider': PROVIDER_ARN,
    });
  });

  test('azp among the client ids is the audience; aud becomes oaud', async () => {
    const token = await issuer.sign({ sub: 'u', aud: 'web-client', azp: 'app-1' });
    const identity = await verifyWebIdentityToken(token, { ...deps, now: Date.now() });
    assert.equal(identity.audience, 'app-1');
    assert.equal(identity.conditionKeys['oidc.ward.test/main:oaud'], 'web-client');
  });

  test('signed by another key: InvalidIdentityToken', async () => {
    const token = await other.sign({ sub: 'u', aud: 'app-1' });
    await assert.rejects(verifyWebIdentityToken(token, { ...deps, now: Date.now() }), code('InvalidIdentityToken'));
  });

  test('a tampered payload: InvalidIdentityToken', async () => {
    const [h, , s] = (await issuer.sign({ sub: 'u', aud: 'app-1' })).split('.');
    const forged = Buffer.from(JSON.stringify({ iss: ISSUER, sub: 'admin', aud: 'app-1', exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
    await assert.rejects(verifyWebIdentityToken(`${h}.${forged}.${s}`, { ...deps, now: Date.now() }), code('InvalidIdentityToken'));
  });

  test('wrong audience: InvalidIdentityToken "Incorrect token audience"', async () => {
    const token = await issuer.sign({ sub: 'u', aud: 'someone-else' });
    await assert.rejects(verifyWebIdentityToken(token, { ...deps, now: Date.now() }), code('InvalidIdentityToken', /Incorrect token audience/));
  });

  test('expired (beyond the tolerance): ExpiredTokenException with AWS\'s wording', async () => {
    const token = await issuer.sign({ sub: 'u', aud: 'app-1' }, { expiresIn: -120 });
    await assert.rejects(verifyWebIdentityToken(token, { ...deps, now: Date.now() }),
      code('ExpiredTokenException', /^Token expired: current date\/time \d+ must be before the expiration date\/time \d+$/));
  });

  test('expired within the clock tolerance is accepted; not yet valid is refused', async () => {
    const late = await issuer.sign({ sub: 'u', aud: 'app-1' }, { expiresIn: -10 });
    assert.equal((await verifyWebIdentityToken(late, { ...deps, now: Date.now() })).subject, 'u');
    const early = await issuer.sign({ sub: 'u', aud: 'app-1' }, { notBefore: 600 });
    await assert.rejects(verifyWebIdentityToken(early, { ...deps, now: Date.now() }), code('InvalidIdentityToken'));
  });

  test('an unregistered issuer: InvalidIdentityToken "No OpenIDConnect provider found in your account for <iss>"', async () => {
    const stranger = await makeIssuer('https://elsewhere.test');
    const token = await stranger.sign({ sub: 'u', aud: 'app-1' });
    await assert.rejects(verifyWebIdentityToken(token, { ...deps, now: Date.now() }),
      code('InvalidIdentityToken', /^No OpenIDConnect provider found in your account for https:\/\/elsewhere\.test$/));
  });

  test('not a JWT: InvalidIdentityToken', async () => {
    await assert.rejects(verifyWebIdentityToken('not-a-jwt', { ...deps, now: Date.now() }), code('InvalidIdentityToken'));
  });

  test('discovery + JWKS over loopback HTTP; an unreachable issuer is IDPCommunicationError', async () => {
    const server = createServer((req, res) => {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openid-configuration') res.end(JSON.stringify({ issuer: base, jwks_uri: `${base}/jwks` }));
      else if (req.url === '/jwks') res.end(JSON.stringify(loopback.jwks));
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const loopback = await makeIssuer(base);
    try {
      const remote = remoteJwksSource();
      const find = (name: string) => Promise.resolve(name === base ? { arn: 'arn:aws:iam::111122223333:oidc-provider/loopback', clientIds: ['c'] } : undefined);
      const identity = await verifyWebIdentityToken(await loopback.sign({ sub: 'x', aud: 'c' }), { jwks: remote, now: Date.now(), findProvider: find });
      assert.equal(identity.subject, 'x');
      const dead = await makeIssuer('http://127.0.0.1:1');
      await assert.rejects(verifyWebIdentityToken(await dead.sign({ sub: 'x', aud: 'c' }), {
        jwks: remote, now: Date.now(), findProvider: () => Promise.resolve({ arn: 'arn:aws:iam::111122223333:oidc-provider/dead', clientIds: ['c'] }),
      }), code('IDPCommunicationError'));
    } finally {
      server.close();
    }
  });

  test('cleanup', () => rmSync(dir, { recursive: true, force: true }));
});

describe('SAML responses', () => {
  const idp = makeSamlIdp();
  const other = makeSamlIdp();
  const ROLE = 'arn:aws:iam::111122223333:role/SamlRole';
  const PROVIDER = 'arn:aws:iam::111122223333:saml-provider/Corp';
  const deps = () => ({ certificates: samlSigningCertificates(idp.metadata), now: Date.now(), accountId: '111122223333', providerName: 'Corp', providerArn: PROVIDER });
  const spec = { roleArn: ROLE, providerArn: PROVIDER };

  test('metadata yields the signing certificate', () => {
    assert.equal(samlSigningCertificates(idp.metadata).length, 1);
  });

  test('a good response (Response signed, and Assertion signed): subject, role pair, keys', () => {
    for (const sign of ['response', 'assertion'] as const) {
      const identity = verifySamlResponse(samlAssertion(idp, { ...spec, sign }), deps());
      assert.equal(identity.subject, 'alice');
      assert.equal(identity.subjectType, 'persistent');
      assert.equal(identity.issuer, idp.entityId);
      assert.equal(identity.sessionName, 'alice@example.test');
      assert.deepEqual(identity.roles, [[ROLE, PROVIDER]]);
      assert.equal(identity.conditionKeys['saml:aud'], 'https://signin.aws.amazon.com/saml');
      assert.equal(identity.conditionKeys['saml:doc'], '111122223333/Corp');
    }
  });

  test('the role pair in either order', () => {
    const xml = samlResponseXml(idp, { ...spec, omitRole: true, extraAttributes: { 'https://aws.amazon.com/SAML/Attributes/Role': `${PROVIDER},${ROLE}` } });
    const identity = verifySamlResponse(Buffer.from(signSaml(xml, idp)).toString('base64'), deps());
    assert.deepEqual(identity.roles, [[ROLE, PROVIDER]]);
  });

  test('signed by another IdP: InvalidIdentityToken', () => {
    assert.throws(() => verifySamlResponse(samlAssertion(other, spec), deps()), code('InvalidIdentityToken'));
  });

  test('tampered after signing: InvalidIdentityToken', () => {
    const signed = signSaml(samlResponseXml(idp, spec), idp).replace('>alice</saml:NameID>', '>admin</saml:NameID>');
    assert.throws(() => verifySamlResponse(Buffer.from(signed).toString('base64'), deps()), code('InvalidIdentityToken'));
  });

  test('signature wrapping: an unsigned assertion beside or around the signed one is never read', () => {
    const signed = signSaml(samlResponseXml(idp, spec), idp, 'assertion');
    const assertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(signed)?.[0] ?? '';
    const evil = assertion.replace('>alice</saml:NameID>', '>admin</saml:NameID>');
    // XSW: the forged assertion (same ID, the original's Signature) first, the signed original hidden inside it.
    const wrapped = signed.replace(assertion, evil.replace('</saml:Subject>', `</saml:Subject><saml:Advice>${assertion}</saml:Advice>`));
    assert.throws(() => verifySamlResponse(Buffer.from(wrapped).toString('base64'), deps()), code('InvalidIdentityToken'));
    // An unsigned forged assertion added before the signed one: only the signed one is read.
    const beside = signed.replace(assertion, `${evil.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '').replace('ID="_a1"', 'ID="_evil"')}${assertion}`);
    let subject: string | undefined;
    try {
      subject = verifySamlResponse(Buffer.from(beside).toString('base64'), deps()).subject;
    } catch (error) {
      assert.ok(isAwsError(error) && error.code === 'InvalidIdentityToken');
    }
    assert.notEqual(subject, 'admin');
  });

  test('expired: ExpiredTokenException', () => {
    assert.throws(() => verifySamlResponse(samlAssertion(idp, { ...spec, validFor: -10 }), deps()), code('ExpiredTokenException'));
  });

  test('wrong audience or recipient: InvalidIdentityToken', () => {
    assert.throws(() => verifySamlResponse(samlAssertion(idp, { ...spec, audience: 'https://evil.test/saml' }), deps()), code('InvalidIdentityToken'));
    assert.throws(() => verifySamlResponse(samlAssertion(idp, { ...spec, recipient: 'https://evil.test/saml' }), deps()), code('InvalidIdentityToken'));
  });

  test('the regional sign-in endpoint and urn:amazon:webservices are accepted audiences', () => {
    assert.equal(verifySamlResponse(samlAssertion(idp, { ...spec, audience: 'urn:amazon:webservices' }), deps()).subject, 'alice');
    assert.equal(verifySamlResponse(samlAssertion(idp, { ...spec, audience: 'https://eu-west-1.signin.aws.amazon.com/saml' }), deps()).subject, 'alice');
  });

  test('role pair missing: no roles to match', () => {
    assert.deepEqual(verifySamlResponse(samlAssertion(idp, { ...spec, omitRole: true }), deps()).roles, []);
  });

  test('not base64 / not a Response / a DOCTYPE: InvalidIdentityToken', () => {
    assert.throws(() => verifySamlResponse('%%%', deps()), code('InvalidIdentityToken'));
    assert.throws(() => verifySamlResponse(Buffer.from('<a/>').toString('base64'), deps()), code('InvalidIdentityToken'));
    assert.throws(() => verifySamlResponse(Buffer.from('<!DOCTYPE x [<!ENTITY e "x">]><a/>').toString('base64'), deps()), code('InvalidIdentityToken'));
  });
});
