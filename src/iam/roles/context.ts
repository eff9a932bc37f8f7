import type { Caller } from '../../authn/caller.js';
import { AwsError } from '../../kernel/index.js';
import type { IamDeps } from '../operation.js';
import type { StoreTransaction } from '../../store/port.js';
import { StoreConflict } from '../../store/port.js';

/** The account an authenticated caller acts in. The protocol layer never hands an anonymous caller to IAM. */
export function accountOf(caller: Caller): string {
  if (caller.kind === 'anonymous') throw new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', { status: 403 });
  return caller.accountId;
}

/** The time of the call as IAM stores it (ISO 8601, UTC). */
export function nowIso(deps: IamDeps): string {
  return new Date(deps.clock.now()).toISOString();
}

/**
 * Runs one write in a serializable transaction, turns a uniqueness race the store detected into
 * `onConflict`'s error, and reports the account as changed once the write committed.
 * INVARIANT: `work` has no effect outside `tx` (PostgreSQL may run it more than once).
 */
export async function write<T>(
  deps: IamDeps, accountId: string, work: (tx: StoreTransaction) => Promise<T>, onConflict?: (conflict: StoreConflict) => Error,
): Promise<T> {
  let result: T;
  try {
    result = await deps.store.transaction(work);
  } catch (error) {
    if (error instanceof StoreConflict && onConflict !== undefined) throw onConflict(error);
    throw error;
  }
  deps.changed(accountId);
  return result;
}

/** The string member `name` of an input (the protocol layer has already checked its type and constraints). */
export function str(input: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = input[name];
  return typeof value === 'string' ? value : undefined;
}

/** A required string member (the protocol layer rejects the call before this when it is missing). */
export function required(input: Readonly<Record<string, unknown>>, name: string): string {
  const value = str(input, name);
  if (value === undefined) throw new AwsError('ValidationError', `1 validation error detected: Value null at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`);
  return value;
}

/** An integer member. */
export function int(input: Readonly<Record<string, unknown>>, name: string): number | undefined {
  const value = input[name];
  return typeof value === 'number' ? value : undefined;
}
