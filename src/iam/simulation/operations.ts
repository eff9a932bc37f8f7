import type { Caller } from '../../authn/caller.js';
import { type ContextInputValue, compilePolicy } from '../../evaluation/index.js';
import { parseArn } from '../../kernel/index.js';
import { type Policy, parsePolicy } from '../../policy/index.js';
import { type PolicySource, entityTags } from '../authorization/index.js';
import { IamErrors, iamError } from '../errors.js';
import type { IamDeps, OperationContext, OperationTable } from '../operation.js';
import { pageRequest, toPage } from '../paging.js';
import { type IdentityByArn, loadIdentityByArn } from '../policies/index.js';
import { contextKeysOf } from './context-keys.js';
import { type EvaluationResult, type SimulationPolicy, type SimulationRequest, simulate } from './simulate.js';

function accountOf(caller: Caller): string {
  if (caller.kind === 'anonymous') throw iamError('AccessDenied', 'IAM requires a signed request.');
  return caller.accountId;
}

function strings(input: Readonly<Record<string, unknown>>, name: string): string[] {
  const value = input[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function optional(input: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = input[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Parses a policy given to the simulator; a malformed one is InvalidInput naming it and its first problem. */
function parseInput(text: string, name: string): Policy {
  const parsed = parsePolicy(text);
  if (parsed.policy === undefined) {
    const problem = parsed.problems[0];
    const where = problem !== undefined && problem.path !== '' ? `${problem.path}: ` : '';
    throw IamErrors.invalidInput(`${name} is not a valid policy document: ${where}${problem?.message ?? 'Syntax errors in policy.'}`);
  }
  return parsed.policy;
}

function simulationPolicy(parsed: Policy, sourceId: string, sourceType: string): SimulationPolicy {
  return { parsed, sourceId, sourceType, compiled: compilePolicy(parsed) };
}

function inputPolicies(input: Readonly<Record<string, unknown>>, member: string): SimulationPolicy[] {
  return strings(input, member).map((text, i) => simulationPolicy(parseInput(text, `${member}.${i + 1}`), `${member}.${i + 1}`, 'IAM Policy'));
}

/** The entity a PolicySourceArn names (user, group or role of the caller's account), loaded with its policies. */
function policySource(deps: IamDeps, accountId: string, policySourceArn: string): Promise<IdentityByArn> {
  return loadIdentityByArn(deps, accountId, policySourceArn, (text) =>
    IamErrors.invalidInput(`Invalid PolicySourceArn: ${text}. It must be the ARN of an IAM user, group or role.`));
}

/** A stored policy as the simulator names it: an inline policy by name and owner kind; a managed one by name. */
function storedPolicy(source: PolicySource): SimulationPolicy | undefined {
  const parsed = parsePolicy(source.document);
  if (parsed.policy === undefined) return undefined;
  if (source.kind === 'inline') return simulationPolicy(parsed.policy, source.id, source.owner?.kind ?? 'user');
  const arn = parseArn(source.id);
  const name = source.id.slice(source.id.lastIndexOf('/') + 1);
  return simulationPolicy(parsed.policy, name, arn?.account === 'aws' ? 'aws-managed' : 'user-managed');
}

/**
 * The context of a simulation from ContextEntries: list types are multivalued keys, the others take their
 * one value (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ContextEntry.html).
 */
function contextOf(input: Readonly<Record<string, unknown>>): Record<string, ContextInputValue> {
  const context: Record<string, ContextInputValue> = {};
  const entries = Array.isArray(input.ContextEntries) ? (input.ContextEntries as Record<string, unknown>[]) : [];
  for (const entry of entries) {
    const name = optional(entry, 'ContextKeyName');
    if (name === undefined) continue;
    const values = strings(entry, 'ContextKeyValues');
    const type = optional(entry, 'ContextKeyType') ?? 'string';
    if (type.endsWith('List')) context[name] = values;
    else if (values[0] !== undefined) context[name] = values[0];
  }
  return context;
}

function respond(results: readonly EvaluationResult[], input: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { after, maxItems } = pageRequest(input);
  const start = after !== undefined ? Number(after) + 1 : 0;
  if (!Number.isInteger(start) || start < 0) throw iamError('InvalidInput', 'Invalid Marker.');
  const indexed = results.map((result, index) => ({ index, result })).slice(start, start + maxItems + 1);
  const page = toPage(indexed, maxItems, (item) => String(item.index));
  return { EvaluationResults: page.items.map((i) => i.result), IsTruncated: page.IsTruncated, ...(page.Marker !== undefined ? { Marker: page.Marker } : {}) };
}

/** What both simulations share: actions, resources, context, resource policy. */
function common(input: Readonly<Record<string, unknown>>, callerAccount: string): Pick<SimulationRequest, 'actions' | 'resources' | 'context' | 'resourceOwner' | 'resourcePolicy'> {
  const resources = strings(input, 'ResourceArns');
  const owner = optional(input, 'ResourceOwner');
  const ownerAccount = owner !== undefined ? (parseArn(owner)?.account ?? owner) : undefined;
  const resourcePolicyText = optional(input, 'ResourcePolicy');
  return {
    actions: strings(input, 'ActionNames'),
    resources: resources.length > 0 ? resources : ['*'],
    context: contextOf(input),
    ...(ownerAccount !== undefined ? { resourceOwner: ownerAccount } : {}),
    ...(resourcePolicyText !== undefined
      ? {
        resourcePolicy: {
          account: ownerAccount ?? callerAccount,
          policy: simulationPolicy(parseInput(resourcePolicyText, 'ResourcePolicy'), 'ResourcePolicy', 'resource'),
        },
      }
      : {}),
  };
}

/**
 * SimulatePrincipalPolicy (https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html):
 * the policies of the user (and its groups), group or role named by PolicySourceArn, plus PolicyInputList;
 * PermissionsBoundaryPolicyInputList replaces the entity's boundary. The simulated caller is CallerArn, else
 * the user itself (so `${aws:username}` resolves), else the role.
 */
async function simulatePrincipalPolicy(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const accountId = accountOf(caller);
  const sourceArn = optional(input, 'PolicySourceArn') ?? '';
  const { kind, loaded } = await policySource(deps, accountId, sourceArn);
  const identity = [...loaded.identity.flatMap((s) => storedPolicy(s) ?? []), ...inputPolicies(input, 'PolicyInputList')];
  const boundaryInput = inputPolicies(input, 'PermissionsBoundaryPolicyInputList');
  const stored = loaded.boundary !== undefined ? storedPolicy(loaded.boundary) : undefined;
  const boundary = boundaryInput.length > 0 ? boundaryInput : stored !== undefined ? [stored] : [];
  const callerArn = optional(input, 'CallerArn');
  const tags = kind === 'user' ? Object.fromEntries(entityTags(loaded.entity).map((t) => [t.Key, t.Value])) : {};
  const principal: SimulationRequest['principal'] = callerArn !== undefined
    ? { type: 'IAMUser', arn: callerArn, account: parseArn(callerArn)?.account ?? accountId }
    : kind === 'role'
      ? { type: 'AssumedRole', arn: loaded.entity.arn, account: accountId, roleArn: loaded.entity.arn }
      : { type: 'IAMUser', arn: loaded.entity.arn, account: accountId, tags };
  const results = simulate({ identity, boundary, principal, ...common(input, accountId) });
  return respond(results, input);
}

/**
 * SimulateCustomPolicy (https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html):
 * only the given policies; the simulated caller is CallerArn, else the caller of the API, evaluated as an
 * IAM user (the root user's own privilege is not simulated: the policies are).
 */
async function simulateCustomPolicy(_deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const accountId = accountOf(caller);
  const callerArn = optional(input, 'CallerArn') ?? (caller.kind === 'anonymous' ? '' : caller.arn);
  const principal: SimulationRequest['principal'] = { type: 'IAMUser', arn: callerArn, account: parseArn(callerArn)?.account ?? accountId };
  const results = simulate({
    identity: inputPolicies(input, 'PolicyInputList'),
    boundary: inputPolicies(input, 'PermissionsBoundaryPolicyInputList'),
    principal,
    ...common(input, accountId),
  });
  return respond(results, input);
}

/** GetContextKeysForPrincipalPolicy: the keys of the entity's policies (a user's groups' included) and PolicyInputList. */
async function getContextKeysForPrincipalPolicy(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const { loaded } = await policySource(deps, accountOf(caller), optional(input, 'PolicySourceArn') ?? '');
  const stored = loaded.identity.flatMap((s) => storedPolicy(s) ?? []).map((p) => p.parsed);
  return { ContextKeyNames: contextKeysOf([...stored, ...inputPolicies(input, 'PolicyInputList').map((p) => p.parsed)]) };
}

/** GetContextKeysForCustomPolicy: the keys the given policies reference. */
async function getContextKeysForCustomPolicy(_deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  accountOf(caller);
  return { ContextKeyNames: contextKeysOf(inputPolicies(input, 'PolicyInputList').map((p) => p.parsed)) };
}

/** IAM's policy simulator operations, on Ward's own engine. */
export function simulationOperations(deps: IamDeps): OperationTable {
  return {
    SimulatePrincipalPolicy: (context) => simulatePrincipalPolicy(deps, context),
    SimulateCustomPolicy: (context) => simulateCustomPolicy(deps, context),
    GetContextKeysForPrincipalPolicy: (context) => getContextKeysForPrincipalPolicy(deps, context),
    GetContextKeysForCustomPolicy: (context) => getContextKeysForCustomPolicy(deps, context),
  };
}
