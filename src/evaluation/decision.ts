/** The policy types AWS evaluates (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#access_policy-types). */
export type PolicyType = 'identity' | 'resource' | 'boundary' | 'scp' | 'rcp' | 'session';

/** The three outcomes of an evaluation. */
export type DecisionResult = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** A statement that decided: which statement of which policy of which type. */
export interface StatementReason {
  readonly kind: 'Statement';
  readonly policyType: PolicyType;
  readonly effect: 'Allow' | 'Deny';
  /** Index of the policy in its list (for SCPs and RCPs: within its level). */
  readonly policyIndex: number;
  /** For SCPs and RCPs: the level of the organization path (0 = root). */
  readonly level?: number;
  readonly statementIndex: number;
  readonly sid?: string;
  /** The policy's name or ARN when the caller gave one. */
  readonly policyId?: string;
}

/** No statement of a policy type (or of one SCP level) allowed the request. */
export interface NoAllowReason {
  readonly kind: 'NoAllow';
  readonly policyType: PolicyType;
  readonly level?: number;
}

/** The root user acting in its own account needs no allowing policy. */
export interface RootUserReason {
  readonly kind: 'RootUser';
}

/** Why a decision was reached. */
export type Reason = StatementReason | NoAllowReason | RootUserReason;

/**
 * A decision and its reasons: for `ExplicitDeny` every matching Deny statement; for `ImplicitDeny` the one
 * policy type (or SCP level) that allowed nothing; for `Allow` one granting Allow statement per policy type
 * (and SCP level) that took part — the first by policy and statement index.
 */
export interface Decision {
  readonly decision: DecisionResult;
  readonly reasons: readonly Reason[];
}
