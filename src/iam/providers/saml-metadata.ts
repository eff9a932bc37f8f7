import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { iamError } from '../errors.js';

/** The namespace of SAML 2.0 metadata (saml-metadata-2.0-os, section 2). */
export const SAML_METADATA_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
/** The protocol an IdP must list in `protocolSupportEnumeration` to speak SAML 2.0. */
export const SAML_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';

/** What IAM reads from an IdP's metadata. */
export interface SamlMetadata {
  readonly entityId: string;
  /** The EntityDescriptor's `validUntil`, when it has one. */
  readonly validUntil?: Date;
}

/**
 * InvalidInput "Could not parse metadata" — IAM's answer to a document that is not SAML 2.0 IdP metadata
 * (the wording clients report from CreateSAMLProvider; AWS does not publish a list of reasons).
 */
function unparsable(): Error {
  return iamError('InvalidInput', 'Could not parse metadata');
}

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Entities beyond XML's five are never needed in metadata; a DOCTYPE is refused before parsing anyway.
  processEntities: false,
  parseAttributeValue: false,
  parseTagValue: false,
});

/**
 * Reads SAML 2.0 metadata as CreateSAMLProvider and UpdateSAMLProvider need it
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml.html): well-formed XML
 * whose root is an `EntityDescriptor` in the metadata namespace with an `entityID`, holding an
 * `IDPSSODescriptor` that supports the SAML 2.0 protocol. A DOCTYPE is refused (no entity expansion, no
 * external entities: metadata never needs one). Signing keys are read by STS when it verifies assertions.
 */
export function parseSamlMetadata(document: string): SamlMetadata {
  if (/<!DOCTYPE/i.test(document) || XMLValidator.validate(document) !== true) throw unparsable();
  let tree: XmlNode;
  try {
    tree = parser.parse(document) as XmlNode;
  } catch {
    throw unparsable();
  }
  const roots = Object.keys(tree).filter((key) => !key.startsWith('?') && !key.startsWith('#'));
  const rootName = roots[0];
  if (roots.length !== 1 || rootName === undefined) throw unparsable();
  const root = single(tree[rootName]);
  if (root === undefined || localName(rootName) !== 'EntityDescriptor') throw unparsable();
  const scopes = [root];
  if (namespaceOf(rootName, scopes) !== SAML_METADATA_NS) throw unparsable();
  const entityId = root['@_entityID'];
  if (typeof entityId !== 'string' || entityId === '') throw unparsable();
  const idp = Object.entries(root).some(([key, value]) => localName(key) === 'IDPSSODescriptor' && !key.startsWith('@_') &&
    asArray(value).some((node) => node !== undefined && namespaceOf(key, [node, root]) === SAML_METADATA_NS &&
      typeof node['@_protocolSupportEnumeration'] === 'string' &&
      node['@_protocolSupportEnumeration'].split(/\s+/).includes(SAML_PROTOCOL)));
  if (!idp) throw unparsable();
  const validUntilText = root['@_validUntil'];
  if (validUntilText === undefined) return { entityId };
  const validUntil = typeof validUntilText === 'string' ? new Date(validUntilText) : new Date(Number.NaN);
  if (Number.isNaN(validUntil.getTime())) throw unparsable();
  return { entityId, validUntil };
}

function localName(qualified: string): string {
  return qualified.slice(qualified.indexOf(':') + 1);
}

/** The namespace an element's prefix (or the default) is bound to, looking from the element outwards. */
function namespaceOf(qualified: string, scopes: readonly XmlNode[]): string | undefined {
  const colon = qualified.indexOf(':');
  const attribute = colon < 0 ? '@_xmlns' : `@_xmlns:${qualified.slice(0, colon)}`;
  for (const scope of scopes) {
    const value = scope[attribute];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

function asArray(value: unknown): (XmlNode | undefined)[] {
  return (Array.isArray(value) ? value : [value]).map(single);
}

function single(value: unknown): XmlNode | undefined {
  if (value === '') return {};
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as XmlNode : undefined;
}
