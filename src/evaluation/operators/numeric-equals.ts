import { parseNumber } from './numeric.js';
import type { ConditionOperator } from './types.js';

/** `NumericEquals`: compares the request number with the policy number (request === policy). */
export const NumericEquals: ConditionOperator<number, number> = {
  name: 'NumericEquals', negated: false, variables: false, family: 'number',
  policy: parseNumber, request: parseNumber, match: (r, p) => r === p,
};
