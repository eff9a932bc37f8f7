/**
 * Ward's evaluation engine: AWS's policy evaluation logic, pure and synchronous. Compile policies once
 * ({@link compilePolicy}, {@link compilePolicySet}), prepare a request ({@link prepareRequest}), then
 * {@link authorize}; or use the JSON interface {@link decide}.
 */
export { authorize } from './authorize.js';
export { compilePolicy, statementApplies, type CompiledPolicy, type CompiledStatement, type CompileOptions, type MatchRequest } from './compile.js';
export {
  compilePolicySet, StatementGroup, type CompiledPolicySet, type PolicySetInput, type ResourcePolicy, type PlacedStatement,
} from './policy-set.js';
export { prepareRequest, derivePrincipalKeys, type AuthorizeRequest, type PreparedRequest } from './request.js';
export { RequestContext, type ContextInputValue, type ContextEntry } from './context.js';
export type { Decision, DecisionResult, Reason, StatementReason, NoAllowReason, RootUserReason, PolicyType } from './decision.js';
export { accessDeniedMessage, type MessageSubject } from './access-denied-message.js';
export { decide, decideCompiled, compileDecidePolicies, prepareDecideRequest, type DecideOutput } from './decide.js';
export type { RequestPrincipal, PrincipalKind } from './principal.js';
export { OPERATORS } from './operators/registry.js';
export type { ConditionOperator } from './operators/types.js';
export { evaluateCondition, compileCondition, type CompiledCondition } from './condition.js';
export { compileGlob, globParts, matchParts, type Matcher, type GlobPart } from './glob.js';
