import type { RootCaller, UserCaller } from '../../authn/caller.js';
import {
  type AuthorizeRequest, type CompiledPolicySet, accessDeniedMessage, authorize, compilePolicySet, prepareRequest,
} from '../../evaluation/index.js';
import { AwsError, type Clock } from '../../kernel/index.js';
import type { IamEntityRecord, Store } from '../../store/port.js';
import { type RoleData, type UserData, dataOf } from '../records.js';
import { buildRequestContext } from './context.js';
import { type ManagedPolicyResolver, customerManagedPolicyDocument, loadUserPolicies } from './principal-policies.js';
import type { EntityReads } from './reads.js';
import { type ResolvedResource, resolveResource } from './resource.js';
import { SnapshotCache, type UserSnapshot, compileUserSnapshot } from './snapshot.js';
import { createSessionDecider } from './session-enforcement.js';
import type { CallDecision, CallToAuthorize } from './call.js';

/** What the enforcer needs. */
export interface EnforcerDeps {
  readonly store: Store;
  readonly partition: string;
  readonly clock: Clock;
  /** Managed policy documents by ARN (src/iam/policies); customer managed policies only when omitted. */
  readonly resolveManagedPolicy?: ManagedPolicyResolver;
}

/** Ward's enforcement point for IAM and STS calls. */
export interface Enforcer {
  /** Decides a call; never throws for a denial. */
  decide(call: CallToAuthorize): Promise<CallDecision>;
  /** Decides a call and throws AWS's AccessDenied (403, Sender) unless it is allowed. */
  enforce(call: CallToAuthorize): Promise<void>;
  /** A user's compiled snapshot (cached); undefined when the user does not exist. */
  userSnapshot(accountId: string, userName: string): Promise<UserSnapshot | undefined>;
  /** Forgets the compiled snapshots of an account: call after every committed IAM write to it. */
  changed(accountId: string): void;
  /** Forgets every snapshot (dev mode's reset). */
  clear(): void;
}

const NO_POLICIES: CompiledPolicySet = compilePolicySet({});
const NO_TAGS: Readonly<Record<string, string>> = Object.freeze({});

/** AWS's AccessDenied for IAM and STS: HTTP 403, the caller's fault. */
export function accessDenied(message: string): AwsError {
  return new AwsError('AccessDenied', message, { status: 403, type: 'Sender' });
}

function principalOf(caller: RootCaller | UserCaller, tags: Readonly<Record<string, string>>): AuthorizeRequest['principal'] {
  return caller.kind === 'root'
    ? { type: 'Root', arn: caller.arn, account: caller.accountId }
    : { type: 'IAMUser', arn: caller.arn, account: caller.accountId, tags };
}

/**
 * Builds the enforcer: every call by a non-root caller is decided by the engine with the caller's
 * identity policies and permissions boundary, read from a compiled in-memory snapshot per user; against
 * the action and resource AWS uses for the operation and the request context AWS builds. The root user
 * may do anything in its own account and, IAM having no resource-based policies, nothing in another
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 */
export function createEnforcer(deps: EnforcerDeps): Enforcer {
  const resolveManaged = deps.resolveManagedPolicy ?? customerManagedPolicyDocument;
  const snapshots = new SnapshotCache<UserSnapshot | undefined>();
  // Target entities (path, tags, boundary) by account, kind and name: dropped with the snapshots, so the
  // hot path reads the store only on the first request after a change.
  const entities = new SnapshotCache<IamEntityRecord | undefined>();
  const entityReads: EntityReads = {
    getEntity: (accountId, kind, name) => entities.get(accountId, `${kind}/${name.toLowerCase()}`, () => deps.store.getEntity(accountId, kind, name)),
  };

  // Callers with temporary credentials, and AssumeRole (the trust policy), are decided apart.
  const sessions = createSessionDecider({
    store: deps.store, partition: deps.partition, now: () => deps.clock.now(), resolveManaged: resolveManaged, entityReads,
  });

  const userSnapshot = (accountId: string, userName: string): Promise<UserSnapshot | undefined> =>
    snapshots.get(accountId, userName.toLowerCase(), async () => {
      const loaded = await deps.store.read((tx) => loadUserPolicies(tx, resolveManaged, deps.partition, accountId, userName));
      return loaded === undefined ? undefined : compileUserSnapshot(loaded);
    });

  /** The request context AWS builds for a user's call (the target's boundary for iam:PermissionsBoundary). */
  const requestContext = (call: CallToAuthorize, caller: RootCaller | UserCaller, snapshot: UserSnapshot | undefined, resource: ResolvedResource) => {
    const target = resource.entity !== undefined && (resource.entity.kind === 'user' || resource.entity.kind === 'role')
      ? dataOf<UserData | RoleData>(resource.entity).permissionsBoundary
      : undefined;
    return buildRequestContext({
      caller,
      principalTags: snapshot?.tags ?? [],
      service: call.service,
      action: call.action,
      input: call.input,
      resource,
      sourceIp: call.sourceIp,
      secureTransport: call.secureTransport,
      now: new Date(deps.clock.now()),
      ...(target !== undefined ? { targetBoundary: target } : {}),
    });
  };

  const decide = async (call: CallToAuthorize): Promise<CallDecision> => {
    const { caller } = call;
    const action = `${call.service}:${call.action}`;
    if (caller.kind === 'anonymous') {
      const resource = await resolveResource(undefined, deps.partition, call);
      const decision = authorize(NO_POLICIES, prepareRequest({ principal: { type: 'Anonymous', arn: '', account: '' }, action, resource: { arn: resource.arn } }));
      return { decision, action, resource, message: accessDeniedMessage(decision, { action, resourceArn: resource.arn }) ?? '' };
    }
    const bySession = await sessions.decide(call);
    if (bySession !== undefined) return bySession;
    if (caller.kind !== 'root' && caller.kind !== 'user') throw new Error(`unexpected caller kind ${caller.kind}`);
    // The root user needs no lookups: only the resource's account matters.
    const snapshot = caller.kind === 'user' ? await userSnapshot(caller.accountId, caller.userName) : undefined;
    const resource = await resolveResource(caller.kind === 'user' ? entityReads : undefined, deps.partition, call);
    const policies = snapshot?.policies ?? NO_POLICIES;
    // No policy to evaluate (the root user, a user deleted meanwhile): the engine decides on the accounts
    // alone, so no request context is built.
    const context = policies === NO_POLICIES ? undefined : requestContext(call, caller, snapshot, resource);
    const request = prepareRequest({
      principal: principalOf(caller, snapshot?.tagRecord ?? NO_TAGS), action, resource: { arn: resource.arn, account: resource.account },
      ...(context !== undefined ? { context } : {}),
    });
    const decision = authorize(policies, request);
    const message = accessDeniedMessage(decision, { principalArn: caller.arn, action, resourceArn: resource.arn });
    return { decision, action, resource, ...(message !== undefined ? { message } : {}) };
  };

  return {
    decide,
    enforce: async (call) => {
      const result = await decide(call);
      if (result.decision.decision !== 'Allow') throw accessDenied(result.message ?? `${result.action} is not allowed`);
    },
    userSnapshot,
    changed: (accountId) => {
      snapshots.drop(accountId);
      entities.drop(accountId);
      sessions.changed(accountId);
    },
    clear: () => {
      snapshots.clear();
      entities.clear();
      sessions.clear();
    },
  };
}
