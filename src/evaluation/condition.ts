import { parseOperator, parseTemplate, type ConditionEntry, type SetQualifier, type TemplatePart } from '../policy/index.js';
import { parsedValues, type RequestContext } from './context.js';
import { OPERATORS } from './operators/registry.js';
import type { ConditionOperator } from './operators/types.js';
import { resolveGlob, resolveText } from './template.js';

/** A condition compiled once: operator looked up, key lower-cased, static values parsed. */
export interface CompiledCondition {
  readonly operator: ConditionOperator;
  readonly qualifier: SetQualifier;
  readonly ifExists: boolean;
  readonly key: string;
  /** Values parsed at compile time (unparsable ones dropped: they can never match). */
  readonly values: readonly unknown[];
  /** Values holding policy variables, resolved per request. */
  readonly templates: readonly (readonly TemplatePart[])[];
}

/**
 * Compiles one `operator -> key -> values` entry. Variables are read only when the policy's Version is
 * 2012-10-17 and only for operators that take them (string and ARN operators). Throws on an unknown
 * operator: policies are validated before they are compiled.
 */
export function compileCondition(entry: ConditionEntry, variables: boolean): CompiledCondition {
  const parsed = parseOperator(entry.operator);
  const operator = parsed && OPERATORS.get(parsed.base);
  if (!parsed || !operator) throw new Error(`unknown condition operator ${entry.operator}`);
  const values: unknown[] = [];
  const templates: (readonly TemplatePart[])[] = [];
  for (const raw of entry.values) {
    const text = String(raw);
    const template = variables && operator.variables ? parseTemplate(text) : undefined;
    if (template !== undefined) {
      templates.push(template);
      continue;
    }
    const value = operator.policy(text);
    if (value !== undefined) values.push(value);
  }
  return { operator, qualifier: parsed.qualifier, ifExists: parsed.ifExists, key: entry.key.toLowerCase(), values, templates };
}

/** The policy values of a condition for this request; `undefined` when a variable is unresolved. */
function policyValues(condition: CompiledCondition, context: RequestContext): readonly unknown[] | undefined {
  if (condition.templates.length === 0) return condition.values;
  const out = condition.values.slice();
  const op = condition.operator;
  for (const template of condition.templates) {
    let value: unknown;
    if (op.policyParts) {
      const parts = resolveGlob(template, context);
      if (parts === undefined) return undefined;
      value = op.policyParts(parts);
    } else {
      const text = resolveText(template, context);
      if (text === undefined) return undefined;
      value = op.policy(text);
    }
    if (value !== undefined) out.push(value);
  }
  return out;
}

function anyMatch(op: ConditionOperator, request: unknown, values: readonly unknown[]): boolean {
  if (request === undefined) return false;
  for (let i = 0; i < values.length; i++) if (op.match(request, values[i])) return true;
  return false;
}

/**
 * Evaluates one compiled condition, following AWS's rules
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html):
 * - several policy values OR; a negated operator is true when the request value matches none of them;
 * - a key absent from the context: false, except true for a negated operator, for `...IfExists` and for
 *   `ForAllValues:`; `ForAnyValue:` is false;
 * - `ForAllValues:` every request value must satisfy the operator, `ForAnyValue:` at least one; an empty set
 *   (no value, or only an empty string) counts as absent;
 * - with no qualifier and several request values, the positive form holds when any value matches;
 * - `Null` tests presence only; an unresolved policy variable makes the condition false.
 */
export function evaluateCondition(condition: CompiledCondition, context: RequestContext): boolean {
  const op = condition.operator;
  const entry = context.get(condition.key);
  if (op.name === 'Null') {
    const absent = entry === undefined || entry.values.length === 0;
    return anyMatch(op, absent, condition.values);
  }
  const values = policyValues(condition, context);
  if (values === undefined) return false;
  const qualifier = condition.qualifier;
  let present = entry !== undefined && entry.values.length > 0;
  if (present && qualifier !== undefined && entry!.values.length === 1 && entry!.values[0] === '') present = false;
  if (!present) {
    if (condition.ifExists) return true;
    if (qualifier === 'ForAllValues') return true;
    if (qualifier === 'ForAnyValue') return false;
    return op.negated;
  }
  const requests = parsedValues(entry!, op.family, op.request);
  const negated = op.negated;
  if (qualifier === undefined) {
    for (let i = 0; i < requests.length; i++) if (anyMatch(op, requests[i], values)) return !negated;
    return negated;
  }
  if (qualifier === 'ForAllValues') {
    for (let i = 0; i < requests.length; i++) if (anyMatch(op, requests[i], values) === negated) return false;
    return true;
  }
  for (let i = 0; i < requests.length; i++) if (anyMatch(op, requests[i], values) !== negated) return true;
  return false;
}
