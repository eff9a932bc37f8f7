import { asText, type ConditionOperator } from './types.js';

/** `StringNotEquals`: negated exact, case-sensitive match. */
export const StringNotEquals: ConditionOperator<string, string> = {
  name: 'StringNotEquals', negated: true, variables: true, family: 'text',
  policy: asText, request: asText, match: (r, p) => r === p,
};
