import { arnPattern, arnPatternFromParts, matchArn, splitArn, type ArnPattern } from './arn.js';
import type { ConditionOperator } from './types.js';

/** `ArnNotLike`: negated case-sensitive ARN match, component by component, wildcards allowed. */
export const ArnNotLike: ConditionOperator<ArnPattern, readonly string[]> = {
  name: 'ArnNotLike', negated: true, variables: true, family: 'arn',
  policy: arnPattern, policyParts: arnPatternFromParts, request: splitArn, match: matchArn,
};
