/**
 * The IAM server's speed (issue 4, item 7), side by side in one run with moto's server and with a bare
 * Node HTTP server that does only one SigV4 check per request (bench/support/bare-server.ts: the floor).
 *
 * Ward and moto are seeded with the same 10,000 users and 10,000 roles (each role with one attached
 * customer managed policy, 20 such policies) through their APIs; then wrk (`-t2 -c32 --latency`) replays
 * pre-signed GET requests (boto3's `generate_presigned_url`, bench/support/iam_presign.py) through
 * bench/support/wrk-replay.lua, in rounds that take the servers in turn (the median round counts):
 *
 *   read mix   GetUser, GetRole, ListAttachedRolePolicies in turn, on random users and roles (cycled);
 *   admin mix  CreateUser (fresh names), GetUser, PutUserPolicy and AttachUserPolicy (on seeded users, each
 *              pair once), ListUsers (MaxItems 100), DeleteUser (of seeded empty users) in turn, each
 *              request sent once — built so that a correct server answers every one 2xx.
 *
 * The bare server gets the read mix's requests, signed with its own key. Then two more Wards side by side,
 * one with 1,000 users and one with 100,000: GetUser alone and ListUsers (MaxItems 100, first page or a
 * random Marker) alone on each, and the cost at 100k over the cost at 1k.
 *
 * Non-2xx responses are counted and reported (the target is zero); seeding must succeed entirely, else
 * that server's side is reported as not measured. Environment, to try the harness on less:
 * IAM_BENCH_USERS (10000), IAM_BENCH_SCALE_USERS (100000), IAM_BENCH_SECONDS (10), IAM_BENCH_ROUNDS (3),
 * IAM_BENCH_ONLY (comma list of bare, moto, ward, scale).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { IdPrefix, newEntityId } from '../src/kernel/index.js';
import { nodeRandom } from '../src/server/node-ports.js';
import { startWardProcess, type WardProcess } from '../src/server/test-support/ward-process.js';
import { openStore } from '../src/store/index.js';
import { BARE_ACCESS_KEY_ID, BARE_SECRET_ACCESS_KEY } from './support/bare-server.js';
import { type Built, ensureBuilt, wardServe } from './support/build.js';
import { freePort, runToEnd, type Service, startService } from './support/processes.js';
import { replayErrors, replayOnce, type ReplayResult } from './support/replay.js';
import { envNumber, errorsIn, formatRate, median, medianP50, medianP99, medianRate, requestsIn } from './support/series.js';
import { errorsOf, rateOf, runWrk, statusSummary, type WrkResult } from './support/wrk.js';
// Types only: a value import of the runner would wait on its top-level await, a cycle that never settles.
import type { BenchResult, Measurement, TargetCheck } from './run.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const SUPPORT = join(ROOT, 'bench', 'support');

const USERS = envNumber('IAM_BENCH_USERS', 10_000);
const ROLES = USERS;
const SCALE_SMALL = Math.min(1_000, envNumber('IAM_BENCH_SCALE_USERS', 100_000));
const SCALE_LARGE = envNumber('IAM_BENCH_SCALE_USERS', 100_000);
const SECONDS = envNumber('IAM_BENCH_SECONDS', 10);
const SCALE_SECONDS = Math.max(4, Math.round(SECONDS * 0.6));
const WARMUP_SECONDS = 3;
/** Rounds of each measurement, taking the servers in turn. */
const ROUNDS = envNumber('IAM_BENCH_ROUNDS', 3);
const ONLY = new Set((process.env.IAM_BENCH_ONLY ?? 'bare,moto,ward,scale').split(',').map((s) => s.trim()));
/** Customer managed policies: role i gets policy i mod POLICIES attached; AttachUserPolicy uses them too. */
const POLICIES = 20;
const THREADS = 2;
const CONNECTIONS = 32;
/** Seeding concurrency. */
const SEED_CONCURRENCY = 32;
/** Read-mix requests in the cycled file (each a random user or role). */
const READ_REQUESTS = 30_000;
/** moto's default account. */
const MOTO_ACCOUNT = '123456789012';

// ---------------------------------------------------------------------------------------------------------
// Workload: requests as boto3 names them, pre-signed later for each server.

interface Spec {
  readonly op: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** Zero-padded, so that names list in creation order. */
const userName = (i: number) => `bench-user-${String(i).padStart(6, '0')}`;
const roleName = (i: number) => `bench-role-${String(i).padStart(6, '0')}`;
const policyName = (i: number) => `bench-policy-${String(i).padStart(2, '0')}`;
const doomedName = (i: number) => `bench-doomed-${String(i).padStart(6, '0')}`;
const scaleName = (i: number) => `scale-user-${String(i).padStart(6, '0')}`;
const policyArn = (account: string, i: number) => `arn:aws:iam::${account}:policy/${policyName(i)}`;

const TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const managedDocument = (i: number) => JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::bench-${i}`, `arn:aws:s3:::bench-${i}/*`] }],
});
const INLINE_DOCUMENT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:*:bench-*' }],
});

/** A seeded pseudo-random generator (mulberry32): every server gets the same requests. */
function random(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

function policySpecs(): Spec[] {
  return Array.from({ length: POLICIES }, (_, i) => ({
    op: 'create_policy', params: { PolicyName: policyName(i), PolicyDocument: managedDocument(i), Description: 'IAM benchmark' },
  }));
}

function userAndRoleSpecs(users: number, roles: number): Spec[] {
  const out: Spec[] = [];
  for (let i = 0; i < Math.max(users, roles); i++) {
    if (i < users) out.push({ op: 'create_user', params: { UserName: userName(i) } });
    if (i < roles) out.push({ op: 'create_role', params: { RoleName: roleName(i), AssumeRolePolicyDocument: TRUST_POLICY } });
  }
  return out;
}

function roleAttachSpecs(roles: number, account: string): Spec[] {
  return Array.from({ length: roles }, (_, i) => ({
    op: 'attach_role_policy', params: { RoleName: roleName(i), PolicyArn: policyArn(account, i % POLICIES) },
  }));
}

function namedUserSpecs(name: (i: number) => string, from: number, to: number): Spec[] {
  return Array.from({ length: to - from }, (_, k) => ({ op: 'create_user', params: { UserName: name(from + k) } }));
}

function readMixSpecs(count: number): Spec[] {
  const next = random(1);
  return Array.from({ length: count }, (_, k): Spec => {
    switch (k % 3) {
      case 0: return { op: 'get_user', params: { UserName: userName(next(USERS)) } };
      case 1: return { op: 'get_role', params: { RoleName: roleName(next(ROLES)) } };
      default: return { op: 'list_attached_role_policies', params: { RoleName: roleName(next(ROLES)) } };
    }
  });
}

/**
 * The admin mix: six operations in turn, `count` requests. A round uses the slice of names and (user,
 * policy) pairs that starts at `offset` (the previous rounds' count / 6 added up), so that no two requests
 * of any round repeat a write; its DeleteUser targets are the users `doomedName(offset ...)`, seeded first.
 */
function adminMixSpecs(count: number, offset: number, account: string): Spec[] {
  const next = random(2 + offset);
  return Array.from({ length: count }, (_, k): Spec => {
    const j = offset + Math.floor(k / 6);
    // The j-th PutUserPolicy and AttachUserPolicy go to user j mod USERS, so no pair repeats and no user
    // gets more than ceil(j / USERS) of each (AWS allows 10 attached managed policies per user).
    const turn = Math.floor(j / USERS);
    switch (k % 6) {
      case 0: return { op: 'create_user', params: { UserName: `bench-new-${String(j).padStart(6, '0')}` } };
      case 1: return { op: 'get_user', params: { UserName: userName(next(USERS)) } };
      case 2: return { op: 'put_user_policy', params: { UserName: userName(j % USERS), PolicyName: `bench-inline-${turn}`, PolicyDocument: INLINE_DOCUMENT } };
      case 3: return { op: 'attach_user_policy', params: { UserName: userName(j % USERS), PolicyArn: policyArn(account, turn % POLICIES) } };
      case 4: return { op: 'list_users', params: { MaxItems: 100 } };
      default: return { op: 'delete_user', params: { UserName: doomedName(j) } };
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// Servers and plumbing.

interface Target {
  readonly label: string;
  readonly url: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly accountId: string;
}

class SeedError extends Error {}

let fileCounter = 0;

/** Pre-signs `specs` for `target` with boto3; returns the file of request paths. */
async function presign(target: Target, specs: readonly Spec[], dir: string): Promise<string> {
  const n = fileCounter++;
  const input = join(dir, `specs-${n}.jsonl`);
  const output = join(dir, `paths-${n}.txt`);
  await writeFile(input, specs.map((s) => JSON.stringify(s)).join('\n') + '\n');
  await runToEnd('python3', [
    join(SUPPORT, 'iam_presign.py'), 'presign', '--endpoint', target.url,
    '--access-key', target.accessKeyId, '--secret', target.secretAccessKey, input, output,
  ]);
  return output;
}

/** Seeds through the API; throws SeedError unless every request answered 2xx. */
async function seed(target: Target, what: string, specs: readonly Spec[], dir: string, log: string[]): Promise<ReplayResult> {
  const file = await presign(target, specs, dir);
  const result = await replayOnce(target.url, file, SEED_CONCURRENCY);
  const bad = replayErrors(result);
  const rate = Math.round(result.requests / result.seconds);
  log.push(`${target.label}: seeded ${what}: ${result.requests} requests in ${result.seconds.toFixed(1)} s (${rate}/s)`);
  console.error(`  ${log[log.length - 1]}`);
  if (bad > 0) {
    throw new SeedError(`${target.label}: seeding ${what}: ${bad} of ${result.requests} requests failed ` +
      `(${JSON.stringify(result.statuses)}); first failures: ${JSON.stringify(result.errorSamples)}`);
  }
  return result;
}

async function wrk(target: Target, file: string, mode: 'cycle' | 'once', seconds: number): Promise<WrkResult> {
  return runWrk({ url: target.url, file, mode, seconds, threads: THREADS, connections: CONNECTIONS });
}

async function startMoto(): Promise<{ service: Service; target: Target }> {
  const port = await freePort();
  const service = await startService('moto', 'python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    ready: (out) => out.includes('Running on'),
    timeoutMs: 60_000,
  });
  const target: Target = {
    label: 'moto', url: `http://127.0.0.1:${port}`, accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', accountId: MOTO_ACCOUNT,
  };
  return { service, target };
}

async function startBare(built: Built): Promise<{ service: Service; target: Target }> {
  const port = await freePort();
  const authn = pathToFileURL(join(built.dist, 'authn', 'index.js')).href;
  const service = await startService('bare server', process.execPath, ['--import', 'tsx', join(SUPPORT, 'bare-server.ts'), String(port), authn], {
    cwd: ROOT,
    ready: (out) => out.includes('listening on'),
  });
  const target: Target = {
    label: 'bare', url: `http://127.0.0.1:${port}`, accessKeyId: BARE_ACCESS_KEY_ID,
    secretAccessKey: BARE_SECRET_ACCESS_KEY, accountId: MOTO_ACCOUNT,
  };
  return { service, target };
}

/**
 * Starts Ward's build on `dataDir`. The root credentials are printed on the first start only:
 * pass the first start's `target` as `again` to restart on the same data.
 */
async function startWard(built: Built, dataDir: string, stops: (() => Promise<void>)[], again?: Target): Promise<{ ward: WardProcess; target: Target }> {
  let ward: WardProcess;
  try {
    ward = await startWardProcess({ dataDir, command: wardServe(built, dataDir) });
  } catch (error) {
    // Work on the sources in progress may not start: the Ward side is then not measured.
    throw new SeedError(`Ward did not start: ${error instanceof Error ? error.message.slice(0, 1500) : String(error)}`);
  }
  stops.push(() => ward.stop());
  const accessKeyId = ward.accessKeyId ?? again?.accessKeyId;
  const secretAccessKey = ward.secretAccessKey ?? again?.secretAccessKey;
  if (accessKeyId === undefined || secretAccessKey === undefined) throw new SeedError('Ward printed no root credentials');
  return { ward, target: { label: 'Ward', url: ward.url, accessKeyId, secretAccessKey, accountId: ward.accountId } };
}

/**
 * Adds users `from`..`to - 1` to a stopped Ward's SQLite store directly, through the store port: each a
 * copy of the user `scaleName(0)` that CreateUser made (same shape of record), with its own name, ARN and
 * a new id from the kernel's generator. Seeding 100,000 users through the API would take many minutes at
 * the CreateUser rate this machine gets (one fsync per commit).
 */
async function seedUsersInStore(dataDir: string, accountId: string, from: number, to: number, log: string[]): Promise<void> {
  const started = Date.now();
  const store = await openStore({ dataDir });
  try {
    await store.migrate();
    const template = await store.getEntity(accountId, 'user', scaleName(0));
    if (template === undefined) throw new Error(`the store has no user ${scaleName(0)} to copy`);
    const suffix = `user${template.path}${template.name}`;
    if (!template.arn.endsWith(suffix)) throw new Error(`unexpected ARN ${template.arn} for ${template.name}`);
    const arnPrefix = template.arn.slice(0, -template.name.length);
    for (let start = from; start < to; start += 2_000) {
      await store.transaction(async (tx) => {
        const createdAt = new Date().toISOString();
        for (let i = start; i < Math.min(to, start + 2_000); i++) {
          const name = scaleName(i);
          await tx.createEntity({ ...template, name, arn: `${arnPrefix}${name}`, id: newEntityId(IdPrefix.User, nodeRandom), createdAt });
        }
      });
    }
  } finally {
    await store.close();
  }
  log.push(`Ward: added users ${from}..${to - 1} to the stopped Ward's SQLite store through the store port in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.error(`  ${log[log.length - 1]}`);
}

// ---------------------------------------------------------------------------------------------------------
// Measuring: rounds that take the servers in turn, so that the load of the machine, which drifts, weighs
// on each the same; the median round counts.

/** The wrk runs of one server on one workload. */
interface Series {
  readonly target: string;
  readonly mix: string;
  readonly rounds: WrkResult[];
}

const ms = (us: number) => `${(us / 1000).toFixed(1)} ms`;

function describeRound(s: Series, r: WrkResult): string {
  return `${s.target} ${s.mix}: ${formatRate(rateOf(r))} req/s, p50 ${ms(r.latencyUs.p50)}, p99 ${ms(r.latencyUs.p99)}, ` +
    `${errorsOf(r)} non-2xx or failed of ${formatRate(r.requests)} (${statusSummary(r)})` +
    (r.exhausted > 0 ? `, RAN OUT OF REQUESTS ${r.exhausted} times` : '');
}

function describeSeries(s: Series): string {
  const exhausted = s.rounds.reduce((sum, r) => sum + r.exhausted, 0);
  return `${formatRate(medianRate(s))} req/s (rounds ${s.rounds.map((r) => formatRate(rateOf(r))).join(', ')}), ` +
    `p50 ${ms(medianP50(s))}, p99 ${ms(medianP99(s))} (medians), ${errorsIn(s)} non-2xx or failed of ${formatRate(requestsIn(s))}` +
    (exhausted > 0 ? `, RAN OUT OF REQUESTS ${exhausted} times` : '');
}

async function round(series: Series, target: Target, file: string, mode: 'cycle' | 'once', seconds: number): Promise<void> {
  const result = await wrk(target, file, mode, seconds);
  series.rounds.push(result);
  console.error(`  ${describeRound(series, result)}`);
}

/** Seeds POLICIES policies, USERS users, ROLES roles, one attached policy per role. */
async function seedMain(target: Target, dir: string, log: string[]): Promise<void> {
  await seed(target, `${POLICIES} managed policies`, policySpecs(), dir, log);
  await seed(target, `${USERS} users and ${ROLES} roles`, userAndRoleSpecs(USERS, ROLES), dir, log);
  await seed(target, `${ROLES} role policy attachments`, roleAttachSpecs(ROLES, target.accountId), dir, log);
}

/** The read mix on every target, ROUNDS rounds taking them in turn, after a warm-up of each. */
async function readMix(targets: readonly Target[], dir: string): Promise<Series[]> {
  const files = new Map<Target, string>();
  for (const t of targets) files.set(t, await presign(t, readMixSpecs(READ_REQUESTS), dir));
  for (const t of targets) await wrk(t, files.get(t) as string, 'cycle', WARMUP_SECONDS);
  const series = targets.map((t): Series => ({ target: t.label, mix: 'read mix', rounds: [] }));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, t] of targets.entries()) await round(series[i] as Series, t, files.get(t) as string, 'cycle', SECONDS);
  }
  return series;
}

/**
 * The admin mix on every target, ROUNDS rounds in turn. Each round's file holds what the target would
 * send in the round at twice its read-mix rate (first round) or three times its fastest admin round so far
 * (at least 3,000 requests), so that wrk does not run out; its DeleteUser targets are seeded just before.
 */
async function adminMix(targets: readonly { target: Target; readRate: number }[], dir: string, log: string[]): Promise<Series[]> {
  const series = targets.map(({ target }): Series => ({ target: target.label, mix: 'admin mix', rounds: [] }));
  const offsets = targets.map(() => 0);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, { target, readRate }] of targets.entries()) {
      const s = series[i] as Series;
      const expected = s.rounds.length === 0 ? 2 * readRate : 3 * Math.max(...s.rounds.map(rateOf));
      const count = Math.max(3_000, Math.ceil((expected * SECONDS) / 6) * 6);
      const offset = offsets[i] as number;
      offsets[i] = offset + count / 6;
      await seed(target, `${count / 6} users for round ${r + 1}'s DeleteUser`, namedUserSpecs(doomedName, offset, offset + count / 6), dir, log);
      const file = await presign(target, adminMixSpecs(count, offset, target.accountId), dir);
      await round(s, target, file, 'once', SECONDS);
    }
  }
  return series;
}

/** GetUser alone and ListUsers (MaxItems 100, first page or a random Marker) alone on a Ward of `users` users. */
async function scaleFiles(target: Target, users: number, dir: string): Promise<{ get: string; list: string; pages: number }> {
  const next = random(3);
  const get = await presign(target, Array.from({ length: 20_000 }, () => ({ op: 'get_user', params: { UserName: scaleName(next(users)) } })), dir);
  const markersFile = join(dir, `markers-${users}.txt`);
  await runToEnd('python3', [
    join(SUPPORT, 'iam_presign.py'), 'markers', '--endpoint', target.url, '--access-key', target.accessKeyId,
    '--secret', target.secretAccessKey, '--max-items', '100', markersFile,
  ]);
  const markers = (await readFile(markersFile, 'utf8')).split('\n').filter((m) => m !== '');
  const pages: Spec[] = Array.from({ length: 5_000 }, () => {
    const page = next(markers.length + 1);
    return { op: 'list_users', params: page === 0 ? { MaxItems: 100 } : { MaxItems: 100, Marker: markers[page - 1] } };
  });
  return { get, list: await presign(target, pages, dir), pages: markers.length + 1 };
}

/**
 * Two Wards side by side, one with SCALE_SMALL users (seeded through the API), one with SCALE_LARGE (a
 * copy of the first's data, completed through the store port); GetUser and ListUsers on each, in turn.
 */
async function scaling(built: Built, dir: string, stops: (() => Promise<void>)[], log: string[]): Promise<{ small: Series[]; large: Series[] }> {
  const smallDir = join(dir, 'ward-small');
  const largeDir = join(dir, 'ward-large');
  const first = await startWard(built, smallDir, stops);
  await seed(first.target, `${SCALE_SMALL} users`, namedUserSpecs(scaleName, 0, SCALE_SMALL), dir, log);
  await first.ward.stop();
  cpSync(smallDir, largeDir, { recursive: true });
  await seedUsersInStore(largeDir, first.target.accountId, SCALE_SMALL, SCALE_LARGE, log);
  const small = await startWard(built, smallDir, stops, first.target);
  const large = await startWard(built, largeDir, stops, first.target);
  const sizes = [
    { users: SCALE_SMALL, target: small.target, files: await scaleFiles(small.target, SCALE_SMALL, dir) },
    { users: SCALE_LARGE, target: large.target, files: await scaleFiles(large.target, SCALE_LARGE, dir) },
  ];
  const warmup = WARMUP_SECONDS * 2; // a Ward just started still compiles code on its first requests
  for (const s of sizes) {
    await wrk(s.target, s.files.get, 'cycle', warmup);
    await wrk(s.target, s.files.list, 'cycle', warmup);
  }
  const get = sizes.map((s): Series => ({ target: 'Ward', mix: `GetUser at ${formatRate(s.users)} users`, rounds: [] }));
  const list = sizes.map((s): Series => ({
    target: 'Ward', mix: `ListUsers MaxItems=100 at ${formatRate(s.users)} users (random page of ${s.files.pages})`, rounds: [],
  }));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, s] of sizes.entries()) await round(get[i] as Series, s.target, s.files.get, 'cycle', SCALE_SECONDS);
    for (const [i, s] of sizes.entries()) await round(list[i] as Series, s.target, s.files.list, 'cycle', SCALE_SECONDS);
  }
  await small.ward.stop();
  await large.ward.stop();
  return { small: [get[0] as Series, list[0] as Series], large: [get[1] as Series, list[1] as Series] };
}

// ---------------------------------------------------------------------------------------------------------

function measurement(scenario: string, s: Series, what: string): Measurement {
  const rates = s.rounds.map(rateOf);
  return {
    scenario, what, unit: 'requests/s', median: median(rates), min: Math.min(...rates), max: Math.max(...rates), rounds: rates,
    operationsPerRound: Math.round(requestsIn(s) / Math.max(1, s.rounds.length)),
  };
}

/** Throws a clear message when wrk, boto3 or moto is missing (the benchmark needs all three). */
function preflight(): void {
  if (spawnSync('wrk', ['--version']).error !== undefined) throw new Error('wrk is not installed: apt-get install -y wrk (Debian\'s package)');
  if (spawnSync('python3', ['-c', 'import boto3, moto.server']).status !== 0) {
    throw new Error('python3 with boto3 and moto[server] is needed: the benchmark signs with boto3 and runs moto\'s server');
  }
}

/** Runs the whole benchmark and checks the targets of issue 4, item 7. */
export async function run(): Promise<BenchResult> {
  preflight();
  const notes: string[] = [];
  const built = ensureBuilt(ROOT, notes);
  const log: string[] = [];
  const stops: (() => Promise<void>)[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'ward-bench-iam-'));
  const unmeasured: string[] = [];
  const wardUnavailable = (what: string, error: unknown) => {
    if (!(error instanceof SeedError)) throw error;
    unmeasured.push(`${what}: ${error.message}`);
    console.error(`  ${what} not measured: ${error.message.slice(0, 800)}`);
  };
  const find = (all: readonly Series[], target: string) => all.find((s) => s.target === target);
  let reads: Series[] = [];
  let admins: Series[] = [];
  let scale: { small: Series[]; large: Series[] } | undefined;
  try {
    const targets: Target[] = [];
    if (ONLY.has('bare')) {
      const bare = await startBare(built);
      stops.push(() => bare.service.stop());
      targets.push(bare.target);
    }
    let ward: Target | undefined;
    let moto: Target | undefined;
    const seeding: Promise<void>[] = [];
    if (ONLY.has('ward')) {
      seeding.push((async () => {
        try {
          const started = await startWard(built, join(dir, 'ward-main'), stops);
          await seedMain(started.target, dir, log);
          ward = started.target;
        } catch (error) {
          wardUnavailable('Ward read and admin mixes', error);
        }
      })());
    }
    if (ONLY.has('moto')) {
      seeding.push((async () => {
        const started = await startMoto();
        stops.push(() => started.service.stop());
        await seedMain(started.target, dir, log);
        moto = started.target;
      })());
    }
    console.error(`seeding ${[ONLY.has('ward') ? 'Ward' : '', ONLY.has('moto') ? 'moto' : ''].filter((s) => s !== '').join(' and ')} (at once):`);
    await Promise.all(seeding);
    if (ward !== undefined) targets.push(ward);
    if (moto !== undefined) targets.push(moto);
    console.error('read mix:');
    reads = await readMix(targets, dir);
    const adminTargets = [ward, moto].filter((t): t is Target => t !== undefined)
      .map((target) => ({ target, readRate: medianRate(find(reads, target.label) as Series) }));
    console.error('admin mix:');
    admins = await adminMix(adminTargets, dir, log);
    for (const stop of stops.splice(0).reverse()) await stop();
    if (ONLY.has('scale')) {
      console.error(`Ward at ${formatRate(SCALE_SMALL)} and ${formatRate(SCALE_LARGE)} users:`);
      try {
        scale = await scaling(built, dir, stops, log);
      } catch (error) {
        wardUnavailable('Ward scaling', error);
      }
    }
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }

  // ------------------------------------------------------------------------------------------------------
  const bareRead = find(reads, 'bare');
  const wardRead = find(reads, 'Ward');
  const motoRead = find(reads, 'moto');
  const wardAdmin = find(admins, 'Ward');
  const motoAdmin = find(admins, 'moto');
  const all = [...reads, ...admins, ...(scale?.small ?? []), ...(scale?.large ?? [])];
  const mixWhat = {
    read: 'read mix: GetUser, GetRole, ListAttachedRolePolicies',
    admin: 'admin mix: CreateUser, GetUser, PutUserPolicy, AttachUserPolicy, ListUsers, DeleteUser',
  };
  const measurements: Measurement[] = [];
  if (bareRead !== undefined) measurements.push(measurement('read', bareRead, `bare server (one SigV4 check): ${mixWhat.read}`));
  if (wardRead !== undefined) measurements.push(measurement('read', wardRead, `Ward: ${mixWhat.read}`));
  if (motoRead !== undefined) measurements.push(measurement('read', motoRead, `moto: ${mixWhat.read}`));
  if (wardAdmin !== undefined) measurements.push(measurement('admin', wardAdmin, `Ward: ${mixWhat.admin}`));
  if (motoAdmin !== undefined) measurements.push(measurement('admin', motoAdmin, `moto: ${mixWhat.admin}`));
  for (const s of [...(scale?.small ?? []), ...(scale?.large ?? [])]) measurements.push(measurement('scale', s, `Ward: ${s.mix}`));

  const derived: { label: string; value: string }[] = all.map((s) => ({ label: `${s.target} ${s.mix}`, value: describeSeries(s) }));
  const rate = (s: Series | undefined) => (s === undefined ? undefined : medianRate(s));
  const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? undefined : a / b);
  const x = (v: number) => `${v.toFixed(2)}x`;
  const pct = (v: number) => `${(v * 100).toFixed(0)} %`;
  const readVsMoto = ratio(rate(wardRead), rate(motoRead));
  const readVsBare = ratio(rate(wardRead), rate(bareRead));
  const adminVsMoto = ratio(rate(wardAdmin), rate(motoAdmin));
  const bareP99 = bareRead === undefined ? undefined : medianP99(bareRead);
  const p99Read = ratio(wardRead === undefined ? undefined : medianP99(wardRead), bareP99);
  const p99Admin = ratio(wardAdmin === undefined ? undefined : medianP99(wardAdmin), bareP99);
  const getUserCost = ratio(rate(scale?.small[0]), rate(scale?.large[0]));
  const listUsersCost = ratio(rate(scale?.small[1]), rate(scale?.large[1]));
  const large = formatRate(SCALE_LARGE);
  const small = formatRate(SCALE_SMALL);
  if (readVsMoto !== undefined) derived.push({ label: 'read mix, Ward / moto', value: x(readVsMoto) });
  if (readVsBare !== undefined) derived.push({ label: 'read mix, Ward / bare server', value: pct(readVsBare) });
  if (adminVsMoto !== undefined) derived.push({ label: 'admin mix, Ward / moto', value: x(adminVsMoto) });
  if (p99Read !== undefined) derived.push({ label: 'p99, Ward read mix / bare server', value: x(p99Read) });
  if (p99Admin !== undefined) derived.push({ label: 'p99, Ward admin mix / bare server', value: x(p99Admin) });
  if (getUserCost !== undefined) derived.push({ label: `GetUser cost at ${large} / at ${small} users`, value: x(getUserCost) });
  if (listUsersCost !== undefined) derived.push({ label: `ListUsers page cost at ${large} / at ${small} users`, value: x(listUsersCost) });

  const notMeasured = 'not measured';
  const check = (target: string, value: number | undefined, pass: (v: number) => boolean, show: (v: number) => string): TargetCheck =>
    value === undefined ? { target, measured: notMeasured, pass: false } : { target, measured: show(value), pass: pass(value) };
  const wardSeries = all.filter((s) => s.target === 'Ward');
  const wardErrors = wardSeries.reduce((sum, s) => sum + errorsIn(s), 0);
  const wardRequests = wardSeries.reduce((sum, s) => sum + requestsIn(s), 0);
  const targets: TargetCheck[] = [
    check('read mix >= 20x moto', readVsMoto, (v) => v >= 20, x),
    check('read mix >= 60 % of the bare server', readVsBare, (v) => v >= 0.6, pct),
    check('admin mix >= 10x moto', adminVsMoto, (v) => v >= 10, x),
    check('p99 at c=32, read mix <= 1.5x the bare server\'s', p99Read, (v) => v <= 1.5, x),
    check('p99 at c=32, admin mix <= 1.5x the bare server\'s', p99Admin, (v) => v <= 1.5, x),
    wardSeries.length === 0
      ? { target: 'zero errors (Ward, every measured request)', measured: notMeasured, pass: false }
      : { target: 'zero errors (Ward, every measured request)', measured: `${wardErrors} of ${formatRate(wardRequests)}`, pass: wardErrors === 0 },
    check(`GetUser at ${large} users within 1.5x of its cost at ${small}`, getUserCost, (v) => v <= 1.5, x),
    check(`ListUsers (100 items) at ${large} users within 1.5x of its cost at ${small}`, listUsersCost, (v) => v <= 1.5, x),
  ];

  notes.push(`wrk -t${THREADS} -c${CONNECTIONS} -d${SECONDS}s --latency (scaling: -d${SCALE_SECONDS}s), ${ROUNDS} rounds taking the servers ` +
    `in turn, medians; a ${WARMUP_SECONDS} s warm-up of each server on its read file first (admin mix: none, its requests are used once). ` +
    'Requests pre-signed by boto3 (GET, query string), replayed by bench/support/wrk-replay.lua.');
  notes.push(`Seeded through each server's API (pre-signed requests, ${SEED_CONCURRENCY} at a time; Ward and moto at the same time): ` +
    `${USERS} users, ${ROLES} roles, ${POLICIES} customer managed policies, each role with one attached; the admin mix's DeleteUser ` +
    'targets are extra users seeded before each round.');
  notes.push('Ward runs its build (node dist/cli/ward.js serve, what the `ward` bin runs) on SQLite in a temporary directory, as root of its default account; the bare server checks signatures with the same build (dist/authn).');
  if (scale !== undefined) {
    notes.push(`Scaling: two Wards side by side, ${small} users (CreateUser through the API) and ${large} (a copy of that data, the other ` +
      `users added through the store port while stopped); each a fresh process, warmed up ${WARMUP_SECONDS * 2} s per operation.`);
  }
  for (const line of log) notes.push(line);
  for (const line of unmeasured) notes.push(`NOT MEASURED — ${line}`);
  for (const s of all) {
    const samples = new Map<string, string>();
    for (const r of s.rounds) for (const [status, body] of Object.entries(r.errorSamples)) if (!samples.has(status)) samples.set(status, body);
    for (const [status, body] of samples) notes.push(`${s.target} ${s.mix}: first ${status} answer: ${body.replace(/\s+/g, ' ').slice(0, 300)}`);
  }
  return { title: 'IAM server, side by side with moto and a bare SigV4 server (issue 4, item 7)', measurements, derived, targets, notes };
}
