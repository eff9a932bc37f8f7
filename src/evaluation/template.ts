import type { TemplatePart } from '../policy/index.js';
import { globParts, type GlobPart } from './glob.js';
import { lowerKeyName, type RequestContext } from './context.js';

/**
 * Resolves policy variables against the request context
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html). A variable whose key
 * is absent or multivalued takes its default; with no default the value is unresolved (`undefined`), and
 * an unresolved value never matches. Substitution is one round: a substituted value is never re-read.
 */
function variable(part: TemplatePart & { kind: 'variable' }, context: RequestContext): string | undefined {
  const value = context.variable(lowerKeyName(part.key));
  return value ?? part.defaultValue;
}

/** The text of a templated value, variables substituted; `undefined` when one is unresolved. */
export function resolveText(parts: readonly TemplatePart[], context: RequestContext): string | undefined {
  let out = '';
  for (const part of parts) {
    if (part.kind === 'variable') {
      const value = variable(part, context);
      if (value === undefined) return undefined;
      out += value;
    } else {
      out += part.text;
    }
  }
  return out;
}

/**
 * The wildcard pattern of a templated value: text written in the policy keeps its `*` and `?`; substituted
 * values and the `${*}` / `${?}` / `${$}` escapes are literal.
 */
export function resolveGlob(parts: readonly TemplatePart[], context: RequestContext): GlobPart[] | undefined {
  const out: GlobPart[] = [];
  for (const part of parts) {
    if (part.kind === 'text') {
      out.push(...globParts(part.text));
      continue;
    }
    const value = part.kind === 'literal' ? part.text : variable(part, context);
    if (value === undefined) return undefined;
    if (value !== '') out.push(value);
  }
  return out;
}
