/**
 * Sends a file of pre-signed GET request paths once each, `concurrency` at a time over kept-alive
 * connections: how the IAM benchmark seeds a server (the same signed requests for Ward and moto, and a
 * client that costs next to nothing, so seeding runs at the server's speed).
 */
import { readFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';

export interface ReplayResult {
  readonly requests: number;
  readonly seconds: number;
  /** Responses by HTTP status (`error` for a socket failure). */
  readonly statuses: Readonly<Record<string, number>>;
  /** The first body of each non-2xx status, with its request's Action. */
  readonly errorSamples: Readonly<Record<string, string>>;
}

/** Non-2xx responses and socket failures. */
export function replayErrors(r: ReplayResult): number {
  return Object.entries(r.statuses).filter(([s]) => !/^2\d\d$/.test(s)).reduce((sum, [, n]) => sum + n, 0);
}

function get(agent: Agent, base: URL, path: string): Promise<{ status: string; body: string }> {
  return new Promise((resolve) => {
    const req = request({ host: base.hostname, port: base.port, path, method: 'GET', agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: String(res.statusCode ?? 0), body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => resolve({ status: 'error', body: error.message }));
    });
    req.setTimeout(120_000, () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: 'error', body: error.message }));
    req.end();
  });
}

/** Replays every line of `file` against `url` once; never throws on a failed request (see `statuses`). */
export async function replayOnce(url: string, file: string, concurrency: number): Promise<ReplayResult> {
  const paths = (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '');
  const base = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const statuses: Record<string, number> = {};
  const errorSamples: Record<string, string> = {};
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++] as string;
      const { status, body } = await get(agent, base, path);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (!/^2\d\d$/.test(status) && errorSamples[status] === undefined) {
        errorSamples[status] = `${/Action=([A-Za-z]+)/.exec(path)?.[1] ?? '?'}: ${body.slice(0, 400)}`;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, paths.length) }, worker));
  } finally {
    agent.destroy();
  }
  return { requests: paths.length, seconds: Number(process.hrtime.bigint() - started) / 1e9, statuses, errorSamples };
}
