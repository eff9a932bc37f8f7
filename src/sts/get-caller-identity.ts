import { AwsError } from '../kernel/index.js';
import type { Caller } from '../authn/caller.js';

/** GetCallerIdentity's answer (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html). */
export interface CallerIdentity {
  readonly UserId: string;
  readonly Account: string;
  readonly Arn: string;
}

/**
 * sts:GetCallerIdentity. Needs no permission: AWS answers it even under an explicit deny, since the same
 * facts appear in any AccessDenied message.
 */
export function getCallerIdentity(caller: Caller): CallerIdentity {
  if (caller.kind === 'anonymous') {
    throw new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', { status: 403 });
  }
  return { UserId: caller.userId, Account: caller.accountId, Arn: caller.arn };
}
