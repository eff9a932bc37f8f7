import { arnPattern, arnPatternFromParts, matchArn, splitArn, type ArnPattern } from './arn.js';
import type { ConditionOperator } from './types.js';

/** `ArnLike`: case-sensitive ARN match, component by component, wildcards allowed. */
export const ArnLike: ConditionOperator<ArnPattern, readonly string[]> = {
  name: 'ArnLike', negated: false, variables: true, family: 'arn',
  policy: arnPattern, policyParts: arnPatternFromParts, request: splitArn, match: matchArn,
};
