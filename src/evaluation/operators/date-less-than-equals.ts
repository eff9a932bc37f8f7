import { parseDate } from './date.js';
import type { ConditionOperator } from './types.js';

/** `DateLessThanEquals`: compares instants (ISO 8601 or epoch seconds), request <= policy. */
export const DateLessThanEquals: ConditionOperator<number, number> = {
  name: 'DateLessThanEquals', negated: false, variables: false, family: 'date',
  policy: parseDate, request: parseDate, match: (r, p) => r <= p,
};
