import { AwsError } from '../kernel/index.js';

/**
 * The errors every AWS Query service shares, with AWS's codes and HTTP statuses
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html).
 */
export const CommonErrors = {
  missingAction: () => new AwsError('MissingAction', 'The request is missing an action or a required parameter.', { status: 400 }),
  invalidAction: (action: string, apiVersion: string) =>
    new AwsError('InvalidAction', `Could not find operation ${action} for version ${apiVersion}`, { status: 400 }),
  /** An operation of the AWS model that Ward does not implement: an honest error, never a fake success. */
  notImplemented: (service: string, action: string) =>
    new AwsError('NotImplemented', `Ward does not implement ${service}:${action} yet.`, { status: 501, type: 'Receiver' }),
  unknownService: (service: string) =>
    new AwsError('NotImplemented', `Ward does not serve the '${service}' service; it serves iam and sts.`, { status: 501, type: 'Receiver' }),
  internalFailure: () =>
    new AwsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', { status: 500, type: 'Receiver' }),
  malformedQueryString: (detail: string) => new AwsError('MalformedQueryString', detail, { status: 400 }),
} as const;
