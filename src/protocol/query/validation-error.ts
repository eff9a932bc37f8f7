import { AwsError } from '../../kernel/index.js';

/** One violated constraint, as AWS's request validation words it. */
export interface ConstraintViolation {
  /** Member path in AWS's form: lower-camel member names joined by dots (`tags.1.member.key`). */
  readonly path: string;
  /** The offending value, or undefined when absent or sensitive. */
  readonly value?: string;
  readonly sensitive?: boolean;
  /** e.g. `Member must have length less than or equal to 64`. */
  readonly constraint: string;
}

/**
 * AWS's `ValidationError` for violated model constraints:
 * "1 validation error detected: Value 'x' at 'userName' failed to satisfy constraint: Member must ...".
 */
export function validationError(violations: readonly ConstraintViolation[]): AwsError {
  const parts = violations.map((v) => {
    const value = v.sensitive ? '' : v.value === undefined ? ' null' : ` '${v.value}'`;
    return `Value${value} at '${v.path}' failed to satisfy constraint: ${v.constraint}`;
  });
  const count = violations.length;
  const message = `${count} validation error${count === 1 ? '' : 's'} detected: ${parts.join('; ')}`;
  return new AwsError('ValidationError', message, { status: 400 });
}
