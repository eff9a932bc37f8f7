/**
 * The condition operator names of AWS's policy language
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 * The evaluation registry implements exactly these (a test checks both lists agree).
 */
export const CONDITION_OPERATOR_NAMES: readonly string[] = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase',
  'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals',
  'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress',
  'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike',
  'Null',
];

/** `ForAllValues:` / `ForAnyValue:` set qualifier, or none. */
export type SetQualifier = 'ForAllValues' | 'ForAnyValue' | undefined;

/** An operator as written, split into its qualifier, base name and `IfExists` suffix. */
export interface ParsedOperator {
  readonly qualifier: SetQualifier;
  readonly base: string;
  readonly ifExists: boolean;
}

const known = new Set(CONDITION_OPERATOR_NAMES);

/**
 * Splits `ForAnyValue:StringLikeIfExists` into its parts; `undefined` for an unknown operator.
 * Operator names are case-sensitive in AWS, qualifiers included. `Null` takes no `IfExists`.
 */
export function parseOperator(text: string): ParsedOperator | undefined {
  let rest = text;
  let qualifier: SetQualifier;
  if (rest.startsWith('ForAllValues:')) {
    qualifier = 'ForAllValues';
    rest = rest.slice('ForAllValues:'.length);
  } else if (rest.startsWith('ForAnyValue:')) {
    qualifier = 'ForAnyValue';
    rest = rest.slice('ForAnyValue:'.length);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists') && rest !== 'IfExists') {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  if (!known.has(rest)) return undefined;
  if (ifExists && rest === 'Null') return undefined;
  return { qualifier, base: rest, ifExists };
}
