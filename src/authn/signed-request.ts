/**
 * A request as the HTTP server received it, before any parsing: what SigV4 verification needs and nothing
 * more. Building it from the wire (not from a framework's parsed view) matters, because the signature covers
 * the exact path, query and header values the client sent.
 */
export interface SignedRequest {
  /** The HTTP method, upper case (`GET`, `POST`). */
  readonly method: string;
  /** The raw request target as received: path and raw query string, still percent-encoded (`/?Action=...`). */
  readonly path: string;
  /**
   * Header values by lower-case name. A name that occurs several times should arrive as an array of its
   * values in order (see {@link headersFromRaw}); a single string is taken as one value.
   */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The raw body bytes (empty for a GET). */
  readonly body: Uint8Array;
}

/**
 * Finds the secret of an access key id; `undefined` when Ward does not know the key. May be sync or async
 * so that a test can pass a plain function and the server a store read. `sessionToken` is the request's
 * X-Amz-Security-Token, for temporary keys whose secret travels sealed inside the token.
 */
export interface SigningSecretLookup {
  (accessKeyId: string, sessionToken?: string):
    Promise<{ secretAccessKey: string } | undefined> | { secretAccessKey: string } | undefined;
}

/** The parts of Node's `IncomingMessage` (or light-my-request's fake) that {@link fromNodeRequest} reads. */
export interface NodeRequestLike {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  /** Names and values interleaved, exactly as received: Node's `rawHeaders`. */
  readonly rawHeaders: readonly string[];
}

/**
 * Groups Node's `rawHeaders` (name, value, name, value, ...) by lower-case name, keeping every occurrence.
 * Why not `req.headers`: Node joins a repeated header with ", " (and keeps only the first of some names),
 * while SigV4 canonicalizes repeated values joined with "," — the joined form would not verify.
 * `req.headersDistinct` would do too, but Fastify's `inject()` does not provide it; `rawHeaders` it does.
 */
export function headersFromRaw(rawHeaders: readonly string[]): Record<string, string[]> {
  const headers: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const value = rawHeaders[i + 1] as string;
    (headers[name] ??= []).push(value);
  }
  return headers;
}

/**
 * Builds a {@link SignedRequest} from a Node request and its raw body: pass Fastify's `request.raw` (not
 * `request.url`, which a rewriteUrl hook may change) and the body as a Buffer, unparsed.
 */
export function fromNodeRequest(request: NodeRequestLike, body: Uint8Array): SignedRequest {
  return {
    method: request.method ?? 'GET',
    path: request.url ?? '/',
    headers: headersFromRaw(request.rawHeaders),
    body,
  };
}

/** The header's values, or `undefined` when absent; `name` must be lower case. */
export function headerValues(request: SignedRequest, name: string): readonly string[] | undefined {
  const value = request.headers[name];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? [value] : value;
}

/** The header's first value, or `undefined` when absent; `name` must be lower case. */
export function firstHeader(request: SignedRequest, name: string): string | undefined {
  return headerValues(request, name)?.[0];
}
