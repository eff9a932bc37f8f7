import type { Caller } from '../authn/caller.js';
import { INVALID_MFA_CODE_MESSAGE } from '../iam/mfa/index.js';
import { stsAccessDenied } from './errors.js';

/**
 * Checks an MFA code for a caller: true when `tokenCode` is the current code of the MFA device
 * `serialNumber` of the caller (the IAM user, or the root user for a root device), false otherwise. Built
 * by `src/iam/mfa/` (TOTP with otpauth; a code is accepted once only). `now` is milliseconds since the epoch.
 */
export type MfaVerifier = (caller: Caller, serialNumber: string, tokenCode: string, now: number) => Promise<boolean>;

/**
 * Verifies a request's `SerialNumber` + `TokenCode` at most once, however many times it is asked: the
 * authorizer asks first for AssumeRole (the trust policy must see aws:MultiFactorAuthPresent), then the
 * operation (the session records the MFA time). Keyed by the request's input object, which the server
 * hands to both.
 */
export interface MfaGate {
  /**
   * True when the input carries a valid MFA code; false when it carries none. Throws AccessDenied for a
   * wrong code, an unknown device, or a SerialNumber without TokenCode (and the reverse).
   */
  check(caller: Caller, input: Readonly<Record<string, unknown>>, now: number): Promise<boolean>;
}

/** AWS's answer to a wrong MFA code (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html). */
export function mfaFailed(): Error {
  return stsAccessDenied(INVALID_MFA_CODE_MESSAGE);
}

/** An MFA gate over a verifier; without one, any request carrying an MFA code is refused. */
export function createMfaGate(verify: MfaVerifier | undefined): MfaGate {
  const seen = new WeakMap<object, Promise<boolean>>();
  return {
    check(caller, input, now) {
      let outcome = seen.get(input);
      if (outcome === undefined) {
        outcome = (async () => {
          const serial = typeof input.SerialNumber === 'string' ? input.SerialNumber : undefined;
          const code = typeof input.TokenCode === 'string' ? input.TokenCode : undefined;
          if (serial === undefined && code === undefined) return false;
          if (serial === undefined || code === undefined || verify === undefined) throw mfaFailed();
          if (!(await verify(caller, serial, code, now))) throw mfaFailed();
          return true;
        })();
        seen.set(input, outcome);
      }
      return outcome;
    },
  };
}
