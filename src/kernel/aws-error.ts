/** Whether AWS blames the caller (`Sender`, 4xx) or itself (`Receiver`, 5xx) for an error. */
export type AwsErrorType = 'Sender' | 'Receiver';

/**
 * The base of every error Ward answers with. `code` is AWS's error code verbatim (`NoSuchEntity`,
 * `AccessDenied`, ...); the protocol layer turns it into AWS's wire shape.
 */
export class AwsError extends Error {
  /** AWS's error code, stable: tests and clients match on it. */
  readonly code: string;
  /** HTTP status code of the response. */
  readonly status: number;
  /** Sender (the caller's fault) or Receiver (Ward's). */
  readonly type: AwsErrorType;

  constructor(code: string, message: string, options: { status?: number; type?: AwsErrorType } = {}) {
    super(message);
    this.name = 'AwsError';
    this.code = code;
    this.status = options.status ?? 400;
    this.type = options.type ?? (this.status >= 500 ? 'Receiver' : 'Sender');
  }
}

/** True when `value` is an {@link AwsError} (also across module copies). */
export function isAwsError(value: unknown): value is AwsError {
  return value instanceof AwsError ||
    (typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'AwsError' &&
      typeof (value as { code?: unknown }).code === 'string');
}
