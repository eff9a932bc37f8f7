/** Ward's policy language: parse JSON into a read-only tree, validate with JSON paths, print, size limits. */
export type {
  Policy, PolicyVersion, Statement, Effect, PrincipalBlock, PrincipalEntry, PrincipalType, ConditionEntry,
  ConditionValue, PolicyProblem, PolicyKind,
} from './types.js';
export { parsePolicy, validatePolicy, type ParseResult, type ParseOptions } from './parse.js';
export { printPolicy, toJson, type PrintOptions } from './print.js';
export { policySizeLimit, policySize, fitsPolicySize } from './size.js';
export {
  CONDITION_OPERATOR_NAMES, parseOperator, type ParsedOperator, type SetQualifier,
} from './condition-operators.js';
export { parseTemplate, type TemplatePart } from './variables.js';
