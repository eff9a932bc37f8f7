import { parseArn } from '../kernel/index.js';
import { statementAppliesToAction } from './compile.js';
import type { Decision, NoAllowReason, PolicyType, Reason, StatementReason } from './decision.js';
import type { CompiledPolicySet, PlacedStatement, StatementGroup } from './policy-set.js';
import { PrincipalMatch } from './principal.js';
import type { PreparedRequest } from './request.js';

/** An Allow statement that applied, with how strongly its Principal named the caller. */
interface AllowHit {
  readonly placed: PlacedStatement;
  readonly type: PolicyType;
  readonly strength: PrincipalMatch;
}

const TYPE_ORDER: Readonly<Record<PolicyType, number>> = { rcp: 0, scp: 1, resource: 2, identity: 3, boundary: 4, session: 5 };

function reason(placed: PlacedStatement, type: PolicyType): StatementReason {
  const s = placed.statement;
  // Built by assignment rather than spreads: this runs on every decision.
  const out: { -readonly [K in keyof StatementReason]: StatementReason[K] } = {
    kind: 'Statement', policyType: type, effect: s.effect, policyIndex: placed.policyIndex, statementIndex: s.index,
  };
  if (placed.level >= 0) out.level = placed.level;
  if (s.sid !== undefined) out.sid = s.sid;
  if (placed.policyId !== undefined) out.policyId = placed.policyId;
  return out;
}

function byOrder(a: StatementReason, b: StatementReason): number {
  return TYPE_ORDER[a.policyType] - TYPE_ORDER[b.policyType] || (a.level ?? 0) - (b.level ?? 0) ||
    a.policyIndex - b.policyIndex || a.statementIndex - b.statementIndex;
}

function noAllow(policyType: PolicyType, level?: number): Decision {
  const r: NoAllowReason = level === undefined ? { kind: 'NoAllow', policyType } : { kind: 'NoAllow', policyType, level };
  return { decision: 'ImplicitDeny', reasons: [r] };
}

/** Role trust policies and KMS key policies must allow the caller themselves, even within one account. */
function resourcePolicyRequired(request: PreparedRequest): boolean {
  if (request.service === 'kms') return true;
  if (request.service !== 'sts') return false;
  const arn = parseArn(request.resource);
  return arn !== undefined && arn.service === 'iam' && arn.resource.startsWith('role/');
}

/** Which Allow hits a decision reports. */
const enum Pick { All, Resource, ResourceDirectOwn, NotResourceUnlessRole }

class Scan {
  denies: PlacedStatement[] | undefined;
  denyTypes: PolicyType[] | undefined;
  allows: AllowHit[] = [];

  constructor(private readonly request: PreparedRequest, private readonly hasBoundary: boolean) {}

  /** Scans one group; true when an Allow statement applied. */
  group(group: StatementGroup, type: PolicyType): boolean {
    if (group.empty) return false;
    this.best = undefined;
    // Only statements whose actions match are scanned (the group memoises them per action).
    const a = this.list(group.forServiceAction(this.request.service, this.request.actionLower), type);
    const b = this.list(group.spanningAction(this.request.actionLower), type);
    // Outside resource-based policies one Allow per group is enough to explain the decision.
    if (this.best !== undefined) this.allows.push({ placed: this.best, type, strength: PrincipalMatch.Direct });
    return a || b;
  }

  private best: PlacedStatement | undefined;

  private list(list: readonly PlacedStatement[], type: PolicyType): boolean {
    let allowed = false;
    for (let i = 0; i < list.length; i++) {
      const placed = list[i] as PlacedStatement;
      const strength = statementAppliesToAction(placed.statement, this.request, this.hasBoundary);
      if (strength === PrincipalMatch.None) continue;
      if (placed.statement.effect === 'Deny') {
        (this.denies ??= []).push(placed);
        (this.denyTypes ??= []).push(type);
      } else {
        allowed = true;
        if (type === 'resource') {
          this.allows.push({ placed, type, strength });
        } else if (this.best === undefined || placed.policyIndex < this.best.policyIndex ||
          (placed.policyIndex === this.best.policyIndex && placed.statement.index < this.best.statement.index)) {
          this.best = placed;
        }
      }
    }
    return allowed;
  }

  /** Counts resource-policy Allow hits: any, naming the caller directly in its account, naming its role. */
  resourceHits(account: string): { any: boolean; direct: boolean; role: boolean } {
    let any = false;
    let direct = false;
    let role = false;
    for (const hit of this.allows) {
      if (hit.type !== 'resource') continue;
      any = true;
      const own = hit.placed.account === '' || hit.placed.account === account;
      if (own && hit.strength === PrincipalMatch.Direct) direct = true;
      if (own && hit.strength === PrincipalMatch.Role) role = true;
    }
    return { any, direct, role };
  }

  /** The reasons of an Allow: SCP allows plus the hits `pick` selects. */
  allowReasons(pick: Pick, account: string): Reason[] {
    const out: StatementReason[] = [];
    for (const hit of this.allows) {
      let keep = hit.type === 'scp';
      if (!keep) {
        switch (pick) {
          case Pick.All:
            keep = true;
            break;
          case Pick.Resource:
            keep = hit.type === 'resource';
            break;
          case Pick.ResourceDirectOwn:
            keep = hit.type === 'resource' && hit.strength === PrincipalMatch.Direct &&
              (hit.placed.account === '' || hit.placed.account === account);
            break;
          case Pick.NotResourceUnlessRole:
            keep = hit.type !== 'resource' || hit.strength === PrincipalMatch.Role;
            break;
        }
      }
      if (keep) out.push(reason(hit.placed, hit.type));
    }
    if (out.length < 2) return out;
    out.sort(byOrder);
    // One statement per policy type (and SCP level) explains an Allow: keep the first of each.
    let kept = 1;
    for (let i = 1; i < out.length; i++) {
      const r = out[i] as StatementReason;
      const last = out[kept - 1] as StatementReason;
      if (r.policyType !== last.policyType || r.level !== last.level) out[kept++] = r;
    }
    out.length = kept;
    return out;
  }
}

/**
 * Decides a request against its compiled policies, following AWS's evaluation logic
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html and
 * reference_policies_evaluation-logic-cross-account.html):
 * 1. an explicit Deny in any applicable policy wins;
 * 2. RCPs: RCPFullAWSAccess is implicit at every level, so only their Deny statements matter;
 * 3. SCPs (not for the management account, nor for anonymous callers or services): every level must allow;
 * 4. the root user in its own account is allowed;
 * 5. same account: a resource-based policy naming the caller itself allows; otherwise an identity-based
 *    policy (or a resource-based policy naming the session's role) must allow, then the permissions
 *    boundary and the session policies, if any, must allow;
 * 6. cross-account: the caller's side as in 5, and a resource-based policy of the resource's account must
 *    allow.
 * Pure and synchronous; it cannot fail, only decide.
 */
export function authorize(set: CompiledPolicySet, request: PreparedRequest): Decision {
  const p = request.principal;
  const isRoot = p.type === 'Root';
  const person = p.type !== 'Anonymous' && p.type !== 'Service' && p.type !== 'WebIdentity';
  const usesIdentity = person && !isRoot;
  const hasBoundary = usesIdentity && set.boundary !== undefined;
  const hasSession = usesIdentity && set.session !== undefined;
  // A resource whose account is unknown (an S3 ARN with no account given) is taken to be the caller's.
  const sameAccount = person && p.account !== '' && (request.resourceAccount === '' || p.account === request.resourceAccount);
  const scpApplies = set.scps !== undefined && person && p.organizationManagementAccount !== true;
  const rcpApplies = set.rcps !== undefined && !(sameAccount && p.organizationManagementAccount === true);

  const scan = new Scan(request, hasBoundary);
  const identityAllows = usesIdentity && scan.group(set.identity, 'identity');
  scan.group(set.resource, 'resource');
  const boundaryAllows = hasBoundary && scan.group(set.boundary!, 'boundary');
  const sessionAllows = hasSession && scan.group(set.session!, 'session');
  let scpLevelDenied = -1;
  if (scpApplies) {
    const levels = set.scps!;
    for (let i = 0; i < levels.length; i++) {
      if (!scan.group(levels[i] as StatementGroup, 'scp') && scpLevelDenied < 0) scpLevelDenied = i;
    }
  }
  if (rcpApplies) {
    const levels = set.rcps!;
    for (let i = 0; i < levels.length; i++) scan.group(levels[i] as StatementGroup, 'rcp');
  }

  if (scan.denies !== undefined) {
    const types = scan.denyTypes!;
    const reasons: StatementReason[] = [];
    for (let i = 0; i < scan.denies.length; i++) reasons.push(reason(scan.denies[i] as PlacedStatement, types[i] as PolicyType));
    if (reasons.length > 1) reasons.sort(byOrder);
    return { decision: 'ExplicitDeny', reasons };
  }
  if (scpLevelDenied >= 0) return noAllow('scp', scpLevelDenied);

  const resource = scan.resourceHits(p.account);
  if (!person) {
    if (!resource.any) return noAllow('resource');
    return { decision: 'Allow', reasons: scan.allowReasons(Pick.Resource, p.account) };
  }
  const required = resourcePolicyRequired(request);
  if (isRoot) {
    if (sameAccount && !required) return { decision: 'Allow', reasons: [{ kind: 'RootUser' }, ...scan.allowReasons(Pick.Resource, p.account)] };
    if (!resource.any) return noAllow('resource');
    return { decision: 'Allow', reasons: scan.allowReasons(Pick.Resource, p.account) };
  }
  if (sameAccount) {
    if (resource.direct) return { decision: 'Allow', reasons: scan.allowReasons(Pick.ResourceDirectOwn, p.account) };
    if (required && !resource.any) return noAllow('resource');
  }
  const viaRole = sameAccount && resource.role;
  if (!identityAllows && !viaRole) return noAllow('identity');
  if (hasBoundary && !boundaryAllows) return noAllow('boundary');
  if (hasSession && !sessionAllows) return noAllow('session');
  // "If there is no session policy, the code checks whether the principal is a role session. If the
  // principal is a role session, then the request is Allowed. Otherwise, the request is implicitly denied."
  if (p.type === 'FederatedUser' && !hasSession) return noAllow('session');
  if (!sameAccount && !resource.any) return noAllow('resource');
  return { decision: 'Allow', reasons: scan.allowReasons(sameAccount ? Pick.NotResourceUnlessRole : Pick.All, p.account) };
}
