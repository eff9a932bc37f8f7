/**
 * STS's speed (issue 5, item 6), side by side with moto's server in one run:
 *
 *   assume      AssumeRole calls/s at c=32, Ward and moto. In each server (through its API, as its root):
 *               a role trusting the account and a user allowed sts:AssumeRole on it, with a key; then wrk
 *               (`-t2 -c32 --latency`) replays AssumeRole requests pre-signed with that user's key by boto3
 *               (`generate_presigned_url('assume_role', ..., HttpMethod='GET', ExpiresIn=900)`,
 *               bench/support/sts_prepare.py), in rounds taking the servers in turn (the median counts).
 *   verify      The cost of opening a session token, in process: the codec's open (AES-256-GCM, JSON) on
 *               a typical AssumeRole token and on a long (deflated) one; the server's resolver on a cache
 *               miss (two tokens of one key id in turn, so that every call opens and builds the caller) and
 *               on a hit (the same token again). Nanoseconds per call; median of the rounds.
 *   request     GetCallerIdentity on Ward through wrk, signed with the user's long-term key vs with the role
 *               session's credentials (X-Amz-Security-Token), rounds in turn: what a session adds to a whole
 *               request, as the difference of the time per request (1 / rate: Ward's event loop is one
 *               thread, so at saturation that is its CPU time per request) and of the median latency.
 *
 * Environment, to try the harness on less: STS_BENCH_SECONDS (10), STS_BENCH_ROUNDS (3),
 * STS_BENCH_ONLY (comma list of assume, verify, request).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { authenticate, type SignedRequest, type SigningSecretLookup } from '../src/authn/index.js';
import { signQuery } from '../src/authn/test-support/smithy-sign.js';
import { nodeRandom } from '../src/server/node-ports.js';
import { startWardProcess, type WardProcess } from '../src/server/test-support/ward-process.js';
import { type Built, ensureBuilt, wardServe } from './support/build.js';
import { createSessionCredentialResolver, createSessionTokenCodec, sessionCaller, type SessionClaims } from '../src/sts/index.js';
import { freePort, runToEnd, startService } from './support/processes.js';
import { envNumber, errorsIn, formatRate, median, medianP50, medianP99, medianRate, requestsIn } from './support/series.js';
import { errorsOf, rateOf, runWrk, statusSummary, type WrkResult } from './support/wrk.js';
// Types only: a value import of the runner would wait on its top-level await, a cycle that never settles.
import type { BenchResult, Measurement, TargetCheck } from './run.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const SUPPORT = join(ROOT, 'bench', 'support');

const SECONDS = envNumber('STS_BENCH_SECONDS', 10);
const ROUNDS = envNumber('STS_BENCH_ROUNDS', 3);
const ONLY = new Set((process.env.STS_BENCH_ONLY ?? 'assume,verify,request').split(',').map((s) => s.trim()));
const WARMUP_SECONDS = 3;
const THREADS = 2;
const CONNECTIONS = 32;
/** Pre-signed requests per file (wrk cycles through them). */
const REQUESTS_PER_FILE = 2_000;
/** In-process rounds of the verify micro-benchmarks, and the time each takes. */
const MICRO_ROUNDS = 7;
const MICRO_ROUND_MS = 400;
/** moto's default credentials (it checks none). */
const MOTO_KEY = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

interface Server {
  readonly label: string;
  readonly url: string;
  stop(): Promise<void>;
  /** Files of pre-signed request paths (bench/support/sts_prepare.py). */
  readonly files: { readonly assume: string; readonly gciKey: string; readonly gciSession: string };
  readonly prepared: { readonly account: string; readonly roleArn: string; readonly userArn: string; readonly sessionArn: string; readonly sessionTokenChars: number };
}

interface Series {
  readonly label: string;
  readonly rounds: WrkResult[];
}

const ms = (us: number) => `${(us / 1000).toFixed(2)} ms`;

function describeSeries(s: Series): string {
  return `${formatRate(medianRate(s))} req/s (rounds ${s.rounds.map((r) => formatRate(rateOf(r))).join(', ')}), ` +
    `p50 ${ms(medianP50(s))}, p99 ${ms(medianP99(s))} (medians), ${errorsIn(s)} non-2xx or failed of ${formatRate(requestsIn(s))}`;
}

function wrk(server: Server, file: string, seconds: number): Promise<WrkResult> {
  return runWrk({ url: server.url, file, mode: 'cycle', seconds, threads: THREADS, connections: CONNECTIONS });
}

/** `ROUNDS` rounds of wrk, each taking the (server, file) pairs in turn, after a warm-up of each. */
async function rounds(runs: readonly { label: string; server: Server; file: string }[]): Promise<Series[]> {
  for (const r of runs) await wrk(r.server, r.file, WARMUP_SECONDS);
  const series = runs.map((r): Series => ({ label: r.label, rounds: [] }));
  for (let i = 0; i < ROUNDS; i++) {
    for (const [k, r] of runs.entries()) {
      const result = await wrk(r.server, r.file, SECONDS);
      (series[k] as Series).rounds.push(result);
      console.error(`  ${r.label}: ${formatRate(rateOf(result))} req/s, p50 ${ms(result.latencyUs.p50)}, p99 ${ms(result.latencyUs.p99)}, ` +
        `${errorsOf(result)} non-2xx or failed of ${formatRate(result.requests)} (${statusSummary(result)})`);
    }
  }
  return series;
}

async function prepare(label: string, url: string, key: { accessKeyId: string; secretAccessKey: string }, dir: string): Promise<Pick<Server, 'files' | 'prepared'>> {
  const out = join(dir, label.toLowerCase());
  const printed = await runToEnd('python3', [
    join(SUPPORT, 'sts_prepare.py'), '--endpoint', url, '--access-key', key.accessKeyId, '--secret', key.secretAccessKey,
    '--count', String(REQUESTS_PER_FILE), out,
  ]);
  const prepared = JSON.parse(printed.trim().split('\n').pop() ?? '{}') as Server['prepared'];
  return { prepared, files: { assume: join(out, 'assume-role.txt'), gciKey: join(out, 'gci-key.txt'), gciSession: join(out, 'gci-session.txt') } };
}

async function startWard(built: Built, dir: string): Promise<Server> {
  let ward: WardProcess | undefined;
  try {
    ward = await startWardProcess({ dataDir: join(dir, 'ward-data'), command: wardServe(built, join(dir, 'ward-data')) });
    const { accessKeyId, secretAccessKey } = ward;
    if (accessKeyId === undefined || secretAccessKey === undefined) throw new Error('Ward printed no root credentials');
    const ready = await prepare('Ward', ward.url, { accessKeyId, secretAccessKey }, dir);
    const stop = ward.stop.bind(ward);
    return { label: 'Ward', url: ward.url, stop, ...ready };
  } catch (error) {
    await ward?.stop();
    throw error;
  }
}

async function startMoto(dir: string): Promise<Server> {
  const port = await freePort();
  const service = await startService('moto', 'python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    ready: (out) => out.includes('Running on'),
    timeoutMs: 60_000,
  });
  try {
    const url = `http://127.0.0.1:${port}`;
    return { label: 'moto', url, stop: () => service.stop(), ...(await prepare('moto', url, MOTO_KEY, dir)) };
  } catch (error) {
    await service.stop();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------
// In-process: opening session tokens.

/** Runs `fn` in rounds of about MICRO_ROUND_MS after a warm-up; nanoseconds per call, one figure a round. */
function timeNs(fn: () => unknown): { ns: number[]; calls: number } {
  const deadline = (msFromNow: number) => performance.now() + msFromNow;
  for (const end = deadline(300); performance.now() < end;) for (let i = 0; i < 1_000; i++) fn();
  // Calls per round, sized on a probe so that a round lasts about MICRO_ROUND_MS.
  let probe = 0;
  const probeStart = process.hrtime.bigint();
  for (const end = deadline(100); performance.now() < end; probe += 1_000) for (let i = 0; i < 1_000; i++) fn();
  const perCall = Number(process.hrtime.bigint() - probeStart) / probe;
  const calls = Math.max(10_000, Math.round((MICRO_ROUND_MS * 1e6) / perCall));
  const out: number[] = [];
  for (let r = 0; r < MICRO_ROUNDS; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) fn();
    out.push(Number(process.hrtime.bigint() - start) / calls);
  }
  return { ns: out, calls };
}

interface Micro {
  readonly label: string;
  readonly ns: number[];
  readonly calls: number;
}

const arnOf = (caller: ReturnType<typeof sessionCaller>) => (caller.kind === 'anonymous' ? '' : caller.arn);

function verifyMicro(): { micro: Micro[]; notes: string[] } {
  const codec = createSessionTokenCodec(randomBytes(32), nodeRandom);
  const now = Date.now();
  const keyId = 'ASIAQAAAAAAAAAAAAAAA';
  const typical: SessionClaims = {
    secretAccessKey: randomBytes(30).toString('base64'), issuedAt: now, expiresAt: now + 3_600_000,
    principal: { kind: 'assumed-role', accountId: '123456789012', roleArn: 'arn:aws:iam::123456789012:role/sts-bench-role', roleId: 'AROAQAAAAAAAAAAAAAAAA', roleName: 'sts-bench-role', sessionName: 'bench-session' },
  };
  const statements = Array.from({ length: 12 }, (_, i) => ({
    Effect: 'Allow', Action: [`s3:GetObject`, `s3:ListBucket`], Resource: [`arn:aws:s3:::bucket-${i}`, `arn:aws:s3:::bucket-${i}/*`],
  }));
  const long: SessionClaims = {
    ...typical,
    policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
    tags: Array.from({ length: 10 }, (_, i) => ({ Key: `tag-${i}`, Value: `value-${i}` })),
    transitiveTagKeys: ['tag-0', 'tag-1'], sourceIdentity: 'alice',
  };
  const token = codec.seal(keyId, typical);
  const other = codec.seal(keyId, typical);
  const longToken = codec.seal(keyId, long);
  // Checked before timing: every path opens to the claims sealed.
  const opened = codec.open(keyId, token);
  if (opened.secretAccessKey !== typical.secretAccessKey || codec.open(keyId, longToken).policy !== long.policy) throw new Error('the codec does not open what it sealed');
  const resolver = createSessionCredentialResolver(codec, 'aws');
  if (arnOf(resolver(keyId, token, now).caller) !== 'arn:aws:sts::123456789012:assumed-role/sts-bench-role/bench-session') throw new Error('the resolver resolves another caller');
  let sink = 0;
  const micro: Micro[] = [];
  const measure = (label: string, fn: () => number) => {
    const { ns, calls } = timeNs(() => (sink += fn()));
    micro.push({ label, ns, calls });
    console.error(`  ${label}: median ${median(ns).toFixed(0)} ns (rounds ${ns.map((n) => n.toFixed(0)).join(', ')})`);
  };
  measure(`codec.open, typical AssumeRole token (${token.length} chars)`, () => codec.open(keyId, token).expiresAt);
  measure(`codec.open, long token: 1 KB session policy, 10 tags, deflated (${longToken.length} chars)`, () => codec.open(keyId, longToken).expiresAt);
  measure('codec.open + sessionCaller (what the resolver does on a miss)', () => arnOf(sessionCaller('aws', keyId, codec.open(keyId, token))).length);
  // Two tokens of one key id in turn: the resolver's cache (by key id, with the exact token) misses every time.
  let flip = false;
  measure('resolver, cache miss every call (two tokens of one key id in turn)', () => {
    flip = !flip;
    return resolver(keyId, flip ? token : other, now).secretAccessKey.length;
  });
  measure('resolver, cache hit (the same token again)', () => resolver(keyId, token, now).secretAccessKey.length);
  return { micro, notes: [`verify micro-benchmarks: ${MICRO_ROUNDS} rounds of about ${MICRO_ROUND_MS} ms each after a 300 ms warm-up (checksum ${sink % 997})`] };
}

/**
 * Async functions timed in turn, round by round (so that the machine's drifting load weighs on each the
 * same): nanoseconds per call, one figure a round each.
 */
async function interleavedNs(fns: readonly (() => Promise<unknown>)[]): Promise<{ ns: number[]; calls: number }[]> {
  const calls: number[] = [];
  for (const fn of fns) {
    for (const end = performance.now() + 300; performance.now() < end;) for (let i = 0; i < 100; i++) await fn();
    let probe = 0;
    const start = process.hrtime.bigint();
    for (const end = performance.now() + 100; performance.now() < end; probe += 100) for (let i = 0; i < 100; i++) await fn();
    calls.push(Math.max(2_000, Math.round((MICRO_ROUND_MS * 1e6) / (Number(process.hrtime.bigint() - start) / probe))));
  }
  const out = fns.map((_, k) => ({ ns: [] as number[], calls: calls[k] as number }));
  for (let r = 0; r < MICRO_ROUNDS; r++) {
    for (const [k, fn] of fns.entries()) {
      const n = calls[k] as number;
      const start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await fn();
      (out[k] as { ns: number[] }).ns.push(Number(process.hrtime.bigint() - start) / n);
    }
  }
  return out;
}

/**
 * The SigV4 check of one request (src/authn's `authenticate`, as the server runs it): a pre-signed GET
 * GetCallerIdentity signed with a long-term key (its secret found by a map lookup, as the server's credential
 * directory answers from its cache) vs signed with session credentials (the secret from the token through the
 * server's resolver, cached or not). The difference is what a session adds to a request's authentication.
 */
async function authenticateMicro(): Promise<Micro[]> {
  const codec = createSessionTokenCodec(randomBytes(32), nodeRandom);
  const now = Date.now();
  const longTerm = { accessKeyId: 'AKIAQAAAAAAAAAAAAAAA', secretAccessKey: randomBytes(30).toString('base64') };
  const keyId = 'ASIAQAAAAAAAAAAAAAAA';
  const claims: SessionClaims = {
    secretAccessKey: randomBytes(30).toString('base64'), issuedAt: now, expiresAt: now + 3_600_000,
    principal: { kind: 'assumed-role', accountId: '123456789012', roleArn: 'arn:aws:iam::123456789012:role/sts-bench-role', roleId: 'AROAQAAAAAAAAAAAAAAAA', roleName: 'sts-bench-role', sessionName: 'bench-session' },
  };
  const tokens = [codec.seal(keyId, claims), codec.seal(keyId, claims)] as const;
  const sign = (key: { accessKeyId: string; secretAccessKey: string }, sessionToken?: string) => signQuery({
    ...key, ...(sessionToken !== undefined ? { sessionToken } : {}), time: now, method: 'GET', expiresIn: 900,
    query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
  });
  const keyRequest = await sign(longTerm);
  const sessionRequests = [await sign({ accessKeyId: keyId, secretAccessKey: claims.secretAccessKey }, tokens[0]),
    await sign({ accessKeyId: keyId, secretAccessKey: claims.secretAccessKey }, tokens[1])] as const;
  const keyLookup: SigningSecretLookup = (id) => (id === longTerm.accessKeyId ? { secretAccessKey: longTerm.secretAccessKey } : undefined);
  const cachedResolver = createSessionCredentialResolver(codec, 'aws');
  const missingResolver = createSessionCredentialResolver(codec, 'aws');
  const cached: SigningSecretLookup = (id, token) => cachedResolver(id, token, Date.now());
  const missing: SigningSecretLookup = (id, token) => missingResolver(id, token, Date.now());
  const check = async (request: SignedRequest, lookup: SigningSecretLookup, expected: string) => {
    const result = await authenticate(request, lookup, Date.now());
    if (result.accessKeyId !== expected || result.unverified) throw new Error('authenticate did not verify the benchmark request');
  };
  await check(keyRequest, keyLookup, longTerm.accessKeyId);
  await check(sessionRequests[0], cached, keyId);
  await check(sessionRequests[1], missing, keyId);
  let flip = 0;
  const labels = [
    'authenticate(): pre-signed GetCallerIdentity, long-term key',
    'authenticate(): the same with session credentials, resolver cache hit',
    'authenticate(): the same with session credentials, resolver cache miss every call',
  ];
  const timed = await interleavedNs([
    () => authenticate(keyRequest, keyLookup, Date.now()),
    () => authenticate(sessionRequests[0], cached, Date.now()),
    () => authenticate((flip ^= 1) === 1 ? sessionRequests[1] : sessionRequests[0], missing, Date.now()),
  ]);
  return timed.map((t, k) => {
    console.error(`  ${labels[k] as string}: median ${median(t.ns).toFixed(0)} ns (rounds ${t.ns.map((n) => n.toFixed(0)).join(', ')})`);
    return { label: labels[k] as string, ...t };
  });
}

// ---------------------------------------------------------------------------------------------------------

function preflight(): void {
  if (spawnSync('wrk', ['--version']).error !== undefined) throw new Error('wrk is not installed: apt-get install -y wrk (Debian\'s package)');
  if (spawnSync('python3', ['-c', 'import boto3, moto.server']).status !== 0) {
    throw new Error('python3 with boto3 and moto[server] is needed: the benchmark signs with boto3 and runs moto\'s server');
  }
}

function wrkMeasurement(scenario: string, what: string, s: Series): Measurement {
  const rates = s.rounds.map(rateOf);
  return {
    scenario, what, unit: 'requests/s', median: median(rates), min: Math.min(...rates), max: Math.max(...rates), rounds: rates,
    operationsPerRound: Math.round(requestsIn(s) / Math.max(1, s.rounds.length)),
  };
}

/** Runs the benchmark and checks the targets of issue 5, item 6. */
export async function run(): Promise<BenchResult> {
  const needsServers = ONLY.has('assume') || ONLY.has('request');
  if (needsServers) preflight();
  const dir = mkdtempSync(join(tmpdir(), 'ward-bench-sts-'));
  const stops: (() => Promise<void>)[] = [];
  const notes: string[] = [];
  const loadBefore = loadavg();
  let assume: Series[] = [];
  let request: Series[] = [];
  let micro: Micro[] = [];
  let ward: Server | undefined;
  let moto: Server | undefined;
  try {
    if (needsServers) {
      console.error('starting and preparing Ward and moto:');
      const [w, m] = await Promise.all([startWard(ensureBuilt(ROOT, notes), dir), ONLY.has('assume') ? startMoto(dir) : Promise.resolve(undefined)]);
      ward = w;
      moto = m;
      stops.push(w.stop);
      if (m !== undefined) stops.push(m.stop);
      for (const s of [w, m]) if (s !== undefined) console.error(`  ${s.label}: ${JSON.stringify(s.prepared)}`);
    }
    if (ONLY.has('assume') && ward !== undefined && moto !== undefined) {
      console.error('AssumeRole:');
      assume = await rounds([
        { label: 'Ward AssumeRole', server: ward, file: ward.files.assume },
        { label: 'moto AssumeRole', server: moto, file: moto.files.assume },
      ]);
      await moto.stop(); // moto is not needed further: it would only take CPU from the rest.
    }
    if (ONLY.has('request') && ward !== undefined) {
      console.error('GetCallerIdentity on Ward, long-term key vs session credentials:');
      request = await rounds([
        { label: 'Ward GetCallerIdentity, long-term key', server: ward, file: ward.files.gciKey },
        { label: 'Ward GetCallerIdentity, session credentials', server: ward, file: ward.files.gciSession },
      ]);
    }
    for (const stop of stops.splice(0).reverse()) await stop();
    if (ONLY.has('verify')) {
      console.error('session token verification, in process:');
      const result = verifyMicro();
      micro = [...result.micro, ...(await authenticateMicro())];
      notes.push(...result.notes);
    }
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
  const loadAfter = loadavg();

  const measurements: Measurement[] = [];
  const [wardAssume, motoAssume] = assume;
  const [gciKey, gciSession] = request;
  for (const s of assume) measurements.push(wrkMeasurement('assume', `${s.label} (wrk -t${THREADS} -c${CONNECTIONS})`, s));
  for (const s of request) measurements.push(wrkMeasurement('request', `${s.label} (wrk -t${THREADS} -c${CONNECTIONS})`, s));
  for (const m of micro) {
    measurements.push({
      scenario: 'verify', what: m.label, unit: 'ns per call', median: median(m.ns), min: Math.min(...m.ns), max: Math.max(...m.ns), rounds: m.ns,
      operationsPerRound: m.calls,
    });
  }

  const derived: { label: string; value: string }[] = [...assume, ...request].map((s) => ({ label: s.label, value: describeSeries(s) }));
  const x = (v: number) => `${v.toFixed(1)}x`;
  const us = (ns: number) => `${(ns / 1000).toFixed(2)} µs`;
  const assumeRatio = wardAssume !== undefined && motoAssume !== undefined ? medianRate(wardAssume) / medianRate(motoAssume) : undefined;
  if (assumeRatio !== undefined) derived.push({ label: 'AssumeRole calls/s, Ward / moto', value: x(assumeRatio) });
  let perRequestNs: number | undefined;
  if (gciKey !== undefined && gciSession !== undefined) {
    perRequestNs = (1 / medianRate(gciSession) - 1 / medianRate(gciKey)) * 1e9;
    derived.push({ label: 'GetCallerIdentity time per request (1 / rate), long-term key', value: us(1e9 / medianRate(gciKey)) });
    derived.push({ label: 'GetCallerIdentity time per request (1 / rate), session credentials', value: us(1e9 / medianRate(gciSession)) });
    derived.push({ label: 'a session token adds per request (1 / rate, session - key)', value: us(perRequestNs) });
    // Round by round (adjacent runs), to show the noise of the difference.
    const byRound = gciKey.rounds.map((r, i) => (1 / rateOf(gciSession.rounds[i] as WrkResult) - 1 / rateOf(r)) * 1e9);
    derived.push({ label: '  the same, round by round', value: byRound.map(us).join(', ') });
    derived.push({ label: 'median latency p50, session - key (c=32)', value: us((medianP50(gciSession) - medianP50(gciKey)) * 1000) });
  }
  const microOf = (prefix: string) => micro.find((m) => m.label.startsWith(prefix));
  const uncached = microOf('resolver, cache miss');
  const cached = microOf('resolver, cache hit');
  const openTypical = microOf('codec.open, typical');
  const authKey = microOf('authenticate(): pre-signed GetCallerIdentity, long-term key');
  const authHit = microOf('authenticate(): the same with session credentials, resolver cache hit');
  const authMiss = microOf('authenticate(): the same with session credentials, resolver cache miss');
  const addedBy = (session: Micro | undefined) => (session === undefined || authKey === undefined ? undefined : median(session.ns) - median(authKey.ns));
  const addedHit = addedBy(authHit);
  const addedMiss = addedBy(authMiss);
  if (addedHit !== undefined) derived.push({ label: 'authenticate(): a session adds (cache hit, session - key)', value: us(addedHit) });
  if (addedMiss !== undefined) derived.push({ label: 'authenticate(): a session adds (cache miss, session - key)', value: us(addedMiss) });

  const notMeasured = 'not measured';
  const check = (target: string, value: number | undefined, pass: (v: number) => boolean, show: (v: number) => string): TargetCheck =>
    value === undefined ? { target, measured: notMeasured, pass: false } : { target, measured: show(value), pass: pass(value) };
  const wardSeries = [...(wardAssume !== undefined ? [wardAssume] : []), ...request];
  const wardErrors = wardSeries.reduce((sum, s) => sum + errorsIn(s), 0);
  const motoErrors = motoAssume === undefined ? 0 : errorsIn(motoAssume);
  const targets: TargetCheck[] = [
    check('AssumeRole calls/s at c=32 >= 10x moto', assumeRatio, (v) => v >= 10, x),
    check('verifying a session token (codec.open, uncached) < 20 µs', openTypical === undefined ? undefined : median(openTypical.ns), (v) => v < 20_000, us),
    check('verifying a session token (resolver, cache miss) < 20 µs', uncached === undefined ? undefined : median(uncached.ns), (v) => v < 20_000, us),
    check('verifying a session token (resolver, cache hit) < 20 µs', cached === undefined ? undefined : median(cached.ns), (v) => v < 20_000, us),
    check('a request\'s SigV4 authentication (in process) costs < 20 µs more with session credentials, cache miss', addedMiss, (v) => v < 20_000, us),
    check('a request\'s SigV4 authentication (in process) costs < 20 µs more with session credentials, cache hit', addedHit, (v) => v < 20_000, us),
    check('a whole request over HTTP (wrk, 1 / rate) costs < 20 µs more with session credentials (noisy: see round by round)', perRequestNs, (v) => v < 20_000, us),
    wardSeries.length === 0
      ? { target: 'zero non-2xx (Ward and moto, every measured request)', measured: notMeasured, pass: false }
      : {
        target: 'zero non-2xx (Ward and moto, every measured request)',
        measured: `Ward ${wardErrors} of ${formatRate(wardSeries.reduce((sum, s) => sum + requestsIn(s), 0))}, moto ${motoErrors}`,
        pass: wardErrors === 0 && motoErrors === 0,
      },
  ];

  notes.push(`wrk -t${THREADS} -c${CONNECTIONS} -d${SECONDS}s --latency, ${ROUNDS} rounds taking the servers (or the two kinds of credentials) in turn, ` +
    `medians; a ${WARMUP_SECONDS} s warm-up of each first. ${REQUESTS_PER_FILE} requests per file, pre-signed by boto3 (GET, query string, ` +
    'X-Amz-Expires 900), replayed in a cycle by bench/support/wrk-replay.lua; AssumeRole requests differ by RoleSessionName.');
  notes.push('Ward runs its build (node dist/cli/ward.js serve, what the `ward` bin runs) on SQLite in a temporary directory; the in-process micro-benchmarks run the sources through tsx; moto is ' +
    '`python3 -m moto.server` (it checks neither signatures nor trust). Each server is set up through its own API by ' +
    'bench/support/sts_prepare.py as its root: a role trusting the account, a user allowed sts:AssumeRole on it, its key.');
  if (ward !== undefined) notes.push(`Ward: ${JSON.stringify(ward.prepared)}`);
  if (moto !== undefined) notes.push(`moto: ${JSON.stringify(moto.prepared)}`);
  notes.push(`load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`);
  for (const s of [...assume, ...request]) {
    const samples = new Map<string, string>();
    for (const r of s.rounds) for (const [status, body] of Object.entries(r.errorSamples)) if (!samples.has(status)) samples.set(status, body);
    for (const [status, body] of samples) notes.push(`${s.label}: first ${status} answer: ${body.replace(/\s+/g, ' ').slice(0, 300)}`);
  }
  return { title: 'STS: AssumeRole side by side with moto, and what verifying a session token costs (issue 5, item 6)', measurements, derived, targets, notes };
}
