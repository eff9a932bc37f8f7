import type { IamEntityRecord } from '../../store/port.js';
import { iamError } from '../errors.js';

/** The path under which IAM keeps service-linked roles (`/aws-service-role/<service principal>/`). */
export const SERVICE_LINKED_PATH_PREFIX = '/aws-service-role/';

/** True for a service-linked role (made by CreateServiceLinkedRole; only its service may change it). */
export function isServiceLinked(role: IamEntityRecord): boolean {
  return role.path.startsWith(SERVICE_LINKED_PATH_PREFIX);
}

/**
 * Refuses to change a service-linked role, as IAM does for every caller, root included:
 * UnmodifiableEntity "Cannot perform the operation on the protected role 'NAME' - this role is only
 * modifiable by AWS" (https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html).
 */
export function refuseIfServiceLinked(role: IamEntityRecord): void {
  if (isServiceLinked(role)) {
    throw iamError('UnmodifiableEntity', `Cannot perform the operation on the protected role '${role.name}' - this role is only modifiable by AWS`);
  }
}
