import { parseNumber } from './numeric.js';
import type { ConditionOperator } from './types.js';

/** `NumericGreaterThan`: compares the request number with the policy number (request > policy). */
export const NumericGreaterThan: ConditionOperator<number, number> = {
  name: 'NumericGreaterThan', negated: false, variables: false, family: 'number',
  policy: parseNumber, request: parseNumber, match: (r, p) => r > p,
};
