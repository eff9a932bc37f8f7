import { AwsError } from '../kernel/index.js';
import { type IamErrorCode, iamErrorCodes } from './error-codes.js';

/**
 * IAM's error registry: an error of a modelled code, with the HTTP status and fault side IAM's API model
 * gives that code (`error-codes.ts`, generated). Messages follow AWS's wording; each builder below names
 * where its text comes from.
 */
export function iamError(code: IamErrorCode | 'ValidationError' | 'AccessDenied', message: string): AwsError {
  if (code === 'ValidationError') return new AwsError(code, message, { status: 400 });
  if (code === 'AccessDenied') return new AwsError(code, message, { status: 403 });
  const { status, type } = iamErrorCodes[code];
  return new AwsError(code, message, { status, type });
}

/** The names AWS uses for entity kinds in messages ("The user with name x cannot be found."). */
export type EntityNoun = 'user' | 'group' | 'role' | 'instance profile' | 'policy';

/** The commonest IAM errors, in AWS's words. */
export const IamErrors = {
  /** "The user with name bob cannot be found." */
  noSuchEntity: (noun: EntityNoun, name: string) => iamError('NoSuchEntity', `The ${noun} with name ${name} cannot be found.`),
  /** "User with name bob already exists." */
  entityAlreadyExists: (noun: EntityNoun, name: string) =>
    iamError('EntityAlreadyExists', `${noun.charAt(0).toUpperCase()}${noun.slice(1)} with name ${name} already exists.`),
  /** "Cannot exceed quota for AccessKeysPerUser: 2" */
  quotaExceeded: (quota: string, limit: number) => iamError('LimitExceeded', `Cannot exceed quota for ${quota}: ${limit}`),
  /**
   * "Cannot delete entity, must delete access keys first." AWS's wording as clients quote it: "must detach all
   * policies first." (hashicorp/boundary#5646, DeleteRole), "must delete policies first." (awslabs/aws-orbit-workbench#633),
   * "must delete login profile first." (rebuy-de/aws-nuke#169), "must delete MFA device first." (rebuy-de/aws-nuke#281).
   */
  deleteConflict: (what: string) => iamError('DeleteConflict', `Cannot delete entity, must ${what} first.`),
  malformedPolicyDocument: (message: string) => iamError('MalformedPolicyDocument', message),
  invalidInput: (message: string) => iamError('InvalidInput', message),
} as const;
