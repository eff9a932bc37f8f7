import type { SignedRequest } from '../signed-request.js';

/** One request changed in one signed place, named for the test report. */
export interface Tampered {
  readonly what: string;
  readonly request: SignedRequest;
}

/** Changes one character to a different, still printable one (letters and digits stay letters and digits). */
export function bump(char: string): string {
  if (/[a-yA-Y0-8]/.test(char)) return String.fromCharCode(char.charCodeAt(0) + 1);
  if (/[zZ9]/.test(char)) return String.fromCharCode(char.charCodeAt(0) - 1);
  return char === 'a' ? 'b' : 'a';
}

function bumpLast(text: string): string {
  const chars = [...text];
  const last = chars.pop();
  return last === undefined ? 'a' : `${chars.join('')}${bump(last)}`;
}

/**
 * Every single-place change of a signed request: the method; the path; each raw query pair (its last
 * character, so an escape like `%3D` becomes another escape); each signed header's value; the body (one
 * byte changed, or one added to an empty body); and the request time moved by one second.
 * `unsignedQuery` names query parameters the signer did not cover (they are left alone).
 */
export function tamperings(
  request: SignedRequest, signedHeaders: readonly string[], unsignedQuery: readonly string[] = [],
): Tampered[] {
  const out: Tampered[] = [];
  const mark = request.path.indexOf('?');
  const path = mark === -1 ? request.path : request.path.slice(0, mark);
  const query = mark === -1 ? undefined : request.path.slice(mark + 1);
  const withTarget = (p: string, q: string | undefined): string => (q === undefined ? p : `${p}?${q}`);

  out.push({ what: 'method', request: { ...request, method: bumpLast(request.method) } });
  // The last character, because normalization may erase an earlier one (`/example/..` signs as `/`).
  const newPath = path.endsWith('/') ? `${path}x` : bumpLast(path);
  out.push({ what: `path ${newPath}`, request: { ...request, path: withTarget(newPath, query) } });
  if (query !== undefined) {
    const pairs = query.split('&');
    pairs.forEach((pair, i) => {
      const name = pair.split('=')[0] ?? '';
      if (unsignedQuery.includes(name)) return;
      const changed = pairs.map((p, j) => (j === i ? bumpLast(p) : p)).join('&');
      out.push({ what: `query ${name}`, request: { ...request, path: withTarget(path, changed) } });
    });
  }
  for (const name of signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) continue;
    const values = typeof value === 'string' ? [value] : [...value];
    values[0] = bumpLast((values[0] ?? '').trimEnd());
    out.push({ what: `header ${name}`, request: { ...request, headers: { ...request.headers, [name]: values } } });
  }
  const body = new Uint8Array(request.body.length === 0 ? [0x61] : request.body);
  if (request.body.length > 0) body[body.length - 1] = (body[body.length - 1] ?? 0) ^ 0x01;
  out.push({ what: 'body', request: { ...request, body } });
  out.push({ what: 'date', request: shiftDate(request, 1) });
  return out;
}

/** The request with its X-Amz-Date (header or query) moved by `seconds`; unchanged when it has none. */
export function shiftDate(request: SignedRequest, seconds: number): SignedRequest {
  const shift = (text: string): string => {
    const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
    if (match === null) return text;
    const [, y, mo, d, h, mi, s] = match.map(Number) as number[] as [number, number, number, number, number, number, number];
    const ms = Date.UTC(y, mo - 1, d, h, mi, s) + seconds * 1000;
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  };
  const header = request.headers['x-amz-date'];
  if (header !== undefined) {
    const values = typeof header === 'string' ? [header] : [...header];
    values[0] = shift(values[0] ?? '');
    return { ...request, headers: { ...request.headers, 'x-amz-date': values } };
  }
  return { ...request, path: request.path.replace(/([?&]X-Amz-Date=)([0-9TZ]+)/, (_, key: string, value: string) => `${key}${shift(value)}`) };
}
