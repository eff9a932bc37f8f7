import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SignedRequest } from '../signed-request.js';

/** What a test signs: a Query-protocol call by default (STS GetCallerIdentity as a form POST). */
export interface SignInput {
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly sessionToken?: string;
  readonly region?: string;
  readonly service?: string;
  readonly time: number;
  readonly method?: string;
  readonly path?: string;
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Send x-amz-content-sha256 (smithy's applyChecksum). */
  readonly checksum?: boolean;
}

/** The test key pair of the SigV4 suite. */
export const TEST_KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

function build(input: SignInput): { signer: SignatureV4; request: HttpRequest } {
  const body = input.body ?? (input.method === 'GET' ? '' : 'Action=GetCallerIdentity&Version=2011-06-15');
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: input.accessKeyId ?? TEST_KEY.accessKeyId,
      secretAccessKey: input.secretAccessKey ?? TEST_KEY.secretAccessKey,
      ...(input.sessionToken !== undefined ? { sessionToken: input.sessionToken } : {}),
    },
    region: input.region ?? 'us-east-1',
    service: input.service ?? 'sts',
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: input.checksum ?? false,
  });
  const request = new HttpRequest({
    method: input.method ?? 'POST',
    hostname: 'sts.amazonaws.com',
    path: input.path ?? '/',
    query: input.query ?? {},
    headers: {
      host: 'sts.amazonaws.com',
      ...(body !== '' ? { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } : {}),
      ...input.headers,
    },
    body,
  });
  return { signer, request };
}

/** Signs with an Authorization header, as an SDK would, and returns the request as Ward would receive it. */
export async function signHeader(input: SignInput): Promise<SignedRequest> {
  const { signer, request } = build(input);
  const signed = await signer.sign(request, { signingDate: new Date(input.time) });
  return toSigned(signed);
}

/** Presigns (query-string authentication) for `expiresIn` seconds. */
export async function signQuery(input: SignInput & { expiresIn: number }): Promise<SignedRequest> {
  const { signer, request } = build(input);
  const signed = await signer.presign(request, { signingDate: new Date(input.time), expiresIn: input.expiresIn });
  return toSigned(signed);
}

/** The slice of smithy's signed request read here (its own type lives in @smithy/types, not a dependency). */
interface SmithySigned {
  readonly method: string;
  readonly path: string;
  readonly query?: Record<string, string | string[] | null | undefined>;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

function toSigned(request: SmithySigned): SignedRequest {
  const query = Object.entries(request.query ?? {})
    .flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) =>
      `${encodeURIComponent(name)}=${encodeURIComponent(String(v ?? ''))}`))
    .join('&');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  return {
    method: request.method,
    path: query === '' ? request.path : `${request.path}?${query}`,
    headers,
    body: new TextEncoder().encode(typeof request.body === 'string' ? request.body : ''),
  };
}
