import type { ConstraintViolation } from '../kysely/index.js';

/** SQLSTATEs this adapter acts on (https://www.postgresql.org/docs/15/errcodes-appendix.html). */
export const SqlState = {
  UniqueViolation: '23505',
  ForeignKeyViolation: '23503',
  SerializationFailure: '40001',
  DeadlockDetected: '40P01',
} as const;

/** The SQLSTATE of a `pg` error, if it is one. */
export function sqlStateOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/** Maps PostgreSQL's SQLSTATEs to the port's constraint kinds. */
export function classifyError(error: unknown): ConstraintViolation {
  switch (sqlStateOf(error)) {
    case SqlState.UniqueViolation:
      return 'unique';
    case SqlState.ForeignKeyViolation:
      return 'foreign-key';
    default:
      return undefined;
  }
}

/** True for the failures a serializable transaction is meant to retry: it ran into another one. */
export function isRetryable(error: unknown): boolean {
  const state = sqlStateOf(error);
  return state === SqlState.SerializationFailure || state === SqlState.DeadlockDetected;
}
