import { createHash } from 'node:crypto';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import type { ContextInputValue } from '../evaluation/index.js';
import { stsError } from './errors.js';

const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
const METADATA_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/';

/**
 * The audiences and recipients AWS accepts: its sign-in endpoint, global or regional, and
 * `urn:amazon:webservices` ("Configuring SAML assertions for the authentication response",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html).
 */
const AWS_AUDIENCE = /^(https:\/\/([a-z0-9-]+\.)?signin\.aws\.amazon\.com\/saml|urn:amazon:webservices)$/;
const AWS_RECIPIENT = /^https:\/\/([a-z0-9-]+\.)?signin\.aws\.amazon\.com\/saml$/;

/** What the verifier needs besides the assertion. */
export interface SamlVerifierDeps {
  /** PEM certificates from the provider's metadata (see {@link samlSigningCertificates}). */
  readonly certificates: readonly string[];
  /** Milliseconds since the epoch. */
  readonly now: number;
  /** The role's account and the provider's name: `saml:doc` and `saml:namequalifier` are made from them. */
  readonly accountId: string;
  readonly providerName: string;
  readonly providerArn: string;
}

/** A verified SAML assertion, as AssumeRoleWithSAML reads it. */
export interface SamlIdentity {
  readonly issuer: string;
  readonly subject: string;
  /** `persistent`, `transient`, or the NameID's whole Format URI. */
  readonly subjectType: string;
  /** The SubjectConfirmationData's Recipient (`saml:aud`). */
  readonly audience: string;
  readonly nameQualifier: string;
  /** `[roleArn, providerArn]` pairs of the Role attribute. */
  readonly roles: readonly (readonly [string, string])[];
  readonly sessionName?: string;
  readonly sessionDuration?: number;
  /** The AuthnStatement's SessionNotOnOrAfter, ms since the epoch: a session ends by then. */
  readonly notOnOrAfter?: number;
  readonly tags: readonly { Key: string; Value: string }[];
  readonly transitiveTagKeys: readonly string[];
  readonly sourceIdentity?: string;
  readonly conditionKeys: Readonly<Record<string, ContextInputValue>>;
}

function invalid(message: string): Error {
  return stsError('InvalidIdentityToken', message);
}

function parseXml(xml: string): Document | undefined {
  // INVARIANT: no DOCTYPE, so no entity expansion and no external entities.
  if (/<!DOCTYPE/i.test(xml)) return undefined;
  let failed = false;
  const doc = new DOMParser({ onError: (level) => { if (level !== 'warning') failed = true; } }).parseFromString(xml, 'text/xml');
  return failed || doc.documentElement === null ? undefined : doc;
}

function children(parent: Element, ns: string, local: string): Element[] {
  const out: Element[] = [];
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as Element).namespaceURI === ns && (node as Element).localName === local) out.push(node as Element);
  }
  return out;
}

function child(parent: Element | undefined, ns: string, local: string): Element | undefined {
  return parent === undefined ? undefined : children(parent, ns, local)[0];
}

function text(element: Element | undefined): string {
  return (element?.textContent ?? '').trim();
}

function time(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalid(`Invalid SAML time value: ${value}`);
  return ms;
}

/** The signing certificates (PEM) of the IdP in SAML 2.0 metadata: `IDPSSODescriptor/KeyDescriptor` with `use="signing"` or no use. */
export function samlSigningCertificates(metadata: string): string[] {
  const doc = parseXml(metadata);
  if (doc === undefined) return [];
  const out: string[] = [];
  const descriptors = doc.getElementsByTagNameNS(METADATA_NS, 'IDPSSODescriptor');
  for (let i = 0; i < descriptors.length; i++) {
    for (const key of children(descriptors[i] as Element, METADATA_NS, 'KeyDescriptor')) {
      const use = key.getAttribute('use');
      if (use !== null && use !== '' && use !== 'signing') continue;
      const certs = key.getElementsByTagNameNS(DSIG_NS, 'X509Certificate');
      for (let j = 0; j < certs.length; j++) {
        const body = text(certs[j] as Element).replace(/\s+/g, '');
        if (body !== '') out.push(`-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END CERTIFICATE-----\n`);
      }
    }
  }
  return out;
}

/**
 * The XML that a valid signature covers, by one of the certificates. INVARIANT (signature wrapping): the
 * caller reads only the XML this returns — the canonical form xml-crypto verified
 * (`getSignedReferences()`) — never nodes of the document as sent, which may hold a second, unsigned
 * copy of the signed element.
 */
function signedElements(xml: string, signature: Element, certificates: readonly string[]): Element[] | undefined {
  for (const cert of certificates) {
    const verifier = new SignedXml({ publicCert: cert, getCertFromKeyInfo: () => null });
    try {
      verifier.loadSignature(signature as never);
      if (!verifier.checkSignature(xml)) continue;
    } catch {
      continue;
    }
    const references = verifier.getSignedReferences();
    if (references.length !== 1) return undefined;
    const signed = parseXml(references[0] as string);
    return signed === undefined ? undefined : [signed.documentElement as Element];
  }
  return undefined;
}

/**
 * The one assertion a signature vouches for: the Response's Signature covers the whole Response (then its
 * single Assertion), or the Assertion's Signature covers the Assertion. Encrypted assertions are not read.
 */
function verifiedAssertion(xml: string, response: Element, certificates: readonly string[]): { assertion: Element; response?: Element } {
  const candidates: Element[] = [...children(response, DSIG_NS, 'Signature')];
  for (const assertion of children(response, ASSERTION_NS, 'Assertion')) candidates.push(...children(assertion, DSIG_NS, 'Signature'));
  if (children(response, ASSERTION_NS, 'EncryptedAssertion').length > 0 && children(response, ASSERTION_NS, 'Assertion').length === 0) {
    throw invalid('Encrypted SAML assertions are not supported.');
  }
  for (const signature of candidates) {
    const signed = signedElements(xml, signature, certificates)?.[0];
    if (signed === undefined) continue;
    if (signed.namespaceURI === PROTOCOL_NS && signed.localName === 'Response') {
      const assertions = children(signed, ASSERTION_NS, 'Assertion');
      if (assertions.length !== 1) throw invalid('The SAML response must hold exactly one assertion.');
      return { assertion: assertions[0] as Element, response: signed };
    }
    if (signed.namespaceURI === ASSERTION_NS && signed.localName === 'Assertion') return { assertion: signed };
  }
  throw invalid('Invalid SAML response: no signature of the response or its assertion verifies with the signing certificates in the SAML provider\'s metadata.');
}

function attributes(assertion: Element): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const statement of children(assertion, ASSERTION_NS, 'AttributeStatement')) {
    for (const attribute of children(statement, ASSERTION_NS, 'Attribute')) {
      const name = attribute.getAttribute('Name') ?? '';
      const values = children(attribute, ASSERTION_NS, 'AttributeValue').map(text);
      out.set(name, [...(out.get(name) ?? []), ...values]);
    }
  }
  return out;
}

/** `persistent` / `transient` for those formats, else the Format URI (`saml:sub_type`). */
function subjectTypeOf(format: string): string {
  if (format === 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent') return 'persistent';
  if (format === 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient') return 'transient';
  return format;
}

/**
 * Verifies a base64 SAML 2.0 Response as AssumeRoleWithSAML does
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html and
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html):
 * a successful Response whose Response or Assertion signature verifies with a signing certificate of the
 * provider's metadata; an Audience among AWS's sign-in endpoints; a bearer SubjectConfirmation whose
 * Recipient is AWS's sign-in endpoint; `NotBefore` / `NotOnOrAfter` of the Conditions and of the
 * confirmation data (ExpiredTokenException once past); the `Role`, `RoleSessionName`,
 * `SessionDuration`, `PrincipalTag:*`, `TransitiveTagKeys` and `SourceIdentity` attributes. The trust
 * policy's keys ("Available keys for SAML-based federation",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-saml):
 * saml:aud (the Recipient), saml:iss, saml:sub, saml:sub_type, saml:doc (`ACCOUNT/PROVIDER`),
 * saml:namequalifier (base64 SHA-1 of Issuer + account + `/` + provider name), aws:FederatedProvider,
 * and saml:<attribute> for the eduPerson and other attributes named by a short name.
 */
export function verifySamlResponse(samlResponse: string, deps: SamlVerifierDeps): SamlIdentity {
  const compact = samlResponse.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) throw invalid('Invalid base64 SAMLResponse.');
  const xml = Buffer.from(compact, 'base64').toString('utf8');
  const doc = parseXml(xml);
  const root = doc?.documentElement ?? undefined;
  if (root === undefined || root === null || root.namespaceURI !== PROTOCOL_NS || root.localName !== 'Response') throw invalid('The SAMLAssertion is not a SAML 2.0 Response.');
  if (deps.certificates.length === 0) throw invalid('The SAML provider\'s metadata has no signing certificate.');
  const { assertion, response } = verifiedAssertion(xml, root, deps.certificates);
  // The Status is read from the signed Response when that is what was signed; an assertion-only signature
  // leaves the Status unsigned, and an IdP sends no assertion with a failure anyway.
  const status = child(child(response ?? (root), PROTOCOL_NS, 'Status'), PROTOCOL_NS, 'StatusCode')?.getAttribute('Value');
  if (status !== undefined && status !== null && status !== SUCCESS) throw stsError('IDPRejectedClaim', `The SAML response's status is ${status}.`);

  const now = deps.now;
  const issuer = text(child(assertion, ASSERTION_NS, 'Issuer'));
  const subjectElement = child(assertion, ASSERTION_NS, 'Subject');
  const nameId = child(subjectElement, ASSERTION_NS, 'NameID');
  const subject = text(nameId);
  if (subject === '') throw invalid('The SAML assertion has no Subject NameID.');
  const subjectType = subjectTypeOf(nameId?.getAttribute('Format') ?? 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient');

  const expired = (limit: number) => stsError('ExpiredTokenException',
    `Token expired: current date/time ${Math.floor(now / 1000)} must be before the expiration date/time ${Math.floor(limit / 1000)}`);
  const conditions = child(assertion, ASSERTION_NS, 'Conditions');
  const notBefore = time(conditions?.getAttribute('NotBefore'));
  if (notBefore !== undefined && now < notBefore) throw invalid('The SAML assertion is not yet valid (NotBefore).');
  const notAfter = time(conditions?.getAttribute('NotOnOrAfter'));
  if (notAfter !== undefined) {
    if (now >= notAfter) throw expired(notAfter);
  }
  const audiences = conditions === undefined ? [] : children(conditions, ASSERTION_NS, 'AudienceRestriction').flatMap((r) => children(r, ASSERTION_NS, 'Audience').map(text));
  if (!audiences.some((a) => AWS_AUDIENCE.test(a))) throw invalid('The SAML assertion\'s audience is not https://signin.aws.amazon.com/saml.');

  let recipient: string | undefined;
  for (const confirmation of subjectElement === undefined ? [] : children(subjectElement, ASSERTION_NS, 'SubjectConfirmation')) {
    if (confirmation.getAttribute('Method') !== BEARER) continue;
    const data = child(confirmation, ASSERTION_NS, 'SubjectConfirmationData');
    const candidate = data?.getAttribute('Recipient') ?? '';
    if (!AWS_RECIPIENT.test(candidate)) continue;
    const until = time(data?.getAttribute('NotOnOrAfter'));
    if (until !== undefined && now >= until) throw expired(until);
    recipient = candidate;
    break;
  }
  if (recipient === undefined) throw invalid('The SAML assertion has no bearer SubjectConfirmation whose Recipient is https://signin.aws.amazon.com/saml.');
  // "Your role session lasts for the duration that you specify with the DurationSeconds parameter or until
  // the time specified in the SAML authentication response's SessionNotOnOrAfter value, whichever is shorter."
  const sessionEnd = time(child(assertion, ASSERTION_NS, 'AuthnStatement')?.getAttribute('SessionNotOnOrAfter'));
  if (sessionEnd !== undefined && now >= sessionEnd) throw expired(sessionEnd);

  const attrs = attributes(assertion);
  const roles = (attrs.get(`${ATTRIBUTE}Role`) ?? []).map((value) => {
    const [a = '', b = ''] = value.split(',').map((part) => part.trim());
    // Either order: role then provider, or provider then role.
    return a.includes(':saml-provider/') ? [b, a] as const : [a, b] as const;
  });
  const sessionName = attrs.get(`${ATTRIBUTE}RoleSessionName`)?.[0];
  const durationText = attrs.get(`${ATTRIBUTE}SessionDuration`)?.[0];
  const sessionDuration = durationText === undefined ? undefined : Number(durationText);
  if (sessionDuration !== undefined && (!Number.isInteger(sessionDuration) || sessionDuration < 900 || sessionDuration > 43200)) {
    throw invalid(`The SessionDuration attribute ${durationText ?? ''} is not a whole number of seconds from 900 to 43200.`);
  }
  const tags: { Key: string; Value: string }[] = [];
  for (const [name, values] of attrs) {
    if (name.startsWith(`${ATTRIBUTE}PrincipalTag:`) && values[0] !== undefined) tags.push({ Key: name.slice(`${ATTRIBUTE}PrincipalTag:`.length), Value: values[0] });
  }
  const transitiveTagKeys = attrs.get(`${ATTRIBUTE}TransitiveTagKeys`) ?? [];
  const sourceIdentity = attrs.get(`${ATTRIBUTE}SourceIdentity`)?.[0];

  const nameQualifier = createHash('sha1').update(`${issuer}${deps.accountId}/${deps.providerName}`).digest('base64');
  const conditionKeys: Record<string, ContextInputValue> = {
    'saml:aud': recipient, 'saml:iss': issuer, 'saml:sub': subject, 'saml:sub_type': subjectType,
    'saml:doc': `${deps.accountId}/${deps.providerName}`, 'saml:namequalifier': nameQualifier, 'aws:FederatedProvider': deps.providerArn,
  };
  // Attributes named by a short name or an OID-less URN become saml:<name> (eduPerson*, cn, mail, ...).
  for (const [name, values] of attrs) {
    if (/^[A-Za-z][\w.-]*$/.test(name) && values.length > 0) conditionKeys[`saml:${name.toLowerCase()}`] = values.length === 1 ? (values[0] as string) : values;
  }
  return {
    issuer, subject, subjectType, audience: recipient, nameQualifier, roles, tags, transitiveTagKeys, conditionKeys,
    ...(sessionName !== undefined ? { sessionName } : {}),
    ...(sessionDuration !== undefined ? { sessionDuration } : {}),
    ...(sessionEnd !== undefined ? { notOnOrAfter: sessionEnd } : {}),
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
  };
}
