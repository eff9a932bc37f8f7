import { AwsError } from '../kernel/index.js';

// Codes and HTTP statuses: AWS's "Common Errors" table (e.g.
// https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html). Messages are AWS's own, as its
// services return them and as faithful emulators reproduce them (mhart/dynalite, scratchstack-aws-signature).

/** AWS's message when the recomputed signature differs from the one sent. */
export const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** No Authorization header and no SigV4 query parameters (403). */
export function missingAuthenticationToken(): AwsError {
  return new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', { status: 403 });
}

/** The Authorization header or the SigV4 query parameters are malformed or incomplete (400). */
export function incompleteSignature(message: string): AwsError {
  return new AwsError('IncompleteSignature', message, { status: 400 });
}

/** The signature, the credential scope or the request time is wrong (403). */
export function signatureDoesNotMatch(message: string = SIGNATURE_MISMATCH_MESSAGE): AwsError {
  return new AwsError('SignatureDoesNotMatch', message, { status: 403 });
}

/** The access key id is unknown (403). */
export function invalidClientTokenId(): AwsError {
  return new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', {
    status: 403,
  });
}

/** A presigned URL used after its X-Amz-Expires (plus the allowed clock skew) has passed (400). */
export function requestExpired(): AwsError {
  return new AwsError('RequestExpired', 'Request has expired.', { status: 400 });
}

/** A query string with more parameters than Ward will canonicalize (400; AWS's code for a query it refuses). */
export function tooManyQueryParameters(limit: number): AwsError {
  return new AwsError('InvalidQueryParameter',
    `The query string has more than ${limit} parameters; send them in a form-encoded POST body instead.`,
    { status: 400 });
}
