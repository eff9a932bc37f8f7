import { isAccountId, parseArn } from '../kernel/index.js';
import type { PrincipalBlock } from '../policy/index.js';

/**
 * The kinds of caller the engine knows. `Service` is an AWS service principal (`s3.amazonaws.com`);
 * `WebIdentity` is an identity provider (`"Principal": {"Federated": ARN-or-issuer}`) before STS grants a
 * session: AssumeRoleWithWebIdentity / AssumeRoleWithSAML, decided by the trust policy alone.
 */
export type PrincipalKind = 'IAMUser' | 'AssumedRole' | 'Root' | 'FederatedUser' | 'Anonymous' | 'Service' | 'WebIdentity';

/** The caller of a request, as the engine needs it. */
export interface RequestPrincipal {
  readonly type: PrincipalKind;
  /** The caller's ARN (session ARN for a role session); the service name for `Service`; the provider for `WebIdentity`; '' for anonymous. */
  readonly arn: string;
  /** The caller's account; '' for anonymous callers and services. */
  readonly account: string;
  /** For a role session: the role's ARN. */
  readonly roleArn?: string;
  /** True when the caller's account is the organization's management account (SCPs do not apply). */
  readonly organizationManagementAccount?: boolean;
}

/**
 * How a `Principal` element matched the caller; it decides whether a same-account resource-based policy
 * grants on its own (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html,
 * "Resource-based policies"): `Direct` names the caller itself (user, session, root, service, or `*`),
 * `Role` names the role of a session, `Account` names the caller's account (a delegation to its IAM).
 */
export const PrincipalMatch = { None: 0, Account: 1, Role: 2, Direct: 3 } as const;
/** One of the {@link PrincipalMatch} strengths. */
export type PrincipalMatch = (typeof PrincipalMatch)[keyof typeof PrincipalMatch];

/** A compiled `Principal` / `NotPrincipal` element. */
export interface CompiledPrincipal {
  readonly wildcard: boolean;
  /** AWS principals: ARNs verbatim, accounts as `account:ID` (an account id and its root ARN are one). */
  readonly aws: ReadonlySet<string>;
  readonly service: ReadonlySet<string>;
  readonly federated: ReadonlySet<string>;
  readonly canonicalUser: ReadonlySet<string>;
}

/** The key an AWS principal value is stored under: `account:ID` for an account id or root ARN. */
function awsKey(value: string): string {
  if (isAccountId(value)) return `account:${value}`;
  const arn = parseArn(value);
  if (arn && arn.service === 'iam' && arn.resource === 'root') return `account:${arn.account}`;
  return value;
}

/** Compiles a principal element. */
export function compilePrincipal(block: PrincipalBlock): CompiledPrincipal {
  const aws = new Set<string>();
  const service = new Set<string>();
  const federated = new Set<string>();
  const canonicalUser = new Set<string>();
  let wildcard = block.kind === 'Wildcard';
  if (block.kind === 'Map') {
    for (const entry of block.entries) {
      for (const value of entry.values) {
        // `"AWS": "*"` is the same as `"Principal": "*"` (reference_policies_elements_principal.html).
        if (entry.type === 'AWS' && value === '*') wildcard = true;
        else if (entry.type === 'AWS') aws.add(awsKey(value));
        else if (entry.type === 'Service') service.add(value);
        else if (entry.type === 'Federated') federated.add(value);
        else canonicalUser.add(value);
      }
    }
  }
  return { wildcard, aws, service, federated, canonicalUser };
}

/** How strongly a `Principal` element names the caller. */
export function matchPrincipal(p: CompiledPrincipal, caller: RequestPrincipal): PrincipalMatch {
  if (p.wildcard) return PrincipalMatch.Direct;
  switch (caller.type) {
    case 'Anonymous':
      return PrincipalMatch.None;
    case 'Service':
      return p.service.has(caller.arn) ? PrincipalMatch.Direct : PrincipalMatch.None;
    case 'WebIdentity':
      return p.federated.has(caller.arn) ? PrincipalMatch.Direct : PrincipalMatch.None;
    case 'Root':
      return p.aws.has(`account:${caller.account}`) || p.aws.has(caller.arn) ? PrincipalMatch.Direct : PrincipalMatch.None;
    default:
      if (p.aws.has(caller.arn)) return PrincipalMatch.Direct;
      if (caller.roleArn !== undefined && p.aws.has(caller.roleArn)) return PrincipalMatch.Role;
      if (p.aws.has(`account:${caller.account}`)) return PrincipalMatch.Account;
      return PrincipalMatch.None;
  }
}

/**
 * True when a `NotPrincipal` element excludes the caller: every identity of its chain (session, role,
 * account — or user and account) must be listed, since AWS "might validate the account first, then the
 * role, and then the assumed-role user" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
 */
export function notPrincipalExcludes(p: CompiledPrincipal, caller: RequestPrincipal): boolean {
  if (p.wildcard) return true;
  switch (caller.type) {
    case 'Anonymous':
      return false;
    case 'Service':
      return p.service.has(caller.arn);
    case 'WebIdentity':
      return p.federated.has(caller.arn);
    case 'Root':
      return p.aws.has(`account:${caller.account}`);
    default:
      if (!p.aws.has(caller.arn) || !p.aws.has(`account:${caller.account}`)) return false;
      return caller.roleArn === undefined || p.aws.has(caller.roleArn);
  }
}
