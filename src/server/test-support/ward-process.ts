import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** A Ward server running in its own process for a test, and what its banner printed. */
export interface WardProcess {
  readonly url: string;
  readonly port: number;
  readonly accountId: string;
  /** The root credentials from the banner (first start only). */
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly dataDir: string;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Stops the process (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
}

/** A new temporary directory, removed by `remove()`. */
export function tempDir(prefix = 'ward-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * Starts `ward serve --port 0` from the sources (through tsx) and waits for its banner.
 * `command` replaces the whole command line (e.g. `npm start -- ...`).
 */
export async function startWardProcess(options: {
  readonly dataDir: string;
  readonly args?: readonly string[];
  readonly env?: Record<string, string>;
  readonly command?: { readonly file: string; readonly args: readonly string[] };
  readonly timeoutMs?: number;
}): Promise<WardProcess> {
  const command = options.command ?? {
    file: process.execPath,
    args: ['--import', 'tsx', join(repoRoot, 'src/cli/ward.ts'), 'serve', '--port', '0', '--data', options.dataDir, ...(options.args ?? [])],
  };
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  if (options.env?.WARD_DATABASE_URL === undefined) delete env.WARD_DATABASE_URL;
  const child = spawn(command.file, [...command.args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), options.timeoutMs ?? 60_000);
    const check = () => {
      if (/Then try:[\s\S]*get-caller-identity/.test(out) || /Default account \d{12}; its root credentials/.test(out)) {
        clearTimeout(timer);
        resolve(true);
      }
    };
    child.stdout?.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  if (!ready) {
    await stopChild(child, exited);
    throw new Error(`ward did not start.\nstdout:\n${out}\nstderr:\n${err}`);
  }
  const url = /listening on (http:\/\/\S+)/.exec(out)?.[1] ?? '';
  const accountId = /(?:Created the default account|Default account) (\d{12})/.exec(out)?.[1] ?? '';
  const accessKeyId = /export AWS_ACCESS_KEY_ID=(\S+)/.exec(out)?.[1];
  const secretAccessKey = /export AWS_SECRET_ACCESS_KEY=(\S+)/.exec(out)?.[1];
  return {
    url,
    port: Number(new URL(url).port),
    accountId,
    ...(accessKeyId !== undefined ? { accessKeyId } : {}),
    ...(secretAccessKey !== undefined ? { secretAccessKey } : {}),
    dataDir: options.dataDir,
    stdout: () => out,
    stderr: () => err,
    stop: () => stopChild(child, exited),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  // The whole process group: `npm start` runs node below a shell.
  try {
    process.kill(-(child.pid ?? 0), 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    try {
      process.kill(-(child.pid ?? 0), 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
    await exited;
  }
}
