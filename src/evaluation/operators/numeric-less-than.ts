import { parseNumber } from './numeric.js';
import type { ConditionOperator } from './types.js';

/** `NumericLessThan`: compares the request number with the policy number (request < policy). */
export const NumericLessThan: ConditionOperator<number, number> = {
  name: 'NumericLessThan', negated: false, variables: false, family: 'number',
  policy: parseNumber, request: parseNumber, match: (r, p) => r < p,
};
