import type { GlobPart } from '../glob.js';

/**
 * One condition operator (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 * An operator only knows how to parse its values and how one request value matches one policy value;
 * qualifiers (`ForAllValues:`, `ForAnyValue:`, `...IfExists`), several values and missing keys are handled
 * once, in `../condition.ts`. A negated operator (`StringNotEquals`) gives the positive `match` and sets
 * `negated`: the engine negates the OR over the policy values, as AWS does.
 */
export interface ConditionOperator<P = unknown, R = unknown> {
  /** AWS's name, verbatim. */
  readonly name: string;
  /** True for the `Not` operators; `match` then tests the positive form. */
  readonly negated: boolean;
  /** True when policy variables are substituted in this operator's values (string and ARN operators). */
  readonly variables: boolean;
  /** Names the parsed form of request values, so one parse serves every operator of the family. */
  readonly family: string;
  /** Parses a policy value; `undefined` when it can never match. */
  policy(value: string): P | undefined;
  /**
   * Parses a policy value whose variables were substituted: string parts are the value as written
   * (wildcards live), literal parts came from substitution (never wildcards). Only for wildcard operators.
   */
  policyParts?(parts: readonly GlobPart[]): P | undefined;
  /** Parses a request value; `undefined` when it is not of the operator's type (it then matches nothing). */
  request(value: string): R | undefined;
  /** True when the request value matches the policy value (positive form). */
  match(request: R, policy: P): boolean;
}

/** Identity parse for text-valued operators. */
export const asText = (value: string): string => value;
