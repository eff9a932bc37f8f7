import { arnPattern, arnPatternFromParts, matchArn, splitArn, type ArnPattern } from './arn.js';
import type { ConditionOperator } from './types.js';

/** `ArnNotEquals`: negated case-sensitive ARN match, component by component, wildcards allowed. */
export const ArnNotEquals: ConditionOperator<ArnPattern, readonly string[]> = {
  name: 'ArnNotEquals', negated: true, variables: true, family: 'arn',
  policy: arnPattern, policyParts: arnPatternFromParts, request: splitArn, match: matchArn,
};
