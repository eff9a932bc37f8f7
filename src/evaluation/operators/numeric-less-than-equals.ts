import { parseNumber } from './numeric.js';
import type { ConditionOperator } from './types.js';

/** `NumericLessThanEquals`: compares the request number with the policy number (request <= policy). */
export const NumericLessThanEquals: ConditionOperator<number, number> = {
  name: 'NumericLessThanEquals', negated: false, variables: false, family: 'number',
  policy: parseNumber, request: parseNumber, match: (r, p) => r <= p,
};
