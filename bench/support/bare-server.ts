/**
 * The floor of the IAM benchmark: a bare `node:http` server that does, for each request, only what one
 * SigV4 check costs — Ward's own `authenticate()` from src/authn with one fixed key — and answers a small
 * XML body. No routing, no store, no authorization, no framework.
 *
 *   node --import tsx bench/support/bare-server.ts [PORT [AUTHN]]    (prints `listening on http://127.0.0.1:PORT`)
 *
 * AUTHN is the module `authenticate()` comes from: the benchmark passes the build's (dist/authn/index.js),
 * so that the floor runs the same compiled code as the Ward it is compared with; the sources' by default.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import type { authenticate, fromNodeRequest } from '../../src/authn/index.js';
import { isAwsError } from '../../src/kernel/index.js';

/** The one key the bare server knows; the benchmark signs its requests with it. */
export const BARE_ACCESS_KEY_ID = 'AKIAWARDBENCHBARE001';
export const BARE_SECRET_ACCESS_KEY = 'wardBenchBareSecretKey0000000000000000000';

const OK_BODY = Buffer.from(
  '<GetUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetUserResult><User>' +
  '<UserName>bare</UserName></User></GetUserResult><ResponseMetadata><RequestId>0</RequestId>' +
  '</ResponseMetadata></GetUserResponse>',
);

const lookup = (accessKeyId: string) => (accessKeyId === BARE_ACCESS_KEY_ID ? { secretAccessKey: BARE_SECRET_ACCESS_KEY } : undefined);

function answer(res: ServerResponse, status: number, body: Buffer): void {
  res.writeHead(status, { 'content-type': 'text/xml', 'content-length': body.length });
  res.end(body);
}

/** What the bare server needs of src/authn (or of the build's copy of it). */
interface Authn {
  readonly authenticate: typeof authenticate;
  readonly fromNodeRequest: typeof fromNodeRequest;
}

async function handle({ authenticate, fromNodeRequest }: Authn, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    await authenticate(fromNodeRequest(req, Buffer.concat(chunks)), lookup, Date.now());
    answer(res, 200, OK_BODY);
  } catch (error) {
    const code = isAwsError(error) ? error.code : 'InternalFailure';
    answer(res, isAwsError(error) ? error.status : 500, Buffer.from(`<ErrorResponse><Error><Code>${code}</Code></Error></ErrorResponse>`));
  }
}

/** Starts the bare server on 127.0.0.1 (`port` 0 picks a free one), checking signatures with `authn`. */
export function startBareServer(port: number, authn: Authn): Promise<{ server: Server; port: number }> {
  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => void handle(authn, req, res));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address !== null ? address.port : port });
    });
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const authn = (await import(process.argv[3] ?? '../../src/authn/index.js')) as Authn;
  const { server, port } = await startBareServer(Number(process.argv[2] ?? '0'), authn);
  console.log(`listening on http://127.0.0.1:${port}`);
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
