/** A raw request target split into its path and its decoded query parameters. */
export interface RequestTarget {
  /** The path as received, still percent-encoded. */
  readonly path: string;
  /** Decoded query parameters; a name given several times maps to all its values, in order. */
  readonly query: Readonly<Record<string, string | string[]>>;
}

/**
 * Splits `/path?a=1&b` into its path and decoded query. Decoding is needed because smithy's signer
 * percent-encodes query names and values itself (so `%E1%88%B4` and a raw `ሴ` canonicalize alike).
 * A `+` stays a plus: SigV4 clients encode spaces as `%20`, and botocore signs a literal `+` as `%2B`.
 */
export function parseRequestTarget(target: string): RequestTarget {
  const mark = target.indexOf('?');
  const path = mark === -1 ? target : target.slice(0, mark);
  // A null-prototype record: a parameter named `__proto__` is data, not a prototype change.
  const query = Object.create(null) as Record<string, string | string[]>;
  if (mark !== -1) {
    for (const pair of target.slice(mark + 1).split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const name = decode(eq === -1 ? pair : pair.slice(0, eq));
      const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
      const existing = query[name];
      if (existing === undefined) query[name] = value;
      else if (typeof existing === 'string') query[name] = [existing, value];
      else existing.push(value);
    }
  }
  return { path: path === '' ? '/' : path, query };
}

/** The first value of a query parameter, or `undefined`. */
export function queryValue(target: RequestTarget, name: string): string | undefined {
  const value = target.query[name];
  return typeof value === 'string' ? value : value?.[0];
}

function decode(text: string): string {
  // Most names and values have no escape at all: nothing to decode.
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    // A malformed escape (`%zz`) is kept verbatim; smithy then encodes the `%` and the signature simply
    // fails to match, which is the honest answer for a request no SigV4 client would send.
    return text;
  }
}
