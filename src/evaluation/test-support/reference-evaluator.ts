/**
 * A tiny reference evaluator for a subset of AWS's policy language, written to be obviously correct rather
 * than fast: it is the oracle of the differential property tests in `../properties.test.ts`.
 *
 * Subset: identity-based policies only, one account, Version 2012-10-17 without policy variables,
 * `Allow`/`Deny` with `Action`/`NotAction` and `Resource`/`NotResource` (with `*` and `?` wildcards), and the
 * `StringEquals` / `StringLike` condition operators on single-valued context keys.
 */

/** The three outcomes of AWS's evaluation logic. */
export type ReferenceDecision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** A string or a list of strings, as policy elements are written. */
export type OneOrMany = string | readonly string[];

/** One statement of the subset. Exactly one of Action/NotAction and of Resource/NotResource is set. */
export interface ReferenceStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: OneOrMany;
  readonly NotAction?: OneOrMany;
  readonly Resource?: OneOrMany;
  readonly NotResource?: OneOrMany;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, OneOrMany>>>>;
}

/** A policy of the subset. */
export interface ReferencePolicy {
  readonly Version: '2012-10-17';
  readonly Statement: readonly ReferenceStatement[];
}

/** The part of a decide() input the reference evaluator reads. */
export interface ReferenceInput {
  readonly request: {
    readonly action: string;
    readonly resource: { readonly arn: string };
    readonly context: Readonly<Record<string, string>>;
  };
  readonly policies: { readonly identity: readonly ReferencePolicy[] };
}

function list(value: OneOrMany | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

/** `*` matches any run of characters (including `:` and `/`), `?` exactly one; everything else literally. */
function wildcardMatches(pattern: string, text: string, ignoreCase: boolean): boolean {
  let source = '';
  for (const ch of pattern) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[\\^$.|+()[\]{}*?]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(text);
}

function actionMatches(statement: ReferenceStatement, action: string): boolean {
  // Actions are case-insensitive.
  if (statement.Action !== undefined) return list(statement.Action).some((p) => wildcardMatches(p, action, true));
  return !list(statement.NotAction).some((p) => wildcardMatches(p, action, true));
}

function resourceMatches(statement: ReferenceStatement, arn: string): boolean {
  // Resource ARNs are case-sensitive.
  if (statement.Resource !== undefined) return list(statement.Resource).some((p) => wildcardMatches(p, arn, false));
  return !list(statement.NotResource).some((p) => wildcardMatches(p, arn, false));
}

/** Condition key names are case-insensitive; an absent key makes StringEquals and StringLike false. */
function contextValue(context: Readonly<Record<string, string>>, key: string): string | undefined {
  const wanted = key.toLowerCase();
  for (const [name, value] of Object.entries(context)) {
    if (name.toLowerCase() === wanted) return value;
  }
  return undefined;
}

function conditionHolds(statement: ReferenceStatement, context: Readonly<Record<string, string>>): boolean {
  // Operators are ANDed, keys under an operator are ANDed, values of one key are ORed.
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    for (const [key, values] of Object.entries(keys)) {
      const actual = contextValue(context, key);
      if (actual === undefined) return false;
      const matches = list(values).some((expected) =>
        operator === 'StringEquals' ? expected === actual : wildcardMatches(expected, actual, false));
      if (!matches) return false;
    }
  }
  return true;
}

function applies(statement: ReferenceStatement, input: ReferenceInput): boolean {
  return actionMatches(statement, input.request.action) &&
    resourceMatches(statement, input.request.resource.arn) &&
    conditionHolds(statement, input.request.context);
}

/** Decides a request of the subset: any applicable Deny wins, then any applicable Allow, else implicit deny. */
export function referenceDecide(input: ReferenceInput): ReferenceDecision {
  const statements = input.policies.identity.flatMap((policy) => policy.Statement);
  if (statements.some((s) => s.Effect === 'Deny' && applies(s, input))) return 'ExplicitDeny';
  if (statements.some((s) => s.Effect === 'Allow' && applies(s, input))) return 'Allow';
  return 'ImplicitDeny';
}
