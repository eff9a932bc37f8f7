import { timingSafeEqual } from 'node:crypto';
import { HOTP, Secret } from 'otpauth';

/**
 * TOTP as virtual MFA apps compute it (RFC 6238 with its defaults, which AWS's authenticator apps use):
 * HMAC-SHA-1, 6 digits, a 30-second time step counted from the Unix epoch.
 */
export const TIME_STEP_MS = 30_000;

/**
 * How many steps either side of "now" an STS check accepts: ±1 (±30 s), the one step of network delay and
 * clock skew RFC 6238 §5.2 recommends. AWS does not publish its window.
 */
export const VERIFY_WINDOW = 1;

/**
 * How many steps either side of "now" EnableMFADevice and ResyncMFADevice look for their two consecutive
 * codes: ±10 (±5 min). RFC 6238 §6 lets resynchronization look farther than a check, and two consecutive
 * codes are a far stronger proof than one (a chance match is ~21 × 10⁻¹²). The drift found is recorded, so
 * later checks are centred on the device's clock (AWS: codes entered "too long" after they were generated
 * enable the device but leave it out of sync until ResyncMFADevice, API_EnableMFADevice).
 */
export const SYNC_WINDOW = 10;

/** The TOTP time step of an instant (ms since the epoch). */
export function timeStepAt(now: number): number {
  return Math.floor(now / TIME_STEP_MS);
}

/** True for six ASCII digits. */
export function isCode(code: string): boolean {
  return /^\d{6}$/.test(code);
}

/** The device's code for `step`. */
export function codeAt(seed: string, step: number): string {
  return HOTP.generate({ secret: Secret.fromBase32(seed), algorithm: 'SHA1', digits: 6, counter: step });
}

/** Compares two codes in constant time (both are six digits once checked). */
function same(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Steps `centre - window … centre + window`, nearest to the centre first. */
function around(centre: number, window: number): number[] {
  const steps = [centre];
  for (let d = 1; d <= window; d++) steps.push(centre - d, centre + d);
  return steps;
}

/** How one code compares with the device's codes around a step. */
export type CodeMatch =
  | { readonly kind: 'accepted'; readonly step: number }
  | { readonly kind: 'replay' }
  | { readonly kind: 'invalid' };

/**
 * Checks one code against the steps `centre ± window`. A step at or before `lastStep` matches as a replay
 * only; an accepted step is after it.
 */
export function matchCode(seed: string, code: string, centre: number, window: number, lastStep?: number): CodeMatch {
  if (!isCode(code)) return { kind: 'invalid' };
  const secret = Secret.fromBase32(seed);
  let replay = false;
  for (const step of around(centre, window)) {
    if (!same(HOTP.generate({ secret, algorithm: 'SHA1', digits: 6, counter: step }), code)) continue;
    if (lastStep === undefined || step > lastStep) return { kind: 'accepted', step };
    replay = true;
  }
  return replay ? { kind: 'replay' } : { kind: 'invalid' };
}

/**
 * The step of `second` when `first` and `second` are the device's codes for two CONSECUTIVE steps near
 * `centre` (the second within `centre ± window`), both after `lastStep`; undefined otherwise.
 */
export function matchConsecutive(
  seed: string, first: string, second: string, centre: number, window: number, lastStep?: number,
): number | undefined {
  if (!isCode(first) || !isCode(second)) return undefined;
  const secret = Secret.fromBase32(seed);
  const codes = new Map<number, string>();
  const code = (step: number): string => {
    let value = codes.get(step);
    if (value === undefined) {
      value = HOTP.generate({ secret, algorithm: 'SHA1', digits: 6, counter: step });
      codes.set(step, value);
    }
    return value;
  };
  for (const step of around(centre, window)) {
    if (lastStep !== undefined && step - 1 <= lastStep) continue;
    if (same(code(step - 1), first) && same(code(step), second)) return step;
  }
  return undefined;
}
