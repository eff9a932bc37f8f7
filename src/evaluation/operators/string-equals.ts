import { asText, type ConditionOperator } from './types.js';

/** `StringEquals`: exact, case-sensitive match. */
export const StringEquals: ConditionOperator<string, string> = {
  name: 'StringEquals', negated: false, variables: true, family: 'text',
  policy: asText, request: asText, match: (r, p) => r === p,
};
