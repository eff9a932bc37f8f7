import type { Caller } from '../../authn/caller.js';
import { iamError } from '../errors.js';

/**
 * The account an IAM call acts in: the caller's own. IAM calls arrive signed (root or user callers);
 * an anonymous caller never reaches an IAM operation, so meeting one here is AccessDenied, not a crash.
 */
export function accountOf(caller: Caller): string {
  if (caller.kind === 'anonymous') throw iamError('AccessDenied', 'IAM requires a signed request.');
  return caller.accountId;
}

/** Reads an optional string member of the input (the protocol layer has already checked its shape). */
export function optionalString(input: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = input[name];
  return typeof value === 'string' ? value : undefined;
}

/** Reads a required string member of the input; the protocol layer has already refused it missing. */
export function requiredString(input: Readonly<Record<string, unknown>>, name: string): string {
  const value = input[name];
  if (typeof value !== 'string') throw iamError('ValidationError', `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`);
  return value;
}

/** The key of an entity in links: its name in lower case (names are unique ignoring case). */
export function keyOf(name: string): string {
  return name.toLowerCase();
}

/** The ISO 8601 text of the clock's now. */
export function isoNow(clock: { now(): number }): string {
  return new Date(clock.now()).toISOString();
}
