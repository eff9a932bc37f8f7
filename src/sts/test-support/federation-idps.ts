import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type JWK, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { SignedXml } from 'xml-crypto';

/** An OIDC issuer made by a test: an RSA key, its public JWKS, and a token signer. */
export interface TestIssuer {
  readonly issuer: string;
  readonly jwks: { keys: JWK[] };
  /** `at`: the issue time in ms (default now); `expiresIn` / `notBefore` in seconds from it. */
  sign(claims: Record<string, unknown>, options?: { expiresIn?: number; notBefore?: number; at?: number }): Promise<string>;
}

/** A new issuer with one RS256 key (kid `k1`). */
export async function makeIssuer(issuer: string): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  return {
    issuer,
    jwks: { keys: [jwk] },
    sign: (claims, options = {}) => {
      const now = Math.floor((options.at ?? Date.now()) / 1000);
      return new SignJWT({ iss: issuer, ...claims }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuedAt(now)
        .setExpirationTime(now + (options.expiresIn ?? 600)).setNotBefore(now + (options.notBefore ?? -5)).sign(privateKey);
    },
  };
}

/** A SAML IdP made by a test: a self-signed certificate (`openssl req -x509`) and its private key. */
export interface TestSamlIdp {
  readonly entityId: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** SAML 2.0 IdP metadata naming the certificate as the signing key. */
  readonly metadata: string;
}

/** Makes a key pair and self-signed certificate with openssl in a temporary directory. */
export function makeSamlIdp(entityId = 'https://idp.example.test/saml'): TestSamlIdp {
  const dir = mkdtempSync(join(tmpdir(), 'ward-saml-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      '-days', '2', '-subj', '/CN=ward-test-idp'], { stdio: 'ignore' });
    const certPem = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const keyPem = readFileSync(join(dir, 'key.pem'), 'utf8');
    const body = certPem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    const metadata = `<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}">`
      + '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing">'
      + `<ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${body}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>`
      + '</md:KeyDescriptor><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.test/sso"/>'
      + '</md:IDPSSODescriptor></md:EntityDescriptor>';
    return { entityId, certPem, keyPem, metadata };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a test assertion says. */
export interface AssertionSpec {
  readonly roleArn: string;
  readonly providerArn: string;
  readonly subject?: string;
  readonly sessionName?: string;
  readonly audience?: string;
  readonly recipient?: string;
  /** Seconds from now the assertion stays valid (negative: already expired). */
  readonly validFor?: number;
  readonly omitRole?: boolean;
  readonly extraAttributes?: Readonly<Record<string, string>>;
  /** Sign the Response (default) or the Assertion. */
  readonly sign?: 'response' | 'assertion';
  /** The issue time in ms (default now). */
  readonly at?: number;
  /** Seconds from `at` to the AuthnStatement's SessionNotOnOrAfter (none by default). */
  readonly sessionFor?: number;
}

/** An unsigned SAML Response (the assertion has ID `_a1`, the response `_r1`). */
export function samlResponseXml(idp: TestSamlIdp, spec: AssertionSpec): string {
  const now = spec.at ?? Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const until = iso(now + (spec.validFor ?? 300) * 1000);
  const attribute = (name: string, value: string) => `<saml:Attribute Name="${name}"><saml:AttributeValue>${value}</saml:AttributeValue></saml:Attribute>`;
  const attributes = [
    ...(spec.omitRole === true ? [] : [attribute('https://aws.amazon.com/SAML/Attributes/Role', `${spec.roleArn},${spec.providerArn}`)]),
    attribute('https://aws.amazon.com/SAML/Attributes/RoleSessionName', spec.sessionName ?? 'alice@example.test'),
    ...Object.entries(spec.extraAttributes ?? {}).map(([k, v]) => attribute(k, v)),
  ].join('');
  return '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" '
    + `ID="_r1" Version="2.0" IssueInstant="${iso(now)}" Destination="https://signin.aws.amazon.com/saml">`
    + `<saml:Issuer>${idp.entityId}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>`
    + `<saml:Assertion ID="_a1" Version="2.0" IssueInstant="${iso(now)}"><saml:Issuer>${idp.entityId}</saml:Issuer>`
    + `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${spec.subject ?? 'alice'}</saml:NameID>`
    + `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${until}" `
    + `Recipient="${spec.recipient ?? 'https://signin.aws.amazon.com/saml'}"/></saml:SubjectConfirmation></saml:Subject>`
    + `<saml:Conditions NotBefore="${iso(now - 60_000)}" NotOnOrAfter="${until}"><saml:AudienceRestriction>`
    + `<saml:Audience>${spec.audience ?? 'https://signin.aws.amazon.com/saml'}</saml:Audience></saml:AudienceRestriction></saml:Conditions>`
    + `<saml:AuthnStatement AuthnInstant="${iso(now)}"${spec.sessionFor !== undefined ? ` SessionNotOnOrAfter="${iso(now + spec.sessionFor * 1000)}"` : ''}><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`
    + `<saml:AttributeStatement>${attributes}</saml:AttributeStatement></saml:Assertion></samlp:Response>`;
}

/** Signs the Response or its Assertion (enveloped, exclusive c14n, RSA-SHA256) with xml-crypto. */
export function signSaml(xml: string, idp: TestSamlIdp, target: 'response' | 'assertion' = 'response'): string {
  const signer = new SignedXml({ privateKey: idp.keyPem, publicCert: idp.certPem });
  signer.signatureAlgorithm = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
  signer.canonicalizationAlgorithm = 'http://www.w3.org/2001/10/xml-exc-c14n#';
  const xpath = target === 'response' ? "/*[local-name(.)='Response']" : "//*[local-name(.)='Assertion']";
  signer.addReference({
    xpath, digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
  });
  // The signature follows the Issuer, as the SAML schema places it.
  signer.computeSignature(xml, { location: { reference: `${xpath}/*[local-name(.)='Issuer']`, action: 'after' } });
  return signer.getSignedXml();
}

/** A signed, base64 SAML Response. */
export function samlAssertion(idp: TestSamlIdp, spec: AssertionSpec): string {
  return Buffer.from(signSaml(samlResponseXml(idp, spec), idp, spec.sign ?? 'response')).toString('base64');
}
