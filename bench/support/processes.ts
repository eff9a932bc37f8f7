/**
 * Child processes of the IAM benchmark (moto, the bare server, wrk, python): started with a readiness
 * check, stopped by their own pid, and all killed when the benchmark's process exits, even on failure.
 */
import { type ChildProcess, spawn } from 'node:child_process';

/** A long-running child: its output so far, and how to stop it. */
export interface Service {
  readonly name: string;
  readonly pid: number;
  readonly output: () => string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

process.once('exit', () => {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

// The harness's free port is the tests' own (src must not import bench, so it lives there).
export { freePort } from '../../src/store/test-support/free-port.js';

/** Resolves with the exit code, or -1 when the program could not be started (ENOENT...). */
function track(child: ChildProcess): Promise<number | null> {
  running.add(child);
  return new Promise((resolve) => {
    const done = (code: number | null) => {
      running.delete(child);
      resolve(code);
    };
    child.once('exit', done);
    child.once('error', () => done(-1));
  });
}

/**
 * Starts `file args` and resolves once `ready(output)` is true (stdout and stderr together), or rejects
 * (after killing it) when it exits first or `timeoutMs` passes.
 */
export async function startService(
  name: string, file: string, args: readonly string[],
  options: { readonly cwd?: string; readonly env?: NodeJS.ProcessEnv; readonly ready: (output: string) => boolean; readonly timeoutMs?: number },
): Promise<Service> {
  const child = spawn(file, [...args], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = track(child);
  let out = '';
  const keep = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000).unref());
    if ((await Promise.race([exited, timeout])) === 'timeout') {
      child.kill('SIGKILL');
      await exited;
    }
  };
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), options.timeoutMs ?? 30_000);
    const check = () => {
      if (options.ready(out)) {
        clearTimeout(timer);
        resolve(true);
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  if (!ready) {
    await stop();
    throw new Error(`${name} did not start:\n${out}`);
  }
  return { name, pid: child.pid ?? 0, output: () => out, stop };
}

/** Runs `file args` to completion; resolves with its stdout, rejects with its output on a non-zero exit. */
export async function runToEnd(file: string, args: readonly string[], options: { readonly cwd?: string } = {}): Promise<string> {
  const child = spawn(file, [...args], { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = track(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const code = await exited;
  if (code !== 0) throw new Error(`${file} ${args.join(' ')} exited with ${code}:\n${err.slice(-4000)}\n${out.slice(-2000)}`);
  return out;
}
