import { createHash } from 'node:crypto';
import type { Caller, RootCaller, SessionFacts, UserCaller } from '../../authn/caller.js';
import {
  type AuthorizeRequest, type CompiledPolicy, type CompiledPolicySet, type ContextInputValue, type Decision, accessDeniedMessage, authorize,
  compilePolicy, compilePolicySet, prepareRequest,
} from '../../evaluation/index.js';
import { parseArn } from '../../kernel/index.js';
import { parsePolicy } from '../../policy/index.js';
import type { Store, StoreReads } from '../../store/port.js';
import type { Tag } from '../records.js';
import type { CallDecision, CallToAuthorize } from './call.js';
import { buildRequestContext, isoSeconds } from './context.js';
import { type ManagedPolicyResolver, loadPrincipalPolicies, loadUserPolicies } from './principal-policies.js';
import type { EntityReads } from './reads.js';
import { entityTags, resolveResource } from './resource.js';
import { SnapshotCache, compileSource } from './snapshot.js';
import { type RoleTrust, TRUST_ACTIONS, inheritedTransitiveTags, roleTrust, trustContextKeys } from './trust-policy.js';

/** A principal's compiled policies for sessions and trust decisions. */
interface PrincipalSet {
  readonly identity: readonly CompiledPolicy[];
  readonly boundary: readonly CompiledPolicy[];
  readonly session: readonly CompiledPolicy[];
  /** The role's or user's own tags (session tags override them). */
  readonly tags: readonly Tag[];
  /** identity + boundary + session, grouped once. */
  readonly set: CompiledPolicySet;
  /** The set with a role's trust policy as the resource-based policy, by the role's compiled trust (or {@link NO_TRUST}). */
  readonly trustSets: WeakMap<object, CompiledPolicySet>;
}

/** What a decision derives from a principal's set and the caller's session alone, kept for the next requests. */
interface Derived {
  /** The principal's tags with the session's over them (aws:PrincipalTag/*). */
  readonly principalTags: readonly Tag[];
  /** The same, as the engine's principal tags. */
  readonly tagRecord: Readonly<Record<string, string>>;
}

/** What the session decider needs from the enforcer. */
export interface SessionDeciderDeps {
  readonly store: Store;
  readonly partition: string;
  readonly now: () => number;
  readonly resolveManaged: ManagedPolicyResolver;
  readonly entityReads: EntityReads;
}

/** Decides the calls the enforcer's user path does not: callers with temporary credentials, and AssumeRole. */
export interface SessionDecider {
  /** The decision, or undefined when the call is not this decider's (a long-term user or root key, not AssumeRole). */
  decide(call: CallToAuthorize): Promise<CallDecision | undefined>;
  changed(accountId: string): void;
  clear(): void;
}

const ALLOW_ALL: CompiledPolicy = compilePolicy(parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }).policy!);
const EMPTY: CompiledPolicy = { statements: [] };
const NO_POLICIES: CompiledPolicySet = compilePolicySet({});
/** Stand-ins for "none" as keys of the derived-value caches (a deleted principal, no session, no such role). */
const NO_PRINCIPAL = {};
const NO_SESSION = {};
const NO_TRUST = {};


// By session object (the resolver hands every request of a session the same one): hashed once.
const FINGERPRINTS = new WeakMap<SessionFacts, string>();

/** A short fingerprint of a session's policies, for the snapshot key. */
function fingerprint(session: SessionFacts | undefined): string {
  if (session === undefined || (session.policy === undefined && (session.policyArns ?? []).length === 0)) return '-';
  let found = FINGERPRINTS.get(session);
  if (found === undefined) {
    found = createHash('sha256').update(session.policy ?? '').update('\0').update((session.policyArns ?? []).join('\0')).digest('base64url').slice(0, 22);
    FINGERPRINTS.set(session, found);
  }
  return found;
}

/** Compiles a session's inline policy and resolves its managed session policies (a missing one allows nothing). */
async function sessionPolicies(tx: StoreReads, resolve: ManagedPolicyResolver, partition: string, accountId: string, session: SessionFacts | undefined): Promise<CompiledPolicy[]> {
  if (session === undefined) return [];
  const out: CompiledPolicy[] = [];
  if (session.policy !== undefined) {
    const parsed = parsePolicy(session.policy, { kind: 'session' });
    out.push(parsed.policy === undefined ? EMPTY : compilePolicy(parsed.policy));
  }
  for (const arn of session.policyArns ?? []) {
    const document = await resolve(tx, partition, accountId, arn);
    out.push(document === undefined ? EMPTY : compileSource({ kind: 'managed', id: arn, document }));
  }
  return out;
}

/** A denial that no policy decides (the message says why). */
const DENIED: Decision = { decision: 'ImplicitDeny', reasons: [{ kind: 'NoAllow', policyType: 'session' }] };

/** IAM operations that, without UserName, act on the caller's own access keys. */
const SELF_KEY_ACTIONS: ReadonlySet<string> = new Set(['CreateAccessKey', 'DeleteAccessKey', 'UpdateAccessKey', 'ListAccessKeys']);

/**
 * What temporary credentials cannot do whatever the policies say
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_sts-comparison.html): GetSessionToken
 * credentials call IAM only with MFA and STS only for AssumeRole and GetCallerIdentity; federated users
 * call no IAM operation and of STS only GetCallerIdentity. Undefined when nothing forbids the call.
 */
function restriction(caller: Caller, service: string, action: string, input: Readonly<Record<string, unknown>>): string | undefined {
  // Without UserName the access-key operations act on the signing identity; a role session is none
  // (AWS: ValidationError "Must specify userName when calling with non-User credentials"). INVARIANT: a
  // role session never reaches keyOwner() without UserName, which would take it for the root user.
  if (caller.kind === 'assumed-role' && service === 'iam' && SELF_KEY_ACTIONS.has(action) && typeof input.UserName !== 'string') {
    return 'Must specify userName when calling with non-User credentials';
  }
  if (caller.kind === 'federated-user') {
    if (service === 'iam' || service === 'sts') return 'Federated users cannot call IAM operations, nor STS operations other than GetCallerIdentity.';
    return undefined;
  }
  if ((caller.kind === 'user' || caller.kind === 'root') && caller.session !== undefined) {
    if (service === 'iam' && caller.session.mfaAuthTime === undefined) return 'IAM operations cannot be called with GetSessionToken credentials that were obtained without MFA.';
    if (service === 'sts' && action !== 'AssumeRole') return `${action} cannot be called with GetSessionToken credentials.`;
  }
  return undefined;
}

/**
 * The session decider. A role session is decided on the role's identity policies and boundary, with the
 * token's session policies (inline `Policy` and `PolicyArns`) as the session policy type
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session); a federated
 * user on the calling user's policies and its session policies (none: nothing allowed); GetSessionToken
 * sessions on the user's own policies. Compiled sets are cached per principal and session-policy
 * fingerprint and dropped with the account's other snapshots. AssumeRole (and TagSession /
 * SetSourceIdentity with it) adds the role's trust policy as the resource-based policy; that set, and the
 * session's merged principal tags, are kept with the objects they derive from and go with them.
 */
export function createSessionDecider(deps: SessionDeciderDeps): SessionDecider {
  const sets = new SnapshotCache<PrincipalSet | undefined>();
  // Roles' compiled trust policies, by the role ARN's account and the exact ARN: dropped with that
  // account's snapshots, so AssumeRole parses and compiles a trust policy once per change.
  const trusts = new SnapshotCache<RoleTrust | undefined>();
  const trustOf = (roleArn: string): Promise<RoleTrust | undefined> => {
    // Parsed once here and handed to roleTrust on a miss (an unparsable ARN names no role).
    const arn = parseArn(roleArn);
    return arn === undefined ? Promise.resolve(undefined) : trusts.get(arn.account, roleArn, () => roleTrust(deps.entityReads, roleArn, arn));
  };

  // INVARIANT: derived values are keyed by the very objects they derive from (the cached principal set, the
  // caller's session, the cached role trust), never by name: `changed` drops those objects from their caches,
  // the next request loads new ones, and what was derived from the old ones is never found again.
  const derived = new WeakMap<object, WeakMap<object, Derived>>();
  const derive = (principal: PrincipalSet | undefined, session: SessionFacts | undefined): Derived => {
    const byPrincipal = principal ?? NO_PRINCIPAL;
    const bySession = session ?? NO_SESSION;
    let forPrincipal = derived.get(byPrincipal);
    if (forPrincipal === undefined) {
      forPrincipal = new WeakMap();
      derived.set(byPrincipal, forPrincipal);
    }
    let found = forPrincipal.get(bySession);
    if (found === undefined) {
      // Session tags override the principal's own tags (aws:PrincipalTag), keys compared ignoring case.
      const tagMap = new Map<string, Tag>();
      for (const tag of [...(principal?.tags ?? []), ...(session?.tags ?? [])]) tagMap.set(tag.Key.toLowerCase(), tag);
      const principalTags = Object.freeze([...tagMap.values()]);
      // Frozen: shared by every request of this principal and session.
      const tagRecord = Object.freeze(Object.fromEntries(principalTags.map((t) => [t.Key, t.Value])));
      found = { principalTags, tagRecord };
      forPrincipal.set(bySession, found);
    }
    return found;
  };
  // Trust sets of a principal that no longer exists (no policies of its own).
  const orphanTrustSets = new WeakMap<object, CompiledPolicySet>();
  // The trust set depends on the principal's policies and the role's trust, not on the caller's session:
  // kept on the principal set, so every session of one principal shares it.
  const trustSet = (principal: PrincipalSet | undefined, found: RoleTrust | undefined): CompiledPolicySet => {
    const key = found ?? NO_TRUST;
    const trustSets = principal?.trustSets ?? orphanTrustSets;
    let set = trustSets.get(key);
    if (set === undefined) {
      set = compilePolicySet({
        identity: principal?.identity ?? [], boundary: principal?.boundary ?? [], session: principal?.session ?? [],
        resource: found !== undefined ? [{ account: found.role.accountId, policy: found.policy }] : [],
      });
      trustSets.set(key, set);
    }
    return set;
  };

  const build = (identity: CompiledPolicy[], boundary: CompiledPolicy[], session: CompiledPolicy[], tags: readonly Tag[]): PrincipalSet =>
    ({ identity, boundary, session, tags, set: compilePolicySet({ identity, boundary, session }), trustSets: new WeakMap() });

  // The root user's sessions: no policies of their own (one object, so what is derived from it is kept).
  const rootSet: Promise<PrincipalSet | undefined> = Promise.resolve(build([], [], [], []));

  const principalSet = (caller: Exclude<Caller, { kind: 'anonymous' }>): Promise<PrincipalSet | undefined> => {
    const { accountId } = caller;
    const session = caller.session;
    switch (caller.kind) {
      case 'root':
        return rootSet;
      case 'user':
        return sets.get(accountId, `user/${caller.userName.toLowerCase()}`, () => deps.store.read(async (tx) => {
          const loaded = await loadUserPolicies(tx, deps.resolveManaged, deps.partition, accountId, caller.userName);
          if (loaded === undefined) return undefined;
          return build(loaded.identity.map(compileSource), loaded.boundary ? [compileSource(loaded.boundary)] : [], [], entityTags(loaded.user));
        }));
      case 'assumed-role':
        return sets.get(accountId, `role/${caller.roleName.toLowerCase()}#${fingerprint(session)}`, () => deps.store.read(async (tx) => {
          const loaded = await loadPrincipalPolicies(tx, deps.resolveManaged, deps.partition, accountId, 'role', caller.roleName);
          // A role deleted (or deleted and created again) since the session began grants its sessions nothing.
          if (loaded === undefined || loaded.entity.id !== caller.roleId) return undefined;
          const sessionSet = await sessionPolicies(tx, deps.resolveManaged, deps.partition, accountId, session);
          return build(loaded.identity.map(compileSource), loaded.boundary ? [compileSource(loaded.boundary)] : [], sessionSet, entityTags(loaded.entity));
        }));
      case 'federated-user':
        return sets.get(accountId, `federated/${(caller.userName ?? '').toLowerCase()}#${fingerprint(session)}`, () => deps.store.read(async (tx) => {
          const sessionSet = await sessionPolicies(tx, deps.resolveManaged, deps.partition, accountId, session);
          // The root user's federated users: the root may do anything, so the session policies alone decide.
          if (caller.userName === undefined) return build([ALLOW_ALL], [], sessionSet, []);
          const loaded = await loadUserPolicies(tx, deps.resolveManaged, deps.partition, accountId, caller.userName);
          if (loaded === undefined) return undefined;
          return build(loaded.identity.map(compileSource), loaded.boundary ? [compileSource(loaded.boundary)] : [], sessionSet, entityTags(loaded.user));
        }));
    }
  };

  const decide = async (call: CallToAuthorize): Promise<CallDecision | undefined> => {
    const { caller } = call;
    if (caller.kind === 'anonymous') return undefined;
    const action = `${call.service}:${call.action}`;
    const assuming = action === 'sts:AssumeRole';
    const session = caller.session;
    if (!assuming && session === undefined) return undefined;

    const resource = await resolveResource(deps.entityReads, deps.partition, call);
    const deny = (message: string): CallDecision => ({ decision: DENIED, action, resource, message });
    // "Roles may not be assumed by root accounts." (AWS's AccessDenied to the root user).
    if (assuming && caller.kind === 'root') return deny('Roles may not be assumed by root accounts.');
    const restricted = restriction(caller, call.service, call.action, call.input);
    if (restricted !== undefined) return deny(restricted);

    const principal = await principalSet(caller);
    const own = derive(principal, session);
    const principalTags = own.principalTags;
    const now = deps.now();
    const context = buildRequestContext({
      caller: caller.kind === 'root' || caller.kind === 'user' ? caller : baseCaller(caller), principalTags: [], service: call.service, action: call.action,
      input: call.input, resource, sourceIp: call.sourceIp, secureTransport: call.secureTransport, now: new Date(now),
    });
    // buildRequestContext's object is this request's own: the principal keys are written over it.
    addPrincipalKeys(context, caller, principalTags, now);
    let trust: CompiledPolicySet | undefined;
    if (TRUST_ACTIONS.has(action)) {
      Object.assign(context, trustContextKeys(caller, call.input, call.mfaAuthenticated === true));
      const found = typeof call.input.RoleArn === 'string' ? await trustOf(call.input.RoleArn) : undefined;
      trust = trustSet(principal, found);
    }
    const policies = trust ?? principal?.set ?? NO_POLICIES;
    const enginePrincipal = principalOf(caller, own.tagRecord);
    const decideOne = (one: string): { decision: Decision; message?: string } => {
      const request = prepareRequest({ principal: enginePrincipal, action: one, resource: { arn: resource.arn, account: resource.account }, context });
      const decision = authorize(policies, request);
      const message = accessDeniedMessage(decision, { principalArn: caller.arn, action: one, resourceArn: resource.arn });
      return { decision, ...(message !== undefined ? { message } : {}) };
    };
    // AssumeRole with session tags needs sts:TagSession, with a source identity (passed or inherited)
    // sts:SetSourceIdentity, both from the same policies (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_permissions-required,
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html#id_credentials_temp_control-access_monitor-perms).
    const actions = [action];
    if (assuming) {
      const tags = Array.isArray(call.input.Tags) && call.input.Tags.length > 0;
      if (tags || inheritedTransitiveTags(caller).length > 0) actions.push('sts:TagSession');
      if (typeof call.input.SourceIdentity === 'string' || session?.sourceIdentity !== undefined) actions.push('sts:SetSourceIdentity');
    }
    for (const one of actions) {
      const result = decideOne(one);
      if (result.decision.decision !== 'Allow' || one === actions[actions.length - 1]) {
        return { decision: result.decision, action: one, resource, ...(result.message !== undefined ? { message: result.message } : {}) };
      }
    }
    return undefined;
  };

  return {
    decide,
    changed: (accountId) => {
      sets.drop(accountId);
      trusts.drop(accountId);
    },
    clear: () => {
      sets.clear();
      trusts.clear();
    },
  };
}

/** A root-shaped stand-in for buildRequestContext's common keys (overridden by {@link addPrincipalKeys}). */
function baseCaller(caller: Exclude<Caller, RootCaller | UserCaller | { kind: 'anonymous' }>): RootCaller {
  return { kind: 'root', accountId: caller.accountId, arn: caller.arn, userId: caller.userId, accessKeyId: caller.accessKeyId };
}

function principalOf(caller: Exclude<Caller, { kind: 'anonymous' }>, tagRecord: Readonly<Record<string, string>>): AuthorizeRequest['principal'] {
  switch (caller.kind) {
    case 'root': return { type: 'Root', arn: caller.arn, account: caller.accountId };
    case 'user': return { type: 'IAMUser', arn: caller.arn, account: caller.accountId, tags: tagRecord };
    case 'assumed-role': return { type: 'AssumedRole', arn: caller.arn, account: caller.accountId, roleArn: caller.roleArn, tags: tagRecord };
    case 'federated-user': return { type: 'FederatedUser', arn: caller.arn, account: caller.accountId, tags: tagRecord };
  }
}

const PRINCIPAL_TYPES = { root: 'Account', user: 'User', 'assumed-role': 'AssumedRole', 'federated-user': 'FederatedUser' } as const;

/**
 * Writes the principal keys of a caller with temporary credentials into `keys`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html): aws:userid
 * (`AROA…:SESSION` for a role session, `ACCOUNT:NAME` for a federated user), aws:PrincipalArn (the role's
 * ARN, path included, for a role session), aws:PrincipalType, aws:TokenIssueTime,
 * aws:MultiFactorAuthPresent (always present for temporary credentials), aws:MultiFactorAuthAge (with
 * MFA), aws:SourceIdentity, aws:FederatedProvider (web identity and SAML sessions), aws:PrincipalTag/*.
 */
function addPrincipalKeys(keys: Record<string, ContextInputValue>, caller: Exclude<Caller, { kind: 'anonymous' }>, tags: readonly Tag[], now: number): void {
  keys['aws:userid'] = caller.userId;
  keys['aws:PrincipalArn'] = caller.kind === 'assumed-role' ? caller.roleArn : caller.arn;
  keys['aws:PrincipalType'] = PRINCIPAL_TYPES[caller.kind];
  for (const tag of tags) keys[`aws:PrincipalTag/${tag.Key}`] = tag.Value;
  const session = caller.session;
  if (session !== undefined) {
    keys['aws:TokenIssueTime'] = isoSeconds(session.issuedAt);
    keys['aws:MultiFactorAuthPresent'] = session.mfaAuthTime !== undefined;
    if (session.mfaAuthTime !== undefined) keys['aws:MultiFactorAuthAge'] = Math.max(0, Math.floor((now - session.mfaAuthTime) / 1000));
    if (session.sourceIdentity !== undefined) keys['aws:SourceIdentity'] = session.sourceIdentity;
    if (session.federatedProvider !== undefined) keys['aws:FederatedProvider'] = session.federatedProvider;
  }
}
