import { parseDate } from './date.js';
import type { ConditionOperator } from './types.js';

/** `DateLessThan`: compares instants (ISO 8601 or epoch seconds), request < policy. */
export const DateLessThan: ConditionOperator<number, number> = {
  name: 'DateLessThan', negated: false, variables: false, family: 'date',
  policy: parseDate, request: parseDate, match: (r, p) => r < p,
};
