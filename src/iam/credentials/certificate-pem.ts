import { X509Certificate, createHash } from 'node:crypto';
import { iamError } from '../errors.js';

/** X.509 certificates in PEM as IAM takes them (signing and server certificates), read by node:crypto. */

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** MalformedCertificate in IAM's words. */
export function malformed(what = 'certificate'): Error {
  return iamError('MalformedCertificate', `Unable to parse ${what}. Please ensure the ${what} is in PEM format.`);
}

/** The one certificate of a PEM body (MalformedCertificate when it is not exactly one PEM certificate). */
export function parseCertificate(body: string, what = 'certificate'): X509Certificate {
  const blocks = body.match(PEM_BLOCK) ?? [];
  if (blocks.length !== 1 || blocks[0] === undefined) throw malformed(what);
  try {
    return new X509Certificate(blocks[0]);
  } catch {
    throw malformed(what);
  }
}

/** The certificates of a chain (one or more PEM blocks). */
export function parseChain(chain: string): X509Certificate[] {
  const blocks = chain.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw malformed('certificate chain');
  return blocks.map((block) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw malformed('certificate chain');
    }
  });
}

/** A certificate id derived from its DER (so one certificate has one id): 32 upper-case base-32 characters. */
export function certificateIdOf(certificate: X509Certificate): string {
  const digest = createHash('sha256').update(certificate.raw).digest();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let out = '';
  for (let i = 0; i < 32; i++) out += alphabet[(digest[i] ?? 0) & 31];
  return out;
}
