import type { SignedRequest } from '../signed-request.js';

/**
 * Parses a raw HTTP/1.1 request as the SigV4 test suite writes it (`request.txt`, `*-signed-request.txt`) into
 * a {@link SignedRequest} shaped as Ward's server builds it from Node (`fromNodeRequest`):
 * - a repeated header becomes an array of its values in order (Node's `rawHeaders`, not the ", "-joined
 *   `req.headers`), which SigV4 canonicalizes as `a,b,c`;
 * - a folded continuation line (obsolete `obs-fold`) is appended to the previous value with its leading
 *   whitespace, the CRLF dropped — what Node's parser does when `insecureHTTPParser` lets it through (by
 *   default Node answers such a request 400); the signer folds the whitespace run to one space;
 * - OWS around a value is trimmed, as Node does;
 * - the request target is kept byte for byte (spaces and UTF-8 included).
 */
export function parseRawHttpRequest(text: string): SignedRequest {
  const normalized = text.replace(/\r\n/g, '\n');
  const blank = normalized.indexOf('\n\n');
  const head = blank === -1 ? normalized : normalized.slice(0, blank);
  const body = blank === -1 ? '' : normalized.slice(blank + 2);
  const lines = head.split('\n');
  const requestLine = lines.shift() ?? '';
  const firstSpace = requestLine.indexOf(' ');
  const lastSpace = requestLine.lastIndexOf(' ');
  if (firstSpace === -1 || lastSpace <= firstSpace || !requestLine.slice(lastSpace + 1).startsWith('HTTP/')) {
    throw new Error(`not an HTTP request line: ${requestLine}`);
  }
  const headers: Record<string, string[]> = {};
  let last: string[] | undefined;
  for (const line of lines) {
    if (/^[ \t]/.test(line)) {
      if (last === undefined || last.length === 0) throw new Error(`continuation line with no header: ${line}`);
      last[last.length - 1] = `${last[last.length - 1] ?? ''}${line}`.trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`not a header line: ${line}`);
    const name = line.slice(0, colon).toLowerCase();
    last = headers[name] ??= [];
    last.push(line.slice(colon + 1).trim());
  }
  return {
    method: requestLine.slice(0, firstSpace),
    path: requestLine.slice(firstSpace + 1, lastSpace),
    headers,
    body: new TextEncoder().encode(body),
  };
}
