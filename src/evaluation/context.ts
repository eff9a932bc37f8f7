/**
 * The request context: condition keys and their values. Key names are case-insensitive
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html), so keys
 * are looked up lower-cased; values are kept as text, as AWS compares them.
 */
import { parseArn } from '../kernel/index.js';
import type { RequestPrincipal } from './principal.js';

/** A context value as the JSON interface accepts it. */
export type ContextInputValue = string | number | boolean | readonly (string | number | boolean)[];

/** One key's values, and a cache of their parsed forms per operator family (filled lazily). */
export interface ContextEntry {
  readonly values: readonly string[];
  /** True when the caller supplied a list (a multivalued key), even of one value. */
  readonly multi: boolean;
  /** The operator family of {@link ContextEntry.parsedList} (the first family asked for). */
  parsedFamily?: string;
  /** The parsed values for {@link ContextEntry.parsedFamily}. */
  parsedList?: readonly unknown[];
  /** The parsed values for any further family. */
  parsed?: Map<string, readonly unknown[]>;
}

/** The caller a context derives its principal keys from (see `derivePrincipalKeys` in request.ts). */
export type ContextPrincipal = RequestPrincipal & { readonly tags?: Readonly<Record<string, string>> };

/** The entry of one value as given: a list is multivalued; every value is kept as its text. */
function entryOf(value: ContextInputValue): ContextEntry {
  const multi = Array.isArray(value);
  const list = (multi ? value : [value]) as readonly (string | number | boolean)[];
  return { values: list.map(String), multi };
}

/** Lower-cased key names, memoised: requests repeat the same few keys. Bounded; cleared when full. */
const LOWER = new Map<string, string>();
const LOWER_LIMIT = 4096;

/** `key.toLowerCase()`, memoised. */
export function lowerKeyName(key: string): string {
  let lower = LOWER.get(key);
  if (lower === undefined) {
    lower = key.toLowerCase();
    if (LOWER.size >= LOWER_LIMIT) LOWER.clear();
    LOWER.set(key, lower);
  }
  return lower;
}

const PRINCIPAL_TYPE: Readonly<Record<string, string>> = {
  IAMUser: 'User', AssumedRole: 'AssumedRole', Root: 'Account', FederatedUser: 'FederatedUser',
};

/** The last path segment of an ARN resource (`user/path/name` -> `name`). */
function lastSegment(resource: string): string {
  return resource.slice(resource.lastIndexOf('/') + 1);
}

/** Marks a derived key the principal does not set. */
const ABSENT = Symbol('absent');

/**
 * The value of one principal key AWS derives for an authenticated request, as `derivePrincipalKeys`
 * (request.ts) sets it when the caller did not give it; {@link ABSENT} when it derives none for this caller.
 * Computed only when a condition or a variable asks for the key.
 */
function derivedValue(principal: ContextPrincipal, lower: string): ContextInputValue | typeof ABSENT {
  const type = principal.type;
  if (type === 'Service' || type === 'WebIdentity') return ABSENT;
  if (type === 'Anonymous') {
    if (lower === 'aws:principaltype') return 'Anonymous';
    if (lower === 'aws:userid') return 'anonymous';
    return ABSENT;
  }
  switch (lower) {
    case 'aws:principalarn':
      return type === 'AssumedRole' && principal.roleArn ? principal.roleArn : principal.arn;
    case 'aws:principalaccount':
      return principal.account !== '' ? principal.account : ABSENT;
    case 'aws:principaltype':
      return PRINCIPAL_TYPE[type] as string;
    case 'aws:username': {
      if (type !== 'IAMUser') return ABSENT;
      const arn = parseArn(principal.arn);
      return arn ? lastSegment(arn.resource) : ABSENT;
    }
    case 'aws:userid': {
      if (type === 'Root') return principal.account;
      if (type !== 'FederatedUser') return ABSENT;
      const arn = parseArn(principal.arn);
      return arn ? `${principal.account}:${lastSegment(arn.resource)}` : ABSENT;
    }
    default:
      break;
  }
  const tags = principal.tags;
  // `aws:PrincipalTag/` is ASCII, so the lower-cased key of a tag always starts with its lower-cased form.
  if (tags && lower.startsWith('aws:principaltag/')) {
    // The first tag whose key matches wins, as with setDefault in tag order.
    for (const key of Object.keys(tags)) if (`aws:PrincipalTag/${key}`.toLowerCase() === lower) return tags[key] as string;
  }
  return ABSENT;
}

/** The principal keys in the order `derivePrincipalKeys` sets them (tags follow, in their order). */
const PRINCIPAL_KEYS = ['aws:PrincipalArn', 'aws:PrincipalAccount', 'aws:PrincipalType', 'aws:username', 'aws:userid'];

const EMPTY: readonly string[] = [];

/**
 * The context keys of one request, looked up case-insensitively.
 *
 * A context built by {@link RequestContext.from} or by `prepareRequest` reads its input lazily: nothing is
 * copied, lower-cased or derived until a condition or a policy variable asks for a key, and then only that
 * key's entry is built (and kept, with its parsed values, for the rest of the request's decisions). The
 * answers are those of the eager construction: the last of several keys differing only in case wins, a
 * derived principal key never overrides a key given in the context. The input must not change after the
 * context is built. {@link RequestContext.set} and {@link RequestContext.setDefault} first copy everything
 * into a map, as the eager construction did.
 */
export class RequestContext {
  /** Every entry by lower-cased key, once materialised (always after `set` / `setDefault`). */
  private entries: Map<string, ContextEntry> | undefined;
  /** The raw input keys and their lower-cased forms, listed on the first lookup. */
  private names: readonly string[] | undefined;
  private lowered: readonly string[] | undefined;
  /** Entries built so far, by index in `names`. */
  private built: (ContextEntry | undefined)[] | undefined;
  /** Derived principal keys built so far (null: asked for, not derived). */
  private derived: Map<string, ContextEntry | null> | undefined;

  /**
   * An empty context, or (`input`, `principal`) a lazy view of a request's context and of the principal
   * keys derived from its caller.
   */
  constructor(
    private readonly input?: Readonly<Record<string, ContextInputValue>>,
    private readonly principal?: ContextPrincipal,
  ) {
    if (input === undefined && principal === undefined) this.entries = new Map();
  }

  /** Builds a context from `{key: value | [values]}`. */
  static from(input: Readonly<Record<string, ContextInputValue>> | undefined): RequestContext {
    return new RequestContext(input);
  }

  /** Sets a key (replacing any value it had). */
  set(key: string, value: ContextInputValue): void {
    this.materialise().set(key.toLowerCase(), entryOf(value));
  }

  /** Sets a key only when it is not already present. */
  setDefault(key: string, value: ContextInputValue): void {
    const entries = this.materialise();
    const lower = key.toLowerCase();
    if (!entries.has(lower)) entries.set(lower, entryOf(value));
  }

  /** The entry of a lower-cased key, or undefined when the key is absent. */
  get(lowerKey: string): ContextEntry | undefined {
    if (this.entries !== undefined) return this.entries.get(lowerKey);
    const input = this.input;
    if (input !== undefined) {
      let names = this.names;
      let lowered = this.lowered as readonly string[];
      if (names === undefined) {
        names = Object.keys(input);
        const out: string[] = new Array<string>(names.length);
        for (let i = 0; i < names.length; i++) out[i] = lowerKeyName(names[i] as string);
        this.names = names;
        this.lowered = lowered = out;
      }
      // The last key wins, as when each key replaced the one before.
      for (let i = lowered.length - 1; i >= 0; i--) {
        if (lowered[i] === lowerKey) {
          const built = (this.built ??= []);
          return (built[i] ??= entryOf(input[names[i] as string] as ContextInputValue));
        }
      }
    }
    const principal = this.principal;
    if (principal === undefined) return undefined;
    const derived = (this.derived ??= new Map());
    let entry = derived.get(lowerKey);
    if (entry === undefined) {
      const value = derivedValue(principal, lowerKey);
      entry = value === ABSENT ? null : entryOf(value);
      derived.set(lowerKey, entry);
    }
    return entry ?? undefined;
  }

  /** The single value of a key usable as a policy variable; undefined when absent or multivalued. */
  variable(lowerKey: string): string | undefined {
    const entry = this.get(lowerKey);
    if (entry === undefined || entry.values.length !== 1 || entry.multi) return undefined;
    return entry.values[0];
  }

  /** Copies the lazy view into the entry map: the input's keys in order, then the derived principal keys. */
  private materialise(): Map<string, ContextEntry> {
    if (this.entries !== undefined) return this.entries;
    const entries = new Map<string, ContextEntry>();
    const input = this.input;
    if (input !== undefined) {
      for (const key of Object.keys(input)) entries.set(key.toLowerCase(), entryOf(input[key] as ContextInputValue));
    }
    const principal = this.principal;
    if (principal !== undefined) {
      const names = principal.tags ? [...PRINCIPAL_KEYS, ...Object.keys(principal.tags).map((k) => `aws:PrincipalTag/${k}`)] : PRINCIPAL_KEYS;
      for (const name of names) {
        const lower = name.toLowerCase();
        if (entries.has(lower)) continue;
        const value = derivedValue(principal, lower);
        if (value !== ABSENT) entries.set(lower, entryOf(value));
      }
    }
    this.entries = entries;
    this.names = this.lowered = EMPTY;
    this.built = this.derived = undefined;
    return entries;
  }
}

/** The parsed forms of an entry's values for one operator family, computed once per request. */
export function parsedValues<T>(entry: ContextEntry, family: string, parse: (v: string) => T | undefined): readonly (T | undefined)[] {
  const first = entry.parsedFamily;
  if (first === family) return entry.parsedList as readonly (T | undefined)[];
  if (first === undefined) {
    const values = entry.values.map(parse);
    entry.parsedFamily = family;
    entry.parsedList = values;
    return values;
  }
  let cache = entry.parsed;
  if (cache === undefined) {
    cache = new Map();
    entry.parsed = cache;
  }
  let values = cache.get(family) as readonly (T | undefined)[] | undefined;
  if (values === undefined) {
    values = entry.values.map(parse);
    cache.set(family, values);
  }
  return values;
}
