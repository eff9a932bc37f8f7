import type { Caller } from '../../authn/caller.js';
import type { AwsError } from '../../kernel/index.js';
import type { StoreTransaction } from '../../store/port.js';
import { iamError } from '../errors.js';
import type { IamDeps } from '../operation.js';
import { deviceData, findDevice, openSeed } from './device.js';
import { VERIFY_WINDOW, matchCode, timeStepAt } from './totp.js';

/** What STS asks of a `SerialNumber` + `TokenCode` pair. */
export interface MfaCodeCheck {
  readonly accountId: string;
  readonly serialNumber: string;
  /**
   * The IAM user the device must be enabled for (the caller of GetSessionToken or AssumeRole). Without it,
   * the device must be enabled for some user of the account.
   */
  readonly userName?: string;
  readonly code: string;
  /** The time of the request, ms since the epoch. */
  readonly now: number;
}

/** Why a check failed. */
export type MfaFailure = 'no-such-device' | 'not-enabled' | 'not-users-device' | 'invalid-code' | 'replay';

/** A check's outcome; a failure carries the AccessDenied STS answers with. */
export type MfaVerification =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: MfaFailure; readonly error: AwsError };

// STS's words, as clients report them (e.g. `aws sts get-session-token` with a serial of another user, and
// with a wrong or already used code; the trailing space is AWS's).
const UNABLE_TO_VALIDATE =
  'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.';
/** STS's answer to a wrong or reused MFA code (the trailing space is AWS's). */
export const INVALID_MFA_CODE_MESSAGE = 'MultiFactorAuthentication failed with invalid MFA one time pass code. ';

function fail(reason: MfaFailure): MfaVerification {
  const device = reason === 'no-such-device' || reason === 'not-enabled' || reason === 'not-users-device';
  return { ok: false, reason, error: iamError('AccessDenied', device ? UNABLE_TO_VALIDATE : INVALID_MFA_CODE_MESSAGE) };
}

/**
 * Verifies a TOTP code of a virtual MFA device for STS (AssumeRole and GetSessionToken `SerialNumber` +
 * `TokenCode`): the device must be enabled (for `userName` when given), and the code must be the device's
 * for a time step within ±{@link VERIFY_WINDOW} of `now` (after the drift Enable/Resync measured) and
 * after the last step accepted. The accepted step is recorded in the device's data inside `tx`.
 * INVARIANT: a code is accepted once only — call this inside the transaction that depends on it, so a
 * concurrent second use of the same code conflicts (serializable) and, retried, is refused as a replay.
 * Note: the write is an IAM change, so the store announces the account changed on commit.
 */
export async function verifyMfaCode(
  tx: StoreTransaction, deps: Pick<IamDeps, 'partition' | 'openSecret'>, check: MfaCodeCheck,
): Promise<MfaVerification> {
  const device = await findDevice(tx, deps.partition, check.accountId, check.serialNumber);
  if (device === undefined) return fail('no-such-device');
  const data = deviceData(device);
  if (data.assignment === undefined) return fail('not-enabled');
  if (check.userName !== undefined) {
    const user = await tx.getEntity(check.accountId, 'user', check.userName);
    if (user === undefined || user.id !== data.assignment.userId) return fail('not-users-device');
  }
  const match = matchCode(openSeed(deps, device), check.code, timeStepAt(check.now) + (data.drift ?? 0), VERIFY_WINDOW, data.lastTimeStep);
  if (match.kind === 'replay') return fail('replay');
  if (match.kind === 'invalid') return fail('invalid-code');
  await tx.updateEntity({ ...device, data: { ...data, lastTimeStep: match.step } });
  return { ok: true };
}

/**
 * `verifyMfaCode` as STS's gate calls it (`MfaVerifier` in `src/sts/mfa-gate.ts`): true when `code` is a
 * valid, unused code of `serialNumber` enabled for the calling IAM user, checked and recorded in a
 * transaction of its own. Other callers have no device Ward can check: the root user's devices are
 * enabled in the console only (never through the API, "Assign MFA devices in the AWS CLI or AWS API"),
 * and role sessions and federated users have none.
 */
export function mfaVerifier(
  deps: Pick<IamDeps, 'store' | 'partition' | 'openSecret'>,
): (caller: Caller, serialNumber: string, code: string, now: number) => Promise<boolean> {
  return async (caller, serialNumber, code, now) => {
    if (caller.kind !== 'user') return false;
    const result = await deps.store.transaction((tx) =>
      verifyMfaCode(tx, deps, { accountId: caller.accountId, serialNumber, userName: caller.userName, code, now }));
    return result.ok;
  };
}
