import { compileGlob, compileParts, type Matcher } from '../glob.js';
import { asText, type ConditionOperator } from './types.js';

/** `StringNotLike`: negated case-sensitive wildcard match. */
export const StringNotLike: ConditionOperator<Matcher, string> = {
  name: 'StringNotLike', negated: true, variables: true, family: 'text',
  policy: compileGlob, policyParts: compileParts, request: asText, match: (r, p) => p(r),
};
