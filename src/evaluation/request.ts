import { parseArn } from '../kernel/index.js';
import type { MatchRequest } from './compile.js';
import { RequestContext, type ContextInputValue } from './context.js';
import type { RequestPrincipal } from './principal.js';

/** A request as the engine takes it, before preparation. */
export interface AuthorizeRequest {
  readonly principal: RequestPrincipal & {
    /** The caller's principal tags (`aws:PrincipalTag/*`). */
    readonly tags?: Readonly<Record<string, string>>;
  };
  readonly action: string;
  readonly resource: { readonly arn: string; readonly account?: string };
  /** The whole request context: a key absent here is absent (principal keys are derived). */
  readonly context?: Readonly<Record<string, ContextInputValue>>;
}

/** A request prepared once: action lower-cased, context keys indexed, principal keys derived. */
export interface PreparedRequest extends MatchRequest {
  /** The action as the caller wrote it (for messages). */
  readonly action: string;
  /** The account owning the resource ('' when unknown). */
  readonly resourceAccount: string;
}

/** The last path segment of an ARN resource (`user/path/name` -> `name`). */
function lastSegment(resource: string): string {
  return resource.slice(resource.lastIndexOf('/') + 1);
}

/**
 * Derives the principal context keys AWS sets for every authenticated request
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html) when the caller
 * did not give them: aws:PrincipalArn (the role ARN for a role session), aws:PrincipalAccount,
 * aws:PrincipalType, aws:username (IAM users), aws:userid (root: the account id; federated users:
 * `account:name`; anonymous callers: `anonymous`), aws:PrincipalTag/*.
 */
export function derivePrincipalKeys(context: RequestContext, principal: AuthorizeRequest['principal']): void {
  const type = principal.type;
  // A provider's keys are the request's own (aws:FederatedProvider, <issuer>:sub, saml:sub, ...).
  if (type === 'Service' || type === 'WebIdentity') return;
  if (type === 'Anonymous') {
    context.setDefault('aws:PrincipalType', 'Anonymous');
    context.setDefault('aws:userid', 'anonymous');
    return;
  }
  context.setDefault('aws:PrincipalArn', type === 'AssumedRole' && principal.roleArn ? principal.roleArn : principal.arn);
  if (principal.account !== '') context.setDefault('aws:PrincipalAccount', principal.account);
  const principalType = { IAMUser: 'User', AssumedRole: 'AssumedRole', Root: 'Account', FederatedUser: 'FederatedUser' }[type];
  context.setDefault('aws:PrincipalType', principalType);
  const arn = parseArn(principal.arn);
  if (type === 'IAMUser' && arn) context.setDefault('aws:username', lastSegment(arn.resource));
  if (type === 'Root') context.setDefault('aws:userid', principal.account);
  if (type === 'FederatedUser' && arn) context.setDefault('aws:userid', `${principal.account}:${lastSegment(arn.resource)}`);
  if (principal.tags) {
    for (const [key, value] of Object.entries(principal.tags)) context.setDefault(`aws:PrincipalTag/${key}`, value);
  }
}

/**
 * The account field of an ARN, `''` when the text is not an ARN: the same answer as
 * `parseArn(arn)?.account ?? ''` without splitting the whole ARN.
 */
function arnAccount(arn: string): string {
  if (!arn.startsWith('arn:')) return '';
  const partitionEnd = arn.indexOf(':', 4);
  if (partitionEnd <= 4) return '';
  const serviceEnd = arn.indexOf(':', partitionEnd + 1);
  if (serviceEnd <= partitionEnd + 1) return '';
  const regionEnd = arn.indexOf(':', serviceEnd + 1);
  if (regionEnd < 0) return '';
  const accountEnd = arn.indexOf(':', regionEnd + 1);
  if (accountEnd < 0) return '';
  return arn.slice(regionEnd + 1, accountEnd);
}

/**
 * Prepares a request for any number of decisions. Cheap: the context is read lazily (a key is looked up,
 * and a principal key derived, only when a condition or a policy variable asks for it, then kept), so the
 * request must not change while it is in use. The prepared principal is the request's own object (its
 * `tags` are read only through the context).
 */
export function prepareRequest(request: AuthorizeRequest): PreparedRequest {
  const principal = request.principal;
  const action = request.action;
  const actionLower = action.toLowerCase();
  const colon = actionLower.indexOf(':');
  const resource = request.resource;
  return {
    principal,
    action,
    actionLower,
    service: colon < 0 ? actionLower : actionLower.slice(0, colon),
    resource: resource.arn,
    resourceAccount: resource.account ?? arnAccount(resource.arn),
    context: new RequestContext(request.context, principal),
  };
}
