import { type CompiledPolicy, type CompiledPolicySet, compilePolicy, compilePolicySet } from '../../evaluation/index.js';
import { parsePolicy } from '../../policy/index.js';
import type { IamEntityRecord } from '../../store/port.js';
import type { Tag } from '../records.js';
import type { PolicySource, UserPolicies } from './principal-policies.js';
import { entityTags } from './resource.js';

/** A user's policies compiled once for any number of decisions, with where each came from. */
export interface UserSnapshot {
  readonly user: IamEntityRecord;
  readonly tags: readonly Tag[];
  /** The same tags, as the engine's principal tags (built once per snapshot, not per request). */
  readonly tagRecord: Readonly<Record<string, string>>;
  readonly policies: CompiledPolicySet;
  /** `identity[i]` is the source of the identity policy with `policyIndex` i in the decision's reasons. */
  readonly sources: { readonly identity: readonly PolicySource[]; readonly boundary?: PolicySource };
}

const EMPTY: CompiledPolicy = { statements: [] };

/**
 * Compiles one stored policy. Stored documents were validated when written; one that no longer parses
 * allows nothing (an empty policy) rather than failing every request of its principal.
 */
export function compileSource(source: PolicySource): CompiledPolicy {
  const parsed = parsePolicy(source.document);
  if (parsed.policy === undefined) return EMPTY;
  // Only managed policies are named in AccessDenied messages, by ARN, as AWS does.
  return compilePolicy(parsed.policy, source.kind === 'managed' ? { id: source.id } : {});
}

/** Compiles a user's loaded policies into a snapshot. */
export function compileUserSnapshot(loaded: UserPolicies): UserSnapshot {
  const identity = loaded.identity.map(compileSource);
  const policies = compilePolicySet({
    identity,
    ...(loaded.boundary !== undefined ? { boundary: [compileSource(loaded.boundary)] } : {}),
  });
  const tags = entityTags(loaded.user);
  return {
    user: loaded.user,
    tags,
    tagRecord: Object.freeze(Object.fromEntries(tags.map((t) => [t.Key, t.Value]))),
    policies,
    sources: { identity: loaded.identity, ...(loaded.boundary !== undefined ? { boundary: loaded.boundary } : {}) },
  };
}

const MAX_SNAPSHOTS = 50_000;

/**
 * Compiled snapshots per principal, built on first use and kept in memory; `drop(accountId)` forgets an
 * account's snapshots after any committed IAM write to it, so the next request sees the change.
 * INVARIANT: a snapshot is cached as a promise from the moment its load starts, so a `drop` during the
 * load also discards that load's result; the next request loads again.
 */
export class SnapshotCache<T> {
  private readonly accounts = new Map<string, Map<string, Promise<T>>>();
  private size = 0;

  /** The principal's snapshot, loading it with `load` when not cached. A failed load is not cached. */
  get(accountId: string, principalKey: string, load: () => Promise<T>): Promise<T> {
    let account = this.accounts.get(accountId);
    const cached = account?.get(principalKey);
    if (cached !== undefined) return cached;
    if (this.size >= MAX_SNAPSHOTS) this.clear();
    if (account === undefined || !this.accounts.has(accountId)) {
      account = new Map();
      this.accounts.set(accountId, account);
    }
    const owner = account;
    const loading = load();
    owner.set(principalKey, loading);
    this.size += 1;
    loading.catch(() => {
      if (this.accounts.get(accountId) === owner && owner.get(principalKey) === loading) {
        owner.delete(principalKey);
        this.size -= 1;
      }
    });
    return loading;
  }

  /** Forgets every snapshot of an account. */
  drop(accountId: string): void {
    const account = this.accounts.get(accountId);
    if (account === undefined) return;
    this.size -= account.size;
    this.accounts.delete(accountId);
  }

  /** Forgets everything. */
  clear(): void {
    this.accounts.clear();
    this.size = 0;
  }

  /** How many snapshots are cached (for tests and metrics). */
  get count(): number {
    return this.size;
  }
}
