import { parseDate } from './date.js';
import type { ConditionOperator } from './types.js';

/** `DateEquals`: compares instants (ISO 8601 or epoch seconds), request === policy. */
export const DateEquals: ConditionOperator<number, number> = {
  name: 'DateEquals', negated: false, variables: false, family: 'date',
  policy: parseDate, request: parseDate, match: (r, p) => r === p,
};
