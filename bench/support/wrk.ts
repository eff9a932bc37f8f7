/**
 * wrk (Debian's package) driving a file of pre-signed request paths through `wrk-replay.lua`, and what
 * its summary line says.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runToEnd } from './processes.js';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'wrk-replay.lua');

/** One wrk run, as `wrk-replay.lua`'s `done()` reports it (microseconds). */
export interface WrkResult {
  readonly durationUs: number;
  readonly requests: number;
  readonly bytes: number;
  readonly socketErrors: { readonly connect: number; readonly read: number; readonly write: number; readonly timeout: number };
  /** wrk's own count of statuses > 399. */
  readonly statusErrors: number;
  readonly latencyUs: { readonly mean: number; readonly max: number; readonly p50: number; readonly p90: number; readonly p99: number; readonly p999: number };
  /** Responses by HTTP status. */
  readonly statuses: Readonly<Record<string, number>>;
  /** The first body of each non-2xx status. */
  readonly errorSamples: Readonly<Record<string, string>>;
  /** How many times a thread ran out of lines in `once` mode (0 when the file was large enough). */
  readonly exhausted: number;
}

/** Requests per second over the run. */
export const rateOf = (r: WrkResult): number => r.requests / (r.durationUs / 1e6);

/** Responses whose status is not 2xx, plus socket errors and timeouts. */
export function errorsOf(r: WrkResult): number {
  let bad = 0;
  for (const [status, n] of Object.entries(r.statuses)) if (!/^2\d\d$/.test(status)) bad += n;
  const s = r.socketErrors;
  return bad + s.connect + s.read + s.write + s.timeout;
}

/** `200: 1234, 409: 2` */
export function statusSummary(r: WrkResult): string {
  return Object.entries(r.statuses).sort(([a], [b]) => a.localeCompare(b)).map(([s, n]) => `${s}: ${n}`).join(', ');
}

export interface WrkOptions {
  /** `http://127.0.0.1:PORT` (the host the paths were signed for). */
  readonly url: string;
  /** File of request paths, one a line. */
  readonly file: string;
  readonly mode: 'cycle' | 'once';
  readonly seconds: number;
  readonly threads: number;
  readonly connections: number;
  /** wrk's per-request timeout. */
  readonly timeoutSeconds?: number;
}

/** Runs wrk once and parses the `WARDBENCH` line. */
export async function runWrk(options: WrkOptions): Promise<WrkResult> {
  const out = await runToEnd('wrk', [
    `-t${options.threads}`, `-c${options.connections}`, `-d${options.seconds}s`, '--latency',
    `--timeout`, `${options.timeoutSeconds ?? 10}s`, '-s', SCRIPT, options.url,
    '--', options.file, options.mode, String(options.threads),
  ]);
  const line = out.split('\n').find((l) => l.startsWith('WARDBENCH '));
  if (line === undefined) throw new Error(`wrk printed no summary:\n${out}`);
  return JSON.parse(line.slice('WARDBENCH '.length)) as WrkResult;
}
