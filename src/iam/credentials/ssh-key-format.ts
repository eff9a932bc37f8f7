import { type KeyObject, createHash, createPublicKey } from 'node:crypto';
import { iamError } from '../errors.js';

/**
 * Reading an SSH public key as UploadSSHPublicKey takes it
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSSHPublicKey.html: "The public key must
 * be encoded in ssh-rsa format or PEM format. The minimum bit-length of the public key is 2048 bits."),
 * plus `ssh-ed25519`. node:crypto validates the key itself (`createPublicKey` from PEM, or from the JWK
 * the OpenSSH wire blob — RFC 4253 §6.6, RFC 8709 — spells); only that blob's framing is read here.
 */

/** A key as stored: both encodings GetSSHPublicKey answers, and AWS's fingerprint. */
export interface ParsedSshKey {
  /** `ssh-rsa AAAA…` / `ssh-ed25519 AAAA…`, without comment. */
  readonly ssh: string;
  /** SPKI PEM. */
  readonly pem: string;
  /** MD5 of the wire blob as colon-separated hex (`c7:ae:…`), as IAM and `ssh-keygen -E md5` show it. */
  readonly fingerprint: string;
}

const MIN_RSA_BITS = 2048;

function invalid(): Error {
  return iamError('InvalidPublicKey', 'The request was rejected because the public key is malformed or otherwise invalid.');
}

function unrecognized(): Error {
  return iamError('UnrecognizedPublicKeyEncoding', 'The request was rejected because the public key encoding format is unsupported or unrecognized.');
}

/** Reads the length-prefixed strings of an SSH wire blob. */
function fields(blob: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at < blob.length) {
    if (at + 4 > blob.length) throw invalid();
    const length = blob.readUInt32BE(at);
    if (at + 4 + length > blob.length) throw invalid();
    out.push(blob.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return out;
}

function sshString(value: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(value.length);
  return Buffer.concat([length, value]);
}

/** An mpint from unsigned big-endian bytes: no leading zeros, one added when the high bit is set. */
function mpint(unsigned: Buffer): Buffer {
  let start = 0;
  while (start < unsigned.length - 1 && unsigned[start] === 0) start++;
  const bytes = unsigned.subarray(start);
  return sshString((bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function unsignedOf(value: Buffer): Buffer {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  return value.subarray(start);
}

/** The key object of an OpenSSH `type base64 [comment]` line. */
function fromOpenSsh(type: string, base64: string): KeyObject {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw invalid();
  const parts = fields(Buffer.from(base64, 'base64'));
  if (parts[0]?.toString('latin1') !== type) throw invalid();
  try {
    if (type === 'ssh-rsa' && parts.length === 3) {
      const [, e, n] = parts as [Buffer, Buffer, Buffer];
      return createPublicKey({ key: { kty: 'RSA', e: unsignedOf(e).toString('base64url'), n: unsignedOf(n).toString('base64url') }, format: 'jwk' });
    }
    if (type === 'ssh-ed25519' && parts.length === 2 && parts[1]?.length === 32) {
      return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: parts[1].toString('base64url') }, format: 'jwk' });
    }
  } catch {
    throw invalid();
  }
  throw invalid();
}

/** The OpenSSH wire blob of an RSA or Ed25519 key. */
function blobOf(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (key.asymmetricKeyType === 'rsa' && jwk.n !== undefined && jwk.e !== undefined) {
    return Buffer.concat([sshString(Buffer.from('ssh-rsa')), mpint(Buffer.from(jwk.e, 'base64url')), mpint(Buffer.from(jwk.n, 'base64url'))]);
  }
  if (key.asymmetricKeyType === 'ed25519' && jwk.x !== undefined) {
    return Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(Buffer.from(jwk.x, 'base64url'))]);
  }
  throw invalid();
}

/** Parses and checks an uploaded key (InvalidPublicKey, UnrecognizedPublicKeyEncoding). */
export function parseSshPublicKey(body: string): ParsedSshKey {
  const text = body.trim();
  let key: KeyObject;
  if (text.startsWith('-----BEGIN')) {
    // Public keys only: createPublicKey would also take a certificate or derive one from a private key.
    if (!/^-----BEGIN (RSA )?PUBLIC KEY-----/.test(text)) throw unrecognized();
    try {
      key = createPublicKey({ key: text, format: 'pem' });
    } catch {
      throw invalid();
    }
  } else {
    const [type, base64] = text.split(/\s+/);
    if (type === undefined || base64 === undefined) throw unrecognized();
    // Other OpenSSH key types (ssh-dss, ecdsa-sha2-*) are well-formed but not what IAM takes.
    if (type !== 'ssh-rsa' && type !== 'ssh-ed25519') throw /^(ssh-|ecdsa-|sk-)/.test(type) ? invalid() : unrecognized();
    key = fromOpenSsh(type, base64);
  }
  if (key.type !== 'public') throw invalid();
  if (key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) throw invalid();
  if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ed25519') throw invalid();
  const blob = blobOf(key);
  const type = blob.subarray(4, 4 + blob.readUInt32BE(0)).toString('latin1');
  const fingerprint = (createHash('md5').update(blob).digest('hex').match(/../g) ?? []).join(':');
  return { ssh: `${type} ${blob.toString('base64')}`, pem: key.export({ type: 'spki', format: 'pem' }).toString(), fingerprint };
}
