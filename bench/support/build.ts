/**
 * The benchmarks measure what `ward` ships as: the build in dist (`npm run build`, tsc's output), the code
 * the `ward` bin runs, not the sources through tsx (whose keep-names helper alone costs a few per cent on a
 * request). dist is rebuilt first when any source is newer.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time of a non-test `.ts` file under `dir`. */
export function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Whether dist/cli/ward.js is missing or older than a source file in the `sources` directories of src. */
export function distIsStale(root: string, sources: readonly string[]): boolean {
  const built = join(root, 'dist', 'cli', 'ward.js');
  const newest = Math.max(...sources.map((dir) => newestSourceMtime(join(root, 'src', dir))));
  return !existsSync(built) || statSync(built).mtimeMs < newest;
}

/** Where the build is. */
export interface Built {
  /** dist/cli/ward.js: what the `ward` bin runs. */
  readonly wardBin: string;
  readonly dist: string;
}

/** The command line of `ward serve --port 0 --data DIR` from the build (for startWardProcess). */
export function wardServe(built: Built, dataDir: string): { file: string; args: string[] } {
  return { file: process.execPath, args: [built.wardBin, 'serve', '--port', '0', '--data', dataDir] };
}

/**
 * dist, built: runs `npm run build` when dist is stale (any source under src newer) and says so in `notes`.
 * Throws when the build fails: a server benchmark of anything else would not measure Ward as shipped.
 */
export function ensureBuilt(root: string, notes: string[]): Built {
  if (distIsStale(root, ['.'])) {
    const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('`npm run build` failed: the benchmark runs Ward\'s build (dist), so fix the build first');
    notes.push('dist was missing or older than src: rebuilt with `npm run build` first.');
  }
  return { wardBin: join(root, 'dist', 'cli', 'ward.js'), dist: join(root, 'dist') };
}
