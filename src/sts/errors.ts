import { AwsError } from '../kernel/index.js';
import { type StsErrorCode, stsErrorCodes } from './error-codes.js';

/**
 * STS's errors. Modelled codes take their status from the model (`error-codes.ts`, generated); the common
 * ones (https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html) are spelled here.
 */
export function stsError(code: StsErrorCode, message: string): AwsError {
  const { status, type } = stsErrorCodes[code];
  return new AwsError(code, message, { status, type });
}

/** A request parameter breaks an operation's rule (400). */
export function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message, { status: 400, type: 'Sender' });
}

/** AWS's AccessDenied (403), the caller's fault. */
export function stsAccessDenied(message: string): AwsError {
  return new AwsError('AccessDenied', message, { status: 403, type: 'Sender' });
}

/** A session token or temporary key that does not open, or was altered (403, as for an unknown key). */
export function invalidSessionToken(): AwsError {
  return new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', { status: 403, type: 'Sender' });
}

/**
 * Temporary credentials used after their expiration: `ExpiredToken`, HTTP 403, per the common errors table
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html, "ExpiredTokenException … HTTP
 * Status Code: 403"); the Query protocol's wire code has no `Exception` suffix.
 */
export function expiredToken(): AwsError {
  return new AwsError('ExpiredToken', 'The security token included in the request is expired', { status: 403, type: 'Sender' });
}
