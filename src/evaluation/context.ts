/**
 * The request context: condition keys and their values. Key names are case-insensitive
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html), so keys
 * are stored lower-cased; values are kept as text, as AWS compares them.
 */

/** A context value as the JSON interface accepts it. */
export type ContextInputValue = string | number | boolean | readonly (string | number | boolean)[];

/** One key's values, and a cache of their parsed forms per operator family (filled lazily). */
export interface ContextEntry {
  readonly values: readonly string[];
  /** True when the caller supplied a list (a multivalued key), even of one value. */
  readonly multi: boolean;
  parsed?: Map<string, readonly unknown[]>;
}

/** The context keys of one request, looked up case-insensitively. */
export class RequestContext {
  private readonly entries = new Map<string, ContextEntry>();

  /** Builds a context from `{key: value | [values]}`. */
  static from(input: Readonly<Record<string, ContextInputValue>> | undefined): RequestContext {
    const context = new RequestContext();
    if (input) for (const key of Object.keys(input)) context.set(key, input[key] as ContextInputValue);
    return context;
  }

  /** Sets a key (replacing any value it had). */
  set(key: string, value: ContextInputValue): void {
    const multi = Array.isArray(value);
    const list = (multi ? value : [value]) as readonly (string | number | boolean)[];
    this.entries.set(key.toLowerCase(), { values: list.map(String), multi });
  }

  /** Sets a key only when it is not already present. */
  setDefault(key: string, value: ContextInputValue): void {
    if (!this.entries.has(key.toLowerCase())) this.set(key, value);
  }

  /** The entry of a lower-cased key, or undefined when the key is absent. */
  get(lowerKey: string): ContextEntry | undefined {
    return this.entries.get(lowerKey);
  }

  /** The single value of a key usable as a policy variable; undefined when absent or multivalued. */
  variable(lowerKey: string): string | undefined {
    const entry = this.entries.get(lowerKey);
    if (entry === undefined || entry.values.length !== 1 || entry.multi) return undefined;
    return entry.values[0];
  }
}

/** The parsed forms of an entry's values for one operator family, computed once per request. */
export function parsedValues<T>(entry: ContextEntry, family: string, parse: (v: string) => T | undefined): readonly (T | undefined)[] {
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
