import { parseNumber } from './numeric.js';
import type { ConditionOperator } from './types.js';

/** `NumericGreaterThanEquals`: compares the request number with the policy number (request >= policy). */
export const NumericGreaterThanEquals: ConditionOperator<number, number> = {
  name: 'NumericGreaterThanEquals', negated: false, variables: false, family: 'number',
  policy: parseNumber, request: parseNumber, match: (r, p) => r >= p,
};
