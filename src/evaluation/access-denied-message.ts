import type { Decision, PolicyType } from './decision.js';

/** What an AccessDenied message names besides the decision. */
export interface MessageSubject {
  /** The caller's ARN; omitted or '' for anonymous callers. */
  readonly principalArn?: string;
  readonly action: string;
  /** The resource's ARN; omitted (or `*`) when the message should not name one. */
  readonly resourceArn?: string;
}

const ARTICLE_NAME: Readonly<Record<PolicyType, string>> = {
  identity: 'an identity-based policy',
  resource: 'a resource-based policy',
  boundary: 'a permissions boundary',
  scp: 'a service control policy',
  rcp: 'a resource control policy',
  session: 'a session policy',
};

const BARE_NAME: Readonly<Record<PolicyType, string>> = {
  identity: 'identity-based policy',
  resource: 'resource-based policy',
  boundary: 'permissions boundary',
  scp: 'service control policy',
  rcp: 'resource control policy',
  session: 'session policy',
};

/**
 * AWS's AccessDenied message for a denied decision
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html): "User: ARN is not
 * authorized to perform: ACTION on resource: ARN because no identity-based policy allows the ACTION
 * action", or "... with an explicit deny in a service control policy". When several types denied, AWS
 * names one: the first reason, in evaluation order (RCP, SCP, resource, identity, boundary, session).
 * A policy id given at compile time is appended after a colon, as AWS does with policy ARNs.
 * `undefined` for an Allow.
 */
export function accessDeniedMessage(decision: Decision, subject: MessageSubject): string | undefined {
  if (decision.decision === 'Allow') return undefined;
  const who = subject.principalArn ? subject.principalArn : 'anonymous';
  const on = subject.resourceArn && subject.resourceArn !== '*' ? ` on resource: ${subject.resourceArn}` : '';
  const head = `User: ${who} is not authorized to perform: ${subject.action}${on}`;
  const first = decision.reasons[0];
  if (first === undefined || first.kind === 'RootUser') return `${head} because no identity-based policy allows the ${subject.action} action`;
  if (decision.decision === 'ExplicitDeny') {
    const id = first.kind === 'Statement' && first.policyId !== undefined ? `: ${first.policyId}` : '';
    return `${head} with an explicit deny in ${ARTICLE_NAME[first.policyType]}${id}`;
  }
  return `${head} because no ${BARE_NAME[first.policyType]} allows the ${subject.action} action`;
}
