import type { Effect, Policy } from '../policy/index.js';
import { compileCondition, evaluateCondition, type CompiledCondition } from './condition.js';
import type { RequestContext } from './context.js';
import { compileGlob, matchParts, type Matcher } from './glob.js';
import {
  compilePrincipal, matchPrincipal, notPrincipalExcludes, PrincipalMatch, type CompiledPrincipal, type RequestPrincipal,
} from './principal.js';
import { parseTemplate, type TemplatePart } from '../policy/index.js';
import { resolveGlob } from './template.js';

/** A resource pattern: compiled once, or a template resolved per request. */
type ResourcePattern = Matcher | readonly TemplatePart[];

/** One statement compiled for fast matching. */
export interface CompiledStatement {
  readonly index: number;
  readonly sid?: string;
  readonly effect: Effect;
  /** True for `NotAction`. */
  readonly notAction: boolean;
  /** Exact lower-cased actions (`s3:getobject`). */
  readonly exactActions: ReadonlySet<string>;
  /** Wildcard action patterns, lower-cased. */
  readonly actionGlobs: readonly Matcher[];
  /** Lower-cased service prefixes named without wildcards; `undefined` when any pattern spans services. */
  readonly services: readonly string[] | undefined;
  /** `undefined` when the statement has neither Resource nor NotResource (a trust policy). */
  readonly resources: readonly ResourcePattern[] | undefined;
  readonly notResource: boolean;
  readonly principal?: CompiledPrincipal;
  readonly notPrincipal?: CompiledPrincipal;
  readonly conditions: readonly CompiledCondition[];
}

/** A policy compiled once, usable in any number of policy sets and decisions. */
export interface CompiledPolicy {
  readonly statements: readonly CompiledStatement[];
  /** A caller-chosen name or ARN, echoed in reasons. */
  readonly id?: string;
}

/** Options of {@link compilePolicy}. */
export interface CompileOptions {
  /** A name or ARN for the policy, echoed in reasons and AccessDenied messages. */
  readonly id?: string;
}

/**
 * Compiles a parsed policy: actions lower-cased and wildcards precompiled, conditions parsed, variables
 * recognised only under Version 2012-10-17 (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html).
 */
export function compilePolicy(policy: Policy, options: CompileOptions = {}): CompiledPolicy {
  const variables = policy.version === '2012-10-17';
  const statements = policy.statements.map((s, index): CompiledStatement => {
    const patterns = (s.action ?? s.notAction ?? []).map((a) => a.toLowerCase());
    const exact = new Set<string>();
    const globs: Matcher[] = [];
    let services: string[] | undefined = s.notAction ? undefined : [];
    for (const pattern of patterns) {
      if (pattern.includes('*') || pattern.includes('?')) globs.push(compileGlob(pattern));
      else exact.add(pattern);
      const colon = pattern.indexOf(':');
      const service = colon < 0 ? pattern : pattern.slice(0, colon);
      if (services === undefined) continue;
      if (colon < 0 || service.includes('*') || service.includes('?')) services = undefined;
      else if (!services.includes(service)) services.push(service);
    }
    const resourceList = s.resource ?? s.notResource;
    return {
      index,
      ...(s.sid !== undefined ? { sid: s.sid } : {}),
      effect: s.effect,
      notAction: s.notAction !== undefined,
      exactActions: exact,
      actionGlobs: globs,
      services,
      resources: resourceList?.map((r) => (variables ? parseTemplate(r) : undefined) ?? compileGlob(r)),
      notResource: s.notResource !== undefined,
      ...(s.principal ? { principal: compilePrincipal(s.principal) } : {}),
      ...(s.notPrincipal ? { notPrincipal: compilePrincipal(s.notPrincipal) } : {}),
      conditions: (s.condition ?? []).map((c) => compileCondition(c, variables)),
    };
  });
  return { statements, ...(options.id !== undefined ? { id: options.id } : {}) };
}

/** The request as statement matching needs it, prepared once per request. */
export interface MatchRequest {
  readonly principal: RequestPrincipal;
  /** Lower-cased action (`s3:getobject`). */
  readonly actionLower: string;
  /** Lower-cased service prefix (`s3`). */
  readonly service: string;
  readonly resource: string;
  readonly context: RequestContext;
}

/** True when the statement's Action (or NotAction) covers the lower-cased action. */
export function actionMatches(s: CompiledStatement, action: string): boolean {
  let hit = s.exactActions.has(action);
  if (!hit) {
    const globs = s.actionGlobs;
    for (let i = 0; i < globs.length; i++) {
      if ((globs[i] as Matcher)(action)) {
        hit = true;
        break;
      }
    }
  }
  return hit !== s.notAction;
}

function resourceMatches(s: CompiledStatement, resource: string, context: RequestContext): boolean | undefined {
  const list = s.resources;
  if (list === undefined) return true;
  let hit = false;
  for (let i = 0; i < list.length; i++) {
    const pattern = list[i] as ResourcePattern;
    if (typeof pattern === 'function') {
      if (pattern(resource)) {
        hit = true;
        break;
      }
      continue;
    }
    const parts = resolveGlob(pattern, context);
    // An unresolved variable makes the statement inapplicable, for NotResource too.
    if (parts === undefined) return undefined;
    if (matchParts(parts, resource)) {
      hit = true;
      break;
    }
  }
  return hit !== s.notResource;
}

/**
 * Whether a statement applies to the request, and how strongly its `Principal` names the caller
 * (`PrincipalMatch.None` when it does not apply). Statements without Principal/NotPrincipal (identity
 * policies, SCPs, boundaries, session policies) apply as `Direct`. `hasBoundary`: the caller has a
 * permissions boundary.
 */
export function statementApplies(s: CompiledStatement, request: MatchRequest, hasBoundary: boolean): PrincipalMatch {
  if (!actionMatches(s, request.actionLower)) return PrincipalMatch.None;
  return statementAppliesToAction(s, request, hasBoundary);
}

/** {@link statementApplies} for a statement whose Action / NotAction is known to match the request's action. */
export function statementAppliesToAction(s: CompiledStatement, request: MatchRequest, hasBoundary: boolean): PrincipalMatch {
  if (resourceMatches(s, request.resource, request.context) !== true) return PrincipalMatch.None;
  let strength: PrincipalMatch = PrincipalMatch.Direct;
  if (s.principal) {
    strength = matchPrincipal(s.principal, request.principal);
    if (strength === PrincipalMatch.None) return strength;
  } else if (s.notPrincipal) {
    // "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a
    // permissions boundary policy attached" (access_policies_boundaries.html).
    const boundaryGotcha = s.effect === 'Deny' && hasBoundary;
    if (!boundaryGotcha && notPrincipalExcludes(s.notPrincipal, request.principal)) return PrincipalMatch.None;
  }
  const conditions = s.conditions;
  for (let i = 0; i < conditions.length; i++) {
    if (!evaluateCondition(conditions[i] as CompiledCondition, request.context)) return PrincipalMatch.None;
  }
  return strength;
}
