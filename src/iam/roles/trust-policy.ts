import { fitsPolicySize, parsePolicy, policySizeLimit } from '../../policy/index.js';
import { iamError } from '../errors.js';

/**
 * The STS actions a trust policy may grant (the actions of STS that take a role, and the session
 * attributes set while assuming it): https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * and https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html.
 */
const TRUST_ACTIONS = [
  'sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity', 'sts:tagsession',
  'sts:setsourceidentity', 'sts:setcontext',
];

/**
 * Checks a role's trust policy (AssumeRolePolicyDocument) as IAM does on CreateRole and
 * UpdateAssumeRolePolicy, with IAM's messages:
 * - larger than 2,048 characters (white space not counted): LimitExceeded "Cannot exceed quota for
 *   ACLSizePerRole: 2048" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html);
 * - not JSON: MalformedPolicyDocument "This policy contains invalid Json";
 * - a Resource element: "Has prohibited field Resource";
 * - any other grammar problem (Principal required, principal syntax...): the policy language's message;
 * - an action that is not one of STS's role actions: "AssumeRole policy may only specify STS AssumeRole actions."
 */
export function checkTrustPolicy(document: string): void {
  if (!fitsPolicySize(document, 'trust')) {
    throw iamError('LimitExceeded', `Cannot exceed quota for ACLSizePerRole: ${policySizeLimit('trust') ?? 2048}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(document) as unknown;
  } catch {
    throw iamError('MalformedPolicyDocument', 'This policy contains invalid Json');
  }
  for (const statement of statementsOf(parsed)) {
    for (const field of ['Resource', 'NotResource']) {
      if (field in statement) throw iamError('MalformedPolicyDocument', `Has prohibited field ${field}`);
    }
  }
  const { policy, problems } = parsePolicy(parsed, { kind: 'trust' });
  const first = problems[0];
  if (policy === undefined || first !== undefined) throw iamError('MalformedPolicyDocument', first?.message ?? 'Syntax errors in policy.');
  for (const statement of policy.statements) {
    for (const action of [...(statement.action ?? []), ...(statement.notAction ?? [])]) {
      if (!isTrustAction(action)) throw iamError('MalformedPolicyDocument', 'AssumeRole policy may only specify STS AssumeRole actions.');
    }
  }
}

/** True for an STS role action, or a wildcard within `sts:` that matches only such actions' service. */
function isTrustAction(action: string): boolean {
  const lower = action.toLowerCase();
  if (!lower.startsWith('sts:')) return false;
  if (!lower.includes('*') && !lower.includes('?')) return TRUST_ACTIONS.includes(lower);
  const pattern = new RegExp(`^${lower.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return TRUST_ACTIONS.some((a) => pattern.test(a));
}

function statementsOf(doc: unknown): Record<string, unknown>[] {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return [];
  const raw = (doc as { Statement?: unknown }).Statement;
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null && !Array.isArray(s));
}

/** Policy documents are answered percent-encoded, as the policies service encodes them. */
export { encodePolicyDocument } from '../policies/index.js';
