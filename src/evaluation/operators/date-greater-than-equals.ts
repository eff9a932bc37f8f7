import { parseDate } from './date.js';
import type { ConditionOperator } from './types.js';

/** `DateGreaterThanEquals`: compares instants (ISO 8601 or epoch seconds), request >= policy. */
export const DateGreaterThanEquals: ConditionOperator<number, number> = {
  name: 'DateGreaterThanEquals', negated: false, variables: false, family: 'date',
  policy: parseDate, request: parseDate, match: (r, p) => r >= p,
};
