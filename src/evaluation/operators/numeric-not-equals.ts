import { parseNumber } from './numeric.js';
import type { ConditionOperator } from './types.js';

/** `NumericNotEquals`: compares the request number with the policy number (request === policy — negated). */
export const NumericNotEquals: ConditionOperator<number, number> = {
  name: 'NumericNotEquals', negated: true, variables: false, family: 'number',
  policy: parseNumber, request: parseNumber, match: (r, p) => r === p,
};
