import type { Caller } from '../authn/caller.js';
import { AwsError } from '../kernel/index.js';
import { StoreConflict, type StoreTransaction } from '../store/port.js';
import { iamError } from './errors.js';
import type { IamDeps } from './operation.js';

/**
 * What every IAM operation reads from its call: the account it acts in, its input members, the time.
 */

/**
 * The account an IAM call acts in: the caller's own. IAM calls arrive signed (root or user callers); the
 * protocol layer never hands an anonymous caller to IAM, so meeting one here answers what AWS answers an
 * unsigned IAM request (MissingAuthenticationToken, 403), not a crash.
 */
export function accountOf(caller: Caller): string {
  if (caller.kind === 'anonymous') throw new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', { status: 403 });
  return caller.accountId;
}

/** The caller's ARN, for AccessDenied messages. */
export function callerArn(caller: Caller): string {
  return caller.kind === 'anonymous' ? 'anonymous' : caller.arn;
}

/** An optional string member of the input (the protocol layer has already checked its shape). */
export function optionalString(input: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = input[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * A required string member. The protocol layer refuses the call before this when it is missing; should
 * one slip through, the answer is AWS's ValidationError, which names the member in camel case.
 */
export function requiredString(input: Readonly<Record<string, unknown>>, name: string): string {
  const value = optionalString(input, name);
  if (value === undefined) {
    throw iamError('ValidationError', `1 validation error detected: Value null at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

/** An optional integer member. */
export function optionalInteger(input: Readonly<Record<string, unknown>>, name: string): number | undefined {
  const value = input[name];
  return typeof value === 'number' ? value : undefined;
}

/** The key of a user, group or role in links: its name in lower case (names are unique ignoring case). */
export function keyOf(name: string): string {
  return name.toLowerCase();
}

/** The time of the call as IAM stores it (ISO 8601, UTC). */
export function isoNow(clock: { now(): number }): string {
  return new Date(clock.now()).toISOString();
}

/**
 * Runs one write in a transaction and turns a uniqueness race the store detected into `onConflict`'s
 * error. The store announces the IAM state it wrote at commit (`Store.onChanged`): nothing to report here.
 * INVARIANT: `work` has no effect outside `tx` (PostgreSQL may run it more than once).
 */
export async function write<T>(
  deps: IamDeps, work: (tx: StoreTransaction) => Promise<T>, onConflict?: (conflict: StoreConflict) => Error,
): Promise<T> {
  try {
    return await deps.store.transaction(work);
  } catch (error) {
    if (error instanceof StoreConflict && onConflict !== undefined) throw onConflict(error);
    throw error;
  }
}
