import type { Enforcer } from '../iam/authorization/index.js';
import type { RequestAuthorizer } from './query-api.js';

/**
 * Authorizes every call with Ward's own policies, through the enforcer (src/iam/authorization): the root
 * user may do anything in its own account
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html); every other caller is evaluated by
 * the policy engine against its policies. A denial throws AWS's AccessDenied with AWS's message.
 */
export function createAuthorizer(enforcer: Enforcer): RequestAuthorizer {
  return (request) => enforcer.enforce(request);
}
