import { readdirSync, readFileSync } from 'node:fs';

/** The SigV4 test suite of awslabs/aws-c-auth, kept in the shared test data beside the repository. */
export const VECTORS_DIR = new URL('../../../../shared/testdata/sigv4/v4/', import.meta.url);

/** One case of the suite: its context and its two signed forms (Authorization header, presigned query). */
export interface SigV4Vector {
  readonly name: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly region: string;
  readonly service: string;
  /** The signing time, ms since the epoch. */
  readonly time: number;
  readonly expiresSeconds: number;
  /** The signer added X-Amz-Security-Token after signing (so it is not part of the signature). */
  readonly omitSessionToken: boolean;
  readonly headerSigned: string;
  readonly querySigned: string;
  readonly headerSignature: string;
  readonly querySignature: string;
}

interface Context {
  credentials: { access_key_id: string; secret_access_key: string; token?: string };
  expiration_in_seconds: number;
  region: string;
  service: string;
  timestamp: string;
  omit_session_token?: boolean;
}

/** Every case of the suite, sorted by name. */
export function loadSigV4Vectors(): SigV4Vector[] {
  return readdirSync(VECTORS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const read = (file: string): string => readFileSync(new URL(`${name}/${file}`, VECTORS_DIR), 'utf8');
      const context = JSON.parse(read('context.json')) as Context;
      return {
        name,
        accessKeyId: context.credentials.access_key_id,
        secretAccessKey: context.credentials.secret_access_key,
        ...(context.credentials.token !== undefined ? { sessionToken: context.credentials.token } : {}),
        region: context.region,
        service: context.service,
        time: Date.parse(context.timestamp),
        expiresSeconds: context.expiration_in_seconds,
        omitSessionToken: context.omit_session_token === true,
        headerSigned: read('header-signed-request.txt'),
        querySigned: read('query-signed-request.txt'),
        headerSignature: read('header-signature.txt').trim(),
        querySignature: read('query-signature.txt').trim(),
      };
    });
}
