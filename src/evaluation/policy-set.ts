import { actionMatches, type CompiledPolicy, type CompiledStatement } from './compile.js';

/** A statement placed in a group: the policy it came from, its level, and its owning account. */
export interface PlacedStatement {
  readonly statement: CompiledStatement;
  readonly policyIndex: number;
  readonly level: number;
  readonly policyId?: string;
  /** For resource-based policies: the account that owns the resource. */
  readonly account: string;
}

const NONE: readonly PlacedStatement[] = [];

/** Distinct actions remembered per list (then the memo starts over): the actions of a service are few. */
const ACTION_MEMO_LIMIT = 512;

/** Statements and, memoised by lower-cased action, those whose Action / NotAction matches it. */
class ActionIndex {
  readonly statements: PlacedStatement[] = [];
  private readonly memo = new Map<string, readonly PlacedStatement[]>();

  /** The statements whose actions match `action` (lower-cased), in their order. */
  matching(action: string): readonly PlacedStatement[] {
    if (this.statements.length === 0) return NONE;
    let hits = this.memo.get(action);
    if (hits === undefined) {
      const found: PlacedStatement[] = [];
      for (const placed of this.statements) if (actionMatches(placed.statement, action)) found.push(placed);
      hits = found.length === 0 ? NONE : found;
      if (this.memo.size >= ACTION_MEMO_LIMIT) this.memo.clear();
      this.memo.set(action, hits);
    }
    return hits;
  }
}

/**
 * Policies of one type (or one SCP/RCP level) with their statements indexed by service prefix: a request
 * for `s3:GetObject` looks only at statements naming `s3:` actions plus those whose actions span services
 * (`*`, `NotAction`), so policies for other services cost nothing.
 */
export class StatementGroup {
  private readonly byService = new Map<string, ActionIndex>();
  private readonly anyService = new ActionIndex();
  /** Number of policies in the group. */
  readonly size: number;
  /** True when the group holds no statement at all (nothing in it can apply). */
  readonly empty: boolean;

  constructor(policies: readonly { policy: CompiledPolicy; account?: string }[], level = -1) {
    this.size = policies.length;
    let statements = 0;
    policies.forEach(({ policy, account }, policyIndex) => {
      for (const statement of policy.statements) {
        statements++;
        const placed: PlacedStatement = {
          statement, policyIndex, level, account: account ?? '',
          ...(policy.id !== undefined ? { policyId: policy.id } : {}),
        };
        if (statement.services === undefined) {
          this.anyService.statements.push(placed);
          continue;
        }
        for (const service of statement.services) {
          let index = this.byService.get(service);
          if (index === undefined) {
            index = new ActionIndex();
            this.byService.set(service, index);
          }
          index.statements.push(placed);
        }
      }
    });
    this.empty = statements === 0;
  }

  /** Statements naming this service prefix (lower-cased). */
  forService(service: string): readonly PlacedStatement[] {
    return this.byService.get(service)?.statements ?? NONE;
  }

  /** Statements whose actions span services. */
  spanning(): readonly PlacedStatement[] {
    return this.anyService.statements;
  }

  /**
   * The statements of {@link forService} whose Action / NotAction matches the lower-cased `action`, in
   * their order; memoised per action, since a decision's action is one of few.
   */
  forServiceAction(service: string, action: string): readonly PlacedStatement[] {
    return this.byService.get(service)?.matching(action) ?? NONE;
  }

  /** The statements of {@link spanning} whose Action / NotAction matches the lower-cased `action`. */
  spanningAction(action: string): readonly PlacedStatement[] {
    return this.anyService.matching(action);
  }
}

/** A resource-based policy and the account that owns the resource it is attached to. */
export interface ResourcePolicy {
  readonly account: string;
  readonly policy: CompiledPolicy;
}

/** The policies of one request, compiled; build once with {@link compilePolicySet}, decide many times. */
export interface CompiledPolicySet {
  readonly identity: StatementGroup;
  readonly resource: StatementGroup;
  /** Present when the caller has a permissions boundary. */
  readonly boundary?: StatementGroup;
  /** Present when the caller is a session with session policies. */
  readonly session?: StatementGroup;
  /** One group per level of the organization path, root first; absent outside an organization. */
  readonly scps?: readonly StatementGroup[];
  /** Customer RCPs per level; RCPFullAWSAccess is implicit at every level. */
  readonly rcps?: readonly StatementGroup[];
}

/** The compiled policies of a request, by type. */
export interface PolicySetInput {
  readonly identity?: readonly CompiledPolicy[];
  readonly resource?: readonly ResourcePolicy[];
  readonly boundary?: readonly CompiledPolicy[];
  readonly session?: readonly CompiledPolicy[];
  readonly scps?: readonly (readonly CompiledPolicy[])[];
  readonly rcps?: readonly (readonly CompiledPolicy[])[];
}

const wrap = (list: readonly CompiledPolicy[]) => list.map((policy) => ({ policy }));

/**
 * Groups and indexes compiled policies. An empty boundary or session list means none; an empty SCP level
 * allows nothing (SCP levels list exactly the SCPs attached).
 */
export function compilePolicySet(input: PolicySetInput): CompiledPolicySet {
  return {
    identity: new StatementGroup(wrap(input.identity ?? [])),
    resource: new StatementGroup(input.resource ?? []),
    ...(input.boundary && input.boundary.length > 0 ? { boundary: new StatementGroup(wrap(input.boundary)) } : {}),
    ...(input.session && input.session.length > 0 ? { session: new StatementGroup(wrap(input.session)) } : {}),
    ...(input.scps ? { scps: input.scps.map((level, i) => new StatementGroup(wrap(level), i)) } : {}),
    ...(input.rcps ? { rcps: input.rcps.map((level, i) => new StatementGroup(wrap(level), i)) } : {}),
  };
}
