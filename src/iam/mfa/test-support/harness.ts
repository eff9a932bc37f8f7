import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { HOTP, Secret } from 'otpauth';
import type { Caller } from '../../../authn/caller.js';
import { createSealer } from '../../../secrets/sealer.js';
import type { IamDeps } from '../../operation.js';
import { iamOperations } from '../../operations.js';
import { type IamHarness, failsOver, openIamHarness } from '../../test-support/harness.js';
import { mfaOperations } from '../operations.js';

/** The shared IAM harness with the MFA operations and a real sealer (AES-256-GCM under a random key). */
export interface MfaHarness extends IamHarness {
  /** The deps MFA runs with (the harness's, with a real `sealSecret` and `openSecret`). */
  readonly mfaDeps: IamDeps;
  /** The time the harness's clock reads now. */
  now(): number;
}

/**
 * Opens the shared harness (`src/iam/test-support/harness.ts`) so that `call`/`fails` reach the MFA
 * operations too (src/iam/operations.ts lists them only once the lead wires them).
 */
export async function openMfaHarness(options: Parameters<typeof openIamHarness>[0] = {}): Promise<MfaHarness> {
  const base = await openIamHarness(options);
  const sealer = createSealer(randomBytes(32));
  const mfaDeps: IamDeps = {
    ...base.deps,
    sealSecret: (secret, id) => sealer.seal(secret, id),
    openSecret: (sealed, id) => sealer.open(sealed, id),
  };
  const table = { ...iamOperations(mfaDeps), ...mfaOperations(mfaDeps) };
  const call = async (action: string, input: Record<string, unknown> = {}, caller: Caller = base.root) => {
    const handler = table[action];
    assert.ok(handler, `no handler for ${action}`);
    return handler({ caller, input, requestId: 'test-request' });
  };
  return {
    ...base,
    mfaDeps,
    now: () => base.deps.clock.now(),
    call,
    fails: failsOver(call, base.root),
  };
}

/** The TOTP code an authenticator app shows for `seed` at `time` (ms), computed independently of Ward's code. */
export function codeFor(seed: string, time: number): string {
  return HOTP.generate({ secret: Secret.fromBase32(seed), counter: Math.floor(time / 30_000) });
}

/** Two consecutive codes, the second being the one shown at `time`. */
export function consecutiveCodes(seed: string, time: number): { AuthenticationCode1: string; AuthenticationCode2: string } {
  return { AuthenticationCode1: codeFor(seed, time - 30_000), AuthenticationCode2: codeFor(seed, time) };
}

/** Creates a device and answers its serial number and seed (decoded from the blob bytes). */
export async function createDevice(
  iam: IamHarness, name: string, extra: Record<string, unknown> = {},
): Promise<{ serialNumber: string; seed: string; png: Uint8Array }> {
  const out = await iam.call('CreateVirtualMFADevice', { VirtualMFADeviceName: name, ...extra });
  const device = out.VirtualMFADevice as { SerialNumber: string; Base32StringSeed: Uint8Array; QRCodePNG: Uint8Array };
  return { serialNumber: device.SerialNumber, seed: new TextDecoder().decode(device.Base32StringSeed), png: device.QRCodePNG };
}
