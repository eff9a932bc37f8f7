import { compileGlob, compileParts, type Matcher } from '../glob.js';
import { asText, type ConditionOperator } from './types.js';

/** `StringLike`: case-sensitive match with `*` and `?` wildcards anywhere in the value. */
export const StringLike: ConditionOperator<Matcher, string> = {
  name: 'StringLike', negated: false, variables: true, family: 'text',
  policy: compileGlob, policyParts: compileParts, request: asText, match: (r, p) => p(r),
};
