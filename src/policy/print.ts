import type { Policy, PrincipalBlock, Statement } from './types.js';

/** Options of {@link printPolicy}. */
export interface PrintOptions {
  /** Spaces of indentation; 0 (the default) prints compact JSON. */
  readonly indent?: number;
}

/**
 * Prints a policy tree as a JSON document in AWS's element order. Lists print as arrays, so
 * `parsePolicy(printPolicy(p)).policy` deep-equals `p`.
 */
export function printPolicy(policy: Policy, options: PrintOptions = {}): string {
  return JSON.stringify(toJson(policy), null, options.indent ?? 0);
}

/** The plain JSON value of a policy tree (what {@link printPolicy} serializes). */
export function toJson(policy: Policy): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (policy.version !== undefined) out.Version = policy.version;
  if (policy.id !== undefined) out.Id = policy.id;
  out.Statement = policy.statements.map(statementJson);
  return out;
}

function statementJson(s: Statement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.sid !== undefined) out.Sid = s.sid;
  out.Effect = s.effect;
  if (s.principal) out.Principal = principalJson(s.principal);
  if (s.notPrincipal) out.NotPrincipal = principalJson(s.notPrincipal);
  if (s.action) out.Action = [...s.action];
  if (s.notAction) out.NotAction = [...s.notAction];
  if (s.resource) out.Resource = [...s.resource];
  if (s.notResource) out.NotResource = [...s.notResource];
  if (s.condition) {
    const condition: Record<string, Record<string, unknown[]>> = {};
    for (const entry of s.condition) {
      const block = (condition[entry.operator] ??= {});
      block[entry.key] = [...entry.values];
    }
    out.Condition = condition;
  }
  return out;
}

function principalJson(p: PrincipalBlock): unknown {
  if (p.kind === 'Wildcard') return '*';
  const out: Record<string, string[]> = {};
  for (const entry of p.entries) out[entry.type] = [...entry.values];
  return out;
}
