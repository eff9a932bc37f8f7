import { Secret } from 'otpauth';
import { toBuffer } from 'qrcode';
import type { RandomSource } from '../../kernel/index.js';

/**
 * What CreateVirtualMFADevice hands out once: the seed and the QR code an authenticator app scans
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_VirtualMFADevice.html).
 */

/** 40 random bytes: a 64-character Base32 seed, the length AWS's seeds have. */
const SEED_BYTES = 40;

/** The issuer authenticator apps show for AWS ("Amazon Web Services (user@alias)"). */
export const MFA_ISSUER = 'Amazon Web Services';

/** A new seed, Base32 (RFC 4648, no padding at this length). */
export function newSeed(random: RandomSource): string {
  const bytes = random.bytes(SEED_BYTES);
  return new Secret({ buffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }).base32;
}

/**
 * The key URI the QR code encodes. The API reference gives
 * `otpauth://totp/$virtualMFADeviceName@$AccountName?secret=$Base32String`, AccountName being the account's
 * alias when it has one, else its id; the console adds the issuer as a label prefix and an `issuer`
 * parameter (Google Authenticator's key URI format), which is what apps display as "Amazon Web Services
 * (name@alias)". Both forms read the same seed; Ward writes the second.
 */
export function keyUri(deviceName: string, accountName: string, seed: string): string {
  const issuer = encodeURIComponent(MFA_ISSUER);
  return `otpauth://totp/${issuer}:${encodeURIComponent(deviceName)}@${encodeURIComponent(accountName)}?secret=${seed}&issuer=${issuer}`;
}

/** The QR code of a key URI as PNG bytes. */
export function qrCodePng(uri: string): Promise<Uint8Array> {
  return toBuffer(uri, { type: 'png', errorCorrectionLevel: 'M' });
}
