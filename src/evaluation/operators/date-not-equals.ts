import { parseDate } from './date.js';
import type { ConditionOperator } from './types.js';

/** `DateNotEquals`: compares instants (ISO 8601 or epoch seconds), request === policy — negated. */
export const DateNotEquals: ConditionOperator<number, number> = {
  name: 'DateNotEquals', negated: true, variables: false, family: 'date',
  policy: parseDate, request: parseDate, match: (r, p) => r === p,
};
