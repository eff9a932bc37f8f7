import type { ConditionOperator } from './types.js';

const lower = (v: string): string => v.toLowerCase();

/** `StringEqualsIgnoreCase`: exact match ignoring case. */
export const StringEqualsIgnoreCase: ConditionOperator<string, string> = {
  name: 'StringEqualsIgnoreCase', negated: false, variables: true, family: 'lower',
  policy: lower, request: lower, match: (r, p) => r === p,
};
