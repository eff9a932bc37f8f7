import type { Enforcer } from '../iam/authorization/index.js';
import type { Clock } from '../kernel/index.js';
import type { MfaGate } from '../sts/index.js';
import type { RequestAuthorizer } from './query-api.js';

/**
 * Authorizes every call with Ward's own policies, through the enforcer (src/iam/authorization): the root
 * user may do anything in its own account
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html); every other caller is evaluated by
 * the policy engine against its policies. A denial throws AWS's AccessDenied with AWS's message.
 */
export function createAuthorizer(enforcer: Enforcer, mfa: MfaGate, clock: Clock): RequestAuthorizer {
  return async (request) => {
    // The trust policy must see aws:MultiFactorAuthPresent when AssumeRole carries SerialNumber + TokenCode;
    // the gate verifies the code once and the operation reads the same outcome.
    if (request.service !== 'sts' || request.action !== 'AssumeRole') return enforcer.enforce(request);
    const mfaAuthenticated = await mfa.check(request.caller, request.input, clock.now());
    return enforcer.enforce({ ...request, mfaAuthenticated });
  };
}
