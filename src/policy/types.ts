/**
 * The read-only tree of an IAM policy document
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html).
 * Lists are normalized to arrays; the printer writes them back as arrays, so parse -> print -> parse is
 * the identity on this tree.
 */

/** The two policy language versions AWS accepts. Absent means the old 2008-10-17 rules apply. */
export type PolicyVersion = '2012-10-17' | '2008-10-17';

/** `Allow` or `Deny`, case-sensitive as AWS requires. */
export type Effect = 'Allow' | 'Deny';

/** The four kinds of principal a `Principal` / `NotPrincipal` map may name. */
export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';

/** A `Principal` / `NotPrincipal` element: either the bare `"*"` or a map of type -> values. */
export type PrincipalBlock =
  | { readonly kind: 'Wildcard' }
  | { readonly kind: 'Map'; readonly entries: readonly PrincipalEntry[] };

/** One `"AWS": [...]`-style entry of a principal map, in document order. */
export interface PrincipalEntry {
  readonly type: PrincipalType;
  readonly values: readonly string[];
}

/** A JSON scalar as it appeared in a condition value (kept for printing; compared as text). */
export type ConditionValue = string | number | boolean;

/** One `operator -> key -> values` triple of a `Condition` block, in document order. */
export interface ConditionEntry {
  /** The operator as written, qualifiers included (`ForAnyValue:StringLikeIfExists`). */
  readonly operator: string;
  /** The context key as written; evaluation compares keys case-insensitively. */
  readonly key: string;
  readonly values: readonly ConditionValue[];
}

/** One statement. Exactly one of action/notAction is present; at most one of each other pair. */
export interface Statement {
  readonly sid?: string;
  readonly effect: Effect;
  readonly principal?: PrincipalBlock;
  readonly notPrincipal?: PrincipalBlock;
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly condition?: readonly ConditionEntry[];
}

/** A whole policy document. */
export interface Policy {
  readonly version?: PolicyVersion;
  readonly id?: string;
  readonly statements: readonly Statement[];
}

/** One validation problem, with the JSON path of the offending element (`Statement[1].Condition`). */
export interface PolicyProblem {
  readonly path: string;
  readonly message: string;
}

/** Where a policy is used; some rules (Principal required or forbidden, size) depend on it. */
export type PolicyKind =
  | 'managed'
  | 'inline-user'
  | 'inline-group'
  | 'inline-role'
  | 'trust'
  | 'resource'
  | 'boundary'
  | 'session'
  | 'scp'
  | 'rcp';
