import type { ConditionOperator } from './types.js';

const lower = (v: string): string => v.toLowerCase();

/** `StringNotEqualsIgnoreCase`: negated match ignoring case. */
export const StringNotEqualsIgnoreCase: ConditionOperator<string, string> = {
  name: 'StringNotEqualsIgnoreCase', negated: true, variables: true, family: 'lower',
  policy: lower, request: lower, match: (r, p) => r === p,
};
