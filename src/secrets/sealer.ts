import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Seals and opens short secrets (secret access keys) under the master key. */
export interface Sealer {
  /**
   * Encrypts `plaintext` with AES-256-GCM under a fresh random nonce, binding `associatedData` (e.g. the
   * access key id) so a sealed value copied onto another row does not open. Returns `v1.<base64url>`.
   */
  seal(plaintext: string, associatedData: string): string;
  /** Reverses {@link Sealer.seal}; throws when the text was altered, the key or the associated data differ. */
  open(sealed: string, associatedData: string): string;
}

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * A {@link Sealer} over a 32-byte master key. The format is `v1.` + base64url(nonce | ciphertext | tag): the
 * version prefix leaves room for another algorithm or a rotated key later without guessing.
 */
export function createSealer(masterKey: Uint8Array): Sealer {
  if (masterKey.length !== 32) throw new Error(`master key must be 32 bytes, got ${masterKey.length}`);
  // A private copy: the caller's array may be reused or zeroed.
  const key = Buffer.from(masterKey);
  return {
    seal(plaintext, associatedData) {
      // INVARIANT: a nonce is never reused under one key; 96 random bits make a collision negligible for
      // far more seals than Ward will ever make (NIST SP 800-38D's 2^32 bound).
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(associatedData, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `${VERSION}.${Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url')}`;
    },
    open(sealed, associatedData) {
      const dot = sealed.indexOf('.');
      if (dot === -1 || sealed.slice(0, dot) !== VERSION) throw new Error('sealed value has an unknown format');
      const bytes = Buffer.from(sealed.slice(dot + 1), 'base64url');
      if (bytes.length < NONCE_BYTES + TAG_BYTES) throw new Error('sealed value is truncated');
      const nonce = bytes.subarray(0, NONCE_BYTES);
      const tag = bytes.subarray(bytes.length - TAG_BYTES);
      const body = bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        // Node's "Unsupported state or unable to authenticate data" says nothing useful to an operator.
        throw new Error('sealed value does not open: altered, or sealed under another key or for another owner');
      }
    },
  };
}
