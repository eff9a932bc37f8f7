import { parseDate } from './date.js';
import type { ConditionOperator } from './types.js';

/** `DateGreaterThan`: compares instants (ISO 8601 or epoch seconds), request > policy. */
export const DateGreaterThan: ConditionOperator<number, number> = {
  name: 'DateGreaterThan', negated: false, variables: false, family: 'date',
  policy: parseDate, request: parseDate, match: (r, p) => r > p,
};
