/**
 * Wildcard matching as AWS does it: `*` matches any run of characters (`:` and `/` included), `?` exactly
 * one. Patterns are compiled once into a matcher; matching never builds a regular expression.
 */

/** A compiled pattern piece: literal text, `STAR` (`*`) or `ONE` (`?`). */
export type GlobPart = string | typeof STAR | typeof ONE;
/** The `*` piece. */
export const STAR = 0;
/** The `?` piece. */
export const ONE = 1;

/** A compiled matcher: true when the whole subject matches. */
export type Matcher = (subject: string) => boolean;

/** Splits a pattern into parts; `*` and `?` become wildcards, everything else is literal. */
export function globParts(pattern: string): GlobPart[] {
  const parts: GlobPart[] = [];
  let literal = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*' || c === '?') {
      if (literal !== '') parts.push(literal);
      literal = '';
      // INVARIANT: no two STARs in a row, so backtracking stays linear in practice.
      if (c === '*' && parts[parts.length - 1] === STAR) continue;
      parts.push(c === '*' ? STAR : ONE);
    } else {
      literal += c;
    }
  }
  if (literal !== '') parts.push(literal);
  return parts;
}

/** True when `parts` match the whole of `subject` (greedy with single-star backtracking). */
export function matchParts(parts: readonly GlobPart[], subject: string): boolean {
  let p = 0;
  let s = 0;
  let starPart = -1;
  let starSubject = 0;
  const n = parts.length;
  const len = subject.length;
  for (;;) {
    if (p < n) {
      const part = parts[p] as GlobPart;
      if (part === STAR) {
        starPart = ++p;
        starSubject = s;
        continue;
      }
      if (part === ONE) {
        if (s < len) {
          p++;
          s++;
          continue;
        }
      } else if (subject.startsWith(part, s)) {
        p++;
        s += part.length;
        continue;
      }
    } else if (s === len) {
      return true;
    }
    if (starPart < 0 || starSubject >= len) return false;
    p = starPart;
    s = ++starSubject;
  }
}

/** Compiles parts into the cheapest matcher for their shape. */
export function compileParts(parts: readonly GlobPart[]): Matcher {
  if (parts.length === 0) return (s) => s === '';
  if (parts.length === 1) {
    const only = parts[0] as GlobPart;
    if (only === STAR) return () => true;
    if (only === ONE) return (s) => s.length === 1;
    return (s) => s === only;
  }
  if (parts.length === 2 && typeof parts[0] === 'string' && parts[1] === STAR) {
    const prefix = parts[0];
    return (s) => s.startsWith(prefix);
  }
  if (parts.length === 2 && parts[0] === STAR && typeof parts[1] === 'string') {
    const suffix = parts[1];
    return (s) => s.endsWith(suffix);
  }
  if (parts.length === 3 && typeof parts[0] === 'string' && parts[1] === STAR && typeof parts[2] === 'string') {
    // `prefix*suffix`: the star takes whatever lies between, which must not overlap either end.
    const prefix = parts[0];
    const suffix = parts[2];
    const least = prefix.length + suffix.length;
    return (s) => s.length >= least && s.startsWith(prefix) && s.endsWith(suffix);
  }
  return (s) => matchParts(parts, s);
}

/** Compiles a wildcard pattern (`*`, `?`) into a matcher. */
export function compileGlob(pattern: string): Matcher {
  return compileParts(globParts(pattern));
}

/** True when the pattern holds a wildcard. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}
