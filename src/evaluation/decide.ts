import { AwsError } from '../kernel/index.js';
import { parsePolicy } from '../policy/index.js';
import { authorize } from './authorize.js';
import { compilePolicy, type CompiledPolicy } from './compile.js';
import type { ContextInputValue } from './context.js';
import type { DecisionResult, Reason } from './decision.js';
import { compilePolicySet, type CompiledPolicySet } from './policy-set.js';
import type { PrincipalKind } from './principal.js';
import { prepareRequest, type AuthorizeRequest, type PreparedRequest } from './request.js';

/** The output of the JSON decision interface. */
export interface DecideOutput {
  readonly decision: DecisionResult;
  readonly reasons: readonly Reason[];
}

const TYPES: readonly PrincipalKind[] = ['IAMUser', 'AssumedRole', 'Root', 'FederatedUser', 'Anonymous'];

function invalid(message: string): never {
  throw new AwsError('InvalidInput', message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (!isObject(value)) invalid(`${path} must be a JSON object`);
  return value;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') invalid(`${path} must be a string`);
  return value;
}

function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined ? undefined : string(value, path);
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) invalid(`${path} must be a JSON array`);
  return value;
}

/**
 * Parses one policy of the input. Placement is checked (identity-side policies name no Principal,
 * resource-based policies and RCPs must), but not the per-kind rules of the IAM API (Sid characters,
 * Resource required): those belong to the API that stores a policy, not to a decision.
 */
function policy(value: unknown, path: string, principal: 'forbidden' | 'required'): CompiledPolicy {
  if (typeof value !== 'string' && !isObject(value)) invalid(`${path} must be a policy document (object or JSON text)`);
  const result = parsePolicy(value, { principal });
  if (result.policy === undefined) {
    const detail = result.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ');
    invalid(`${path} is not a valid policy: ${detail}`);
  }
  return compilePolicy(result.policy);
}

function policyList(value: unknown, path: string, principal: 'forbidden' | 'required' = 'forbidden'): CompiledPolicy[] {
  return array(value, path).map((p, i) => policy(p, `${path}[${i}]`, principal));
}

function levels(value: unknown, path: string, principal: 'forbidden' | 'required'): CompiledPolicy[][] {
  return array(value, path).map((level, i) => policyList(level, `${path}[${i}]`, principal));
}

/** Validates and compiles the `policies` member of a decide input, once for any number of requests. */
export function compileDecidePolicies(input: unknown): CompiledPolicySet {
  const p = object(input, 'policies');
  const known = new Set(['identity', 'resource', 'boundary', 'scps', 'rcps', 'session']);
  for (const key of Object.keys(p)) if (!known.has(key)) invalid(`policies.${key} is not a policy type (${[...known].join(', ')})`);
  return compilePolicySet({
    identity: p.identity === undefined ? [] : policyList(p.identity, 'policies.identity'),
    resource: p.resource === undefined ? [] : array(p.resource, 'policies.resource').map((item, i) => {
      const path = `policies.resource[${i}]`;
      const entry = object(item, path);
      return { account: string(entry.account, `${path}.account`), policy: policy(entry.policy, `${path}.policy`, 'required') };
    }),
    ...(p.boundary !== undefined ? { boundary: policyList(p.boundary, 'policies.boundary') } : {}),
    ...(p.session !== undefined ? { session: policyList(p.session, 'policies.session') } : {}),
    ...(p.scps !== undefined ? { scps: levels(p.scps, 'policies.scps', 'forbidden') } : {}),
    ...(p.rcps !== undefined ? { rcps: levels(p.rcps, 'policies.rcps', 'required') } : {}),
  });
}

function contextScalar(v: unknown, at: string): string | number | boolean {
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
    invalid(`${at} must be a string, number or boolean (or a list of them)`);
  }
  return v;
}

function contextValue(value: unknown, path: string): ContextInputValue {
  if (Array.isArray(value)) return value.map((v, i) => contextScalar(v, `${path}[${i}]`));
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return contextScalar(value, path);
}

/** The role ARN of an assumed-role session ARN (`arn:aws:sts::A:assumed-role/R/s` -> `arn:aws:iam::A:role/R`). */
function roleOfSession(arn: string): string | undefined {
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : undefined;
}

/** Validates the `request` member of a decide input and prepares it. */
export function prepareDecideRequest(input: unknown): PreparedRequest {
  const r = object(input, 'request');
  const pr = object(r.principal, 'request.principal');
  const typeText = string(pr.type, 'request.principal.type');
  if (!(TYPES as readonly string[]).includes(typeText)) invalid(`request.principal.type must be one of ${TYPES.join(', ')}`);
  if (pr.isRoot !== undefined && typeof pr.isRoot !== 'boolean') invalid('request.principal.isRoot must be a boolean');
  if (pr.organizationManagementAccount !== undefined && typeof pr.organizationManagementAccount !== 'boolean') {
    invalid('request.principal.organizationManagementAccount must be a boolean');
  }
  const type = (pr.isRoot === true ? 'Root' : typeText) as PrincipalKind;
  const anonymous = type === 'Anonymous';
  const arn = anonymous ? optionalString(pr.arn, 'request.principal.arn') ?? '' : string(pr.arn, 'request.principal.arn');
  const account = anonymous ? optionalString(pr.account, 'request.principal.account') ?? '' : string(pr.account, 'request.principal.account');
  let roleArn: string | undefined;
  if (pr.session !== undefined) {
    const session = object(pr.session, 'request.principal.session');
    roleArn = string(session.roleArn, 'request.principal.session.roleArn');
    optionalString(session.sessionName, 'request.principal.session.sessionName');
  }
  if (type === 'AssumedRole') {
    roleArn ??= roleOfSession(arn);
    if (roleArn === undefined) invalid('request.principal.session.roleArn is required for an AssumedRole principal');
  }
  let tags: Record<string, string> | undefined;
  if (pr.tags !== undefined) {
    tags = {};
    for (const [k, v] of Object.entries(object(pr.tags, 'request.principal.tags'))) tags[k] = string(v, `request.principal.tags.${k}`);
  }
  const action = string(r.action, 'request.action');
  if (action !== '*' && !/^[^:\s]+:[^:\s]+$/.test(action)) invalid('request.action must look like service:Action');
  const res = object(r.resource, 'request.resource');
  const context: Record<string, ContextInputValue> = {};
  if (r.context !== undefined) {
    const given = object(r.context, 'request.context');
    for (const k of Object.keys(given)) context[k] = contextValue(given[k], `request.context.${k}`);
  }
  // Built by assignment rather than spreads: this runs once per line of `ward policy decide --jsonl`.
  const principal: { -readonly [K in keyof AuthorizeRequest['principal']]: AuthorizeRequest['principal'][K] } = { type, arn, account };
  if (roleArn !== undefined) principal.roleArn = roleArn;
  if (pr.organizationManagementAccount === true) principal.organizationManagementAccount = true;
  if (tags) principal.tags = tags;
  const resourceArn = string(res.arn, 'request.resource.arn');
  const resource: { arn: string; account?: string } = { arn: resourceArn };
  if (res.account !== undefined) resource.account = string(res.account, 'request.resource.account');
  return prepareRequest({ principal, action, resource, context });
}

/** Decides one validated request against policies compiled by {@link compileDecidePolicies}. */
export function decideCompiled(policies: CompiledPolicySet, request: unknown): DecideOutput {
  const decision = authorize(policies, prepareDecideRequest(request));
  return { decision: decision.decision, reasons: decision.reasons };
}

/**
 * The JSON decision interface (docs/evaluation.md): `{request, policies}` -> `{decision, reasons}`.
 * Throws an `AwsError` with code `InvalidInput` when the input is malformed; never decides on bad input.
 */
export function decide(input: unknown): DecideOutput {
  const root = object(input, 'input');
  for (const key of Object.keys(root)) if (key !== 'request' && key !== 'policies') invalid(`input.${key} is not allowed (request, policies)`);
  if (root.request === undefined) invalid('input.request is required');
  if (root.policies === undefined) invalid('input.policies is required');
  const policies = compileDecidePolicies(root.policies);
  return decideCompiled(policies, root.request);
}
