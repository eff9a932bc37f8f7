/**
 * `npm run bench [-- NAME...]`: runs every benchmark in `bench/` (each `bench/<name>.ts` exports `run()`),
 * or only those named; prints a table per benchmark and writes `bench/results/<name>.json`.
 * It measures and never gates: a missed target still exits 0. A benchmark that throws (a scenario whose
 * decisions are not the expected ones) exits 1, because its figures would mean nothing.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** One measured figure: a rate over several rounds (median, min, max). */
export interface Measurement {
  /** Short scenario label, as the issue names it (`a`, `b`, ...). */
  readonly scenario: string;
  /** What was timed, in a few words. */
  readonly what: string;
  readonly unit: string;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** The rate of every round, in order. */
  readonly rounds: readonly number[];
  /** Operations timed per round. */
  readonly operationsPerRound: number;
}

/** A target of the issue, checked against a measurement. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly pass: boolean;
}

/** What a benchmark's `run()` returns. */
export interface BenchResult {
  readonly title: string;
  readonly measurements: readonly Measurement[];
  /** Derived figures (ratios), by label. */
  readonly derived?: readonly { readonly label: string; readonly value: string }[];
  readonly targets?: readonly TargetCheck[];
  readonly notes?: readonly string[];
}

/**
 * The shape of a `bench/<name>.ts` module. It may import this file's types but not its values: a value
 * import would wait on the runner's top-level await, a cycle that never settles.
 */
interface BenchModule {
  run(): Promise<BenchResult>;
}

const here = dirname(fileURLToPath(import.meta.url));

/** Benchmark names: every `bench/*.ts` except this runner. */
async function available(): Promise<string[]> {
  const files = await readdir(here);
  return files
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts') && f !== 'run.ts')
    .map((f) => f.slice(0, -'.ts'.length))
    .sort();
}

async function cpuModel(): Promise<string> {
  try {
    const text = await readFile('/proc/cpuinfo', 'utf8');
    return /^model name\s*:\s*(.+)$/m.exec(text)?.[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** `1234567.8` -> `1,234,568`. */
function formatRate(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i >= 3 && i <= 5 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function print(name: string, result: BenchResult): void {
  console.log(`\n== ${name}: ${result.title}\n`);
  console.log(table(
    ['scenario', 'what', 'unit', 'median', 'min', 'max', 'rounds'],
    result.measurements.map((m) => [
      m.scenario, m.what, m.unit, formatRate(m.median), formatRate(m.min), formatRate(m.max),
      `${m.rounds.length} x ${formatRate(m.operationsPerRound)}`,
    ]),
  ));
  const derived = result.derived ?? [];
  if (derived.length > 0) {
    console.log('');
    for (const d of derived) console.log(`${d.label}: ${d.value}`);
  }
  const targets = result.targets ?? [];
  if (targets.length > 0) {
    console.log('');
    for (const t of targets) console.log(`${t.pass ? 'PASS' : 'MISS'}  ${t.target} — measured ${t.measured}`);
  }
  for (const note of result.notes ?? []) console.log(`note: ${note}`);
}

async function main(args: readonly string[]): Promise<number> {
  const command = args.length > 0 ? `npm run bench -- ${args.join(' ')}` : 'npm run bench';
  const names = await available();
  const unknown = args.filter((a) => !names.includes(a));
  if (unknown.length > 0) {
    console.error(`unknown benchmark ${unknown.join(', ')}; available: ${names.join(', ')}`);
    return 2;
  }
  const selected = args.length > 0 ? [...args] : names;
  const machine = { nproc: availableParallelism(), cpu: await cpuModel(), node: process.version, platform: `${process.platform} ${process.arch}` };
  console.log(`machine: ${machine.nproc} cores, ${machine.cpu}, node ${machine.node}`);
  await mkdir(join(here, 'results'), { recursive: true });
  let failed = false;
  for (const name of selected) {
    const started = new Date();
    let result: BenchResult;
    try {
      const module = (await import(pathToFileURL(join(here, `${name}.ts`)).href)) as Partial<BenchModule>;
      if (typeof module.run !== 'function') throw new Error(`bench/${name}.ts does not export run()`);
      result = await module.run();
      if (!Array.isArray(result?.measurements)) throw new Error(`bench/${name}.ts: run() returned no measurements`);
    } catch (error) {
      console.error(`\n== ${name}: FAILED\n${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      failed = true;
      continue;
    }
    print(name, result);
    const file = join(here, 'results', `${name}.json`);
    const record = {
      name, command, date: started.toISOString(),
      durationSeconds: (Date.now() - started.getTime()) / 1000, machine, ...result,
    };
    await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
    console.log(`\nwritten ${join('bench', 'results', `${name}.json`)}`);
  }
  return failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
