import { arnPattern, arnPatternFromParts, matchArn, splitArn, type ArnPattern } from './arn.js';
import type { ConditionOperator } from './types.js';

/** `ArnEquals`: case-sensitive ARN match, component by component, wildcards allowed. */
export const ArnEquals: ConditionOperator<ArnPattern, readonly string[]> = {
  name: 'ArnEquals', negated: false, variables: true, family: 'arn',
  policy: arnPattern, policyParts: arnPatternFromParts, request: splitArn, match: matchArn,
};
