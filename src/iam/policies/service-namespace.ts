import { type GlobPart, globParts } from '../../evaluation/index.js';
import type { Policy } from '../../policy/index.js';

/**
 * Whether a policy "can be used to access" a service, as ListPoliciesGrantingServiceAccess asks it
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPoliciesGrantingServiceAccess.html): only
 * the permissions policy itself counts ("It only applies permissions policy logic"), so a policy grants
 * access to a namespace when one of its `Allow` statements covers some action of that namespace, whatever
 * the statement's Resource and Condition. A `Deny` statement takes nothing away here: the operation lists
 * policies that grant, not the decision that results.
 *
 * **Decision** (no catalogue of every service's actions at run time): an action is `namespace:Name` with a
 * non-empty `Name` holding no colon, and matching is case-insensitive with `*` and `?` as AWS matches them.
 * - `Action`: some pattern can match some such action (`*`, `s3:*`, `s3:Get*`, `s?:*` grant `s3`;
 *   `iam:*` and `s3` do not).
 * - `NotAction`: the statement covers every action no pattern matches, so it grants the namespace unless
 *   one pattern alone matches every action of it (`NotAction: iam:*` grants `s3`; `NotAction: s3:*` or `*`
 *   does not).
 * Without the catalogue two cases may answer otherwise than AWS, which knows each service's actions:
 * patterns that only together cover a whole namespace (`NotAction: [s3:A*, s3:B*, ... s3:Z*]`) are not seen
 * as covering it, and a pattern naming an action the service does not have still counts
 * (`Action: s3:NoSuchAction` grants `s3`).
 */
export function grantsServiceAccess(policy: Policy, namespace: string): boolean {
  return serviceAccessOf(policy)(namespace);
}

/**
 * {@link grantsServiceAccess} for one policy and many namespaces: the policy's Allow statements are
 * compiled once.
 */
export function serviceAccessOf(policy: Policy): (namespace: string) => boolean {
  const statements = policy.statements.filter((s) => s.effect === 'Allow').map((s) => ({
    not: s.action === undefined,
    patterns: (s.action ?? s.notAction ?? []).map((a) => globParts(a.toLowerCase())),
  }));
  return (namespace) => {
    const prefix = `${namespace.toLowerCase()}:`;
    return statements.some(({ not, patterns }) =>
      not ? !patterns.some((p) => matchesAll(p, prefix)) : patterns.some((p) => canMatchSome(p, prefix)));
  };
}

// The wildcard parts of `globParts`' output (src/evaluation/glob.ts): `*` and `?`.
const STAR = 0;
const ONE = 1;

/** A position in a compiled pattern: part `part`, `offset` characters into it when it is literal text. */
interface Position {
  readonly part: number;
  readonly offset: number;
}

/** The positions equal to `p` without consuming input: the end of a literal moves on; a `*` may match nothing. */
function closure(parts: readonly GlobPart[], p: Position, into: Map<string, Position>): void {
  let at = p;
  for (;;) {
    const part = parts[at.part];
    if (typeof part === 'string' && at.offset === part.length) {
      at = { part: at.part + 1, offset: 0 };
      continue;
    }
    into.set(`${at.part}/${at.offset}`, at);
    if (part !== STAR) return;
    at = { part: at.part + 1, offset: 0 };
  }
}

/** The positions the pattern may be at once it has matched the whole of `text` (a prefix of the subject). */
function positionsAfter(parts: readonly GlobPart[], text: string): Position[] {
  let current = new Map<string, Position>();
  closure(parts, { part: 0, offset: 0 }, current);
  for (const c of text) {
    const next = new Map<string, Position>();
    for (const p of current.values()) {
      const part = parts[p.part];
      if (part === undefined) continue;
      if (part === STAR) closure(parts, p, next);
      else if (part === ONE) closure(parts, { part: p.part + 1, offset: 0 }, next);
      else if (part[p.offset] === c) closure(parts, { part: p.part, offset: p.offset + 1 }, next);
    }
    current = next;
  }
  return [...current.values()];
}

/** The pattern left from a position: the rest of its literal, then the parts after it. */
function remainder(parts: readonly GlobPart[], p: Position): GlobPart[] {
  const part = parts[p.part];
  if (part === undefined) return [];
  const rest = parts.slice(p.part + 1);
  return typeof part === 'string' ? [part.slice(p.offset), ...rest] : [part, ...rest];
}

/** True when the pattern matches `prefix` followed by at least one action-name character (no colon). */
function canMatchSome(parts: readonly GlobPart[], prefix: string): boolean {
  return positionsAfter(parts, prefix).some((p) => {
    const rest = remainder(parts, p);
    // Wildcards can produce any name character; literal text must not hold a colon.
    return rest.length > 0 && rest.every((r) => typeof r !== 'string' || !r.includes(':'));
  });
}

/**
 * True when the pattern matches `prefix` followed by every non-empty name: what is left after the prefix is
 * wildcards only, with a `*` and at most one `?` (a name has at least one character).
 */
function matchesAll(parts: readonly GlobPart[], prefix: string): boolean {
  return positionsAfter(parts, prefix).some((p) => {
    const rest = remainder(parts, p);
    return rest.includes(STAR) && rest.every((r) => typeof r !== 'string') && rest.filter((r) => r === ONE).length <= 1;
  });
}
