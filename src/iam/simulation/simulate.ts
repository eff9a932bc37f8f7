import {
  type CompiledPolicy, type ContextInputValue, type Decision, type RequestPrincipal, authorize, compileGlob, compilePolicySet, prepareRequest,
} from '../../evaluation/index.js';
import type { Policy } from '../../policy/index.js';
import { statementContextKeys } from './context-keys.js';

/** One policy of a simulation: where it comes from (as EvaluationResults name it) and its compiled form. */
export interface SimulationPolicy {
  /** `SourcePolicyId`: an inline policy's name, a managed policy's name, or `PolicyInputList.N`. */
  readonly sourceId: string;
  /** `SourcePolicyType`: `user`, `group`, `role`, `aws-managed`, `user-managed`, `resource`, or `IAM Policy`. */
  readonly sourceType: string;
  readonly parsed: Policy;
  readonly compiled: CompiledPolicy;
}

/** What a simulation evaluates. */
export interface SimulationRequest {
  readonly identity: readonly SimulationPolicy[];
  /** The permissions boundary, if any. */
  readonly boundary: readonly SimulationPolicy[];
  readonly resourcePolicy?: { readonly policy: SimulationPolicy; readonly account: string };
  readonly principal: RequestPrincipal & { readonly tags?: Readonly<Record<string, string>> };
  readonly actions: readonly string[];
  /** `*` when the caller gave none. */
  readonly resources: readonly string[];
  /** The account owning resources whose ARN names none (`ResourceOwner`). */
  readonly resourceOwner?: string;
  readonly context: Readonly<Record<string, ContextInputValue>>;
}

/** A matched statement as IAM's `Statement` shape has it. */
export interface MatchedStatement {
  readonly SourcePolicyId: string;
  readonly SourcePolicyType: string;
}

/** One member of `EvaluationResults` (IAM's `EvaluationResult` shape). */
export interface EvaluationResult {
  readonly EvalActionName: string;
  readonly EvalResourceName: string;
  readonly EvalDecision: 'allowed' | 'explicitDeny' | 'implicitDeny';
  readonly MatchedStatements: readonly MatchedStatement[];
  readonly MissingContextValues: readonly string[];
  readonly PermissionsBoundaryDecisionDetail?: { readonly AllowedByPermissionsBoundary: boolean };
}

const DECISIONS = { Allow: 'allowed', ExplicitDeny: 'explicitDeny', ImplicitDeny: 'implicitDeny' } as const;

function matched(decision: Decision, request: SimulationRequest): MatchedStatement[] {
  const out: MatchedStatement[] = [];
  for (const reason of decision.reasons) {
    if (reason.kind !== 'Statement') continue;
    const list = reason.policyType === 'identity' ? request.identity : reason.policyType === 'boundary' ? request.boundary : undefined;
    const source = reason.policyType === 'resource' ? request.resourcePolicy?.policy : list?.[reason.policyIndex];
    if (source !== undefined) out.push({ SourcePolicyId: source.sourceId, SourcePolicyType: source.sourceType });
  }
  return out;
}

/**
 * Context keys that statements naming the action read but the request lacks: IAM's MissingContextValues
 * ("context keys that are required by the included input policies but that were not provided").
 */
function missingKeys(action: string, policies: readonly SimulationPolicy[], present: (lowerKey: string) => boolean): string[] {
  const missing = new Map<string, string>();
  const lower = action.toLowerCase();
  for (const { parsed } of policies) {
    for (const statement of parsed.statements) {
      const patterns = (statement.action ?? statement.notAction ?? []).map((p) => p.toLowerCase());
      const hit = patterns.some((p) => compileGlob(p)(lower));
      if (statement.notAction !== undefined ? hit : !hit) continue;
      for (const key of statementContextKeys(statement, parsed)) {
        if (!present(key.toLowerCase()) && !missing.has(key.toLowerCase())) missing.set(key.toLowerCase(), key);
      }
    }
  }
  return [...missing.values()];
}

/**
 * Runs the engine over every action and resource, as the IAM policy simulator does
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_testing-policies.html): one
 * EvaluationResult per action and resource, in the order given, with the statements that decided, the
 * context keys the relevant statements read but the request lacks, and whether the boundary allowed.
 */
export function simulate(request: SimulationRequest): EvaluationResult[] {
  const set = compilePolicySet({
    identity: request.identity.map((p) => p.compiled),
    ...(request.boundary.length > 0 ? { boundary: request.boundary.map((p) => p.compiled) } : {}),
    ...(request.resourcePolicy !== undefined ? { resource: [{ account: request.resourcePolicy.account, policy: request.resourcePolicy.policy.compiled }] } : {}),
  });
  const boundaryOnly = request.boundary.length > 0 ? compilePolicySet({ identity: request.boundary.map((p) => p.compiled) }) : undefined;
  const everyPolicy = [...request.identity, ...request.boundary, ...(request.resourcePolicy !== undefined ? [request.resourcePolicy.policy] : [])];
  const results: EvaluationResult[] = [];
  for (const action of request.actions) {
    for (const resource of request.resources) {
      const prepared = prepareRequest({
        principal: request.principal,
        action,
        resource: { arn: resource, ...(request.resourceOwner !== undefined ? { account: request.resourceOwner } : {}) },
        context: request.context,
      });
      const decision = authorize(set, prepared);
      results.push({
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: DECISIONS[decision.decision],
        MatchedStatements: matched(decision, request),
        MissingContextValues: missingKeys(action, everyPolicy, (key) => prepared.context.get(key) !== undefined),
        ...(boundaryOnly !== undefined
          ? { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: authorize(boundaryOnly, prepared).decision === 'Allow' } }
          : {}),
      });
    }
  }
  return results;
}
