/**
 * Policy variables (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html):
 * `${aws:username}`, `${aws:PrincipalTag/team, 'default'}`, and the escapes `${*}`, `${?}`, `${$}`.
 * They are recognised only in policies whose Version is 2012-10-17; elsewhere `${...}` is plain text.
 */

/** A piece of a templated value: text as written, a literal character from an escape, or a variable. */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'variable'; readonly key: string; readonly defaultValue?: string };

const ESCAPES: Readonly<Record<string, string>> = { '*': '*', '?': '?', '$': '$' };

/**
 * Splits `text` into parts; `undefined` when it holds no `${`, so callers keep the fast path.
 * A `${` with no closing brace, or whose inside is not `key` or `key, 'default'`, stays plain text.
 */
export function parseTemplate(text: string): readonly TemplatePart[] | undefined {
  if (!text.includes('${')) return undefined;
  const parts: TemplatePart[] = [];
  let buffer = '';
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('${', i);
    if (start < 0) break;
    const parsed = parseVariable(text, start + 2);
    if (parsed === undefined) {
      buffer += text.slice(i, start + 2);
      i = start + 2;
      continue;
    }
    buffer += text.slice(i, start);
    if (buffer !== '') parts.push({ kind: 'text', text: buffer });
    buffer = '';
    parts.push(parsed.part);
    i = parsed.end;
  }
  buffer += text.slice(i);
  if (buffer !== '') parts.push({ kind: 'text', text: buffer });
  return parts.some((p) => p.kind !== 'text') ? parts : undefined;
}

/** Parses the inside of `${...}` starting at `from`; returns the part and the index after `}`. */
function parseVariable(text: string, from: number): { part: TemplatePart; end: number } | undefined {
  let i = from;
  let name = '';
  while (i < text.length && text[i] !== '}' && text[i] !== ',') name += text[i++];
  if (i >= text.length) return undefined;
  const key = name.trim();
  if (text[i] === '}') {
    const escape = ESCAPES[key];
    if (escape !== undefined) return { part: { kind: 'literal', text: escape }, end: i + 1 };
    if (!isKeyName(key)) return undefined;
    return { part: { kind: 'variable', key }, end: i + 1 };
  }
  // `, 'default'` — spaces around are ignored; `''` inside the quotes is one quote.
  i++;
  while (text[i] === ' ') i++;
  if (text[i] !== "'") return undefined;
  i++;
  let value = '';
  for (;;) {
    if (i >= text.length) return undefined;
    const c = text[i];
    if (c === "'") {
      if (text[i + 1] === "'") {
        value += "'";
        i += 2;
        continue;
      }
      i++;
      break;
    }
    value += c;
    i++;
  }
  while (text[i] === ' ') i++;
  if (text[i] !== '}' || !isKeyName(key)) return undefined;
  return { part: { kind: 'variable', key, defaultValue: value }, end: i + 1 };
}

function isKeyName(key: string): boolean {
  return /^[A-Za-z0-9_.:/\-@+=]+$/.test(key) && key.includes(':');
}
