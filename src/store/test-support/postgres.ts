/**
 * A throw-away PostgreSQL server for tests: its own data directory, port and socket, fsync off, removed
 * on `stop()`. Each test file may start its own. If the server cannot start, `startPostgres()` throws: a
 * test that needs PostgreSQL fails, it never skips.
 *
 * initdb refuses to run as root, so when the tests run as root the directory is given to the `postgres`
 * user and every command runs through `runuser -u postgres --`.
 */
import { execFile, execFileSync } from 'node:child_process';
import { accessSync, existsSync, constants as fsConstants, rmSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.js';

/** A running throw-away server. */
export interface TestPostgres {
  /** `postgres://ward@127.0.0.1:PORT/ward_test`: superuser `ward`, trust authentication. */
  readonly url: string;
  /** Stops the server at once (`-m immediate`) and deletes its files. Safe to call twice. */
  stop(): Promise<void>;
}

const SUPERUSER = 'ward';
const DATABASE = 'ward_test';
/** Port races (another process binds the free port first) are retried with a new port. */
const START_ATTEMPTS = 3;
const COMMAND_TIMEOUT_MS = 60_000;
/** The server's last processes may still be exiting when pg_ctl returns: retry ENOTEMPTY and the like. */
const REMOVE = { recursive: true, force: true, maxRetries: 10, retryDelay: 50 } as const;

/** Starts a PostgreSQL server (initdb, pg_ctl start, CREATE DATABASE) and returns its URL. */
export async function startPostgres(): Promise<TestPostgres> {
  let runner: CommandRunner;
  try {
    runner = await commandRunner();
  } catch (error) {
    throw new Error(`could not start a test PostgreSQL: ${describe(error)}`, { cause: error });
  }
  const root = await mkdtemp(join(tmpdir(), 'ward-pg-'));
  // Registered before anything runs, so an interrupted start is cleaned up too.
  const instance = new Instance(runner, root);
  running.add(instance);
  const logFile = join(root, 'postgres.log');
  try {
    if (runner.owner !== undefined) await chown(root, runner.owner.uid, runner.owner.gid);
    await runner.run('initdb', [
      '-D', instance.dataDir, '-A', 'trust', '-U', SUPERUSER, '-E', 'UTF8', '--locale=C', '--no-sync',
      '--no-instructions',
    ], root);

    let port = 0;
    for (let attempt = 1; port === 0; attempt++) {
      const candidate = await freePort();
      const options = [
        `-p ${candidate}`, `-k ${root}`, '-c listen_addresses=127.0.0.1', '-c fsync=off',
        '-c synchronous_commit=off', '-c full_page_writes=off', '-c shared_buffers=16MB', '-c max_connections=50',
      ].join(' ');
      try {
        // -l: the server must not inherit our pipes, or the command would never be seen to end.
        await runner.run('pg_ctl', ['-D', instance.dataDir, '-l', logFile, '-o', options, '-w', '-t', '60', 'start'], root);
        port = candidate;
      } catch (error) {
        if (attempt >= START_ATTEMPTS) throw error;
      }
    }

    const admin = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, database: 'postgres' });
    await admin.connect();
    try {
      await admin.query(`create database ${DATABASE}`);
    } finally {
      await admin.end();
    }
    instance.url = `postgres://${SUPERUSER}@127.0.0.1:${port}/${DATABASE}`;
    return instance;
  } catch (error) {
    const log = await readFile(logFile, 'utf8').catch(() => '(no server log)');
    await instance.stop().catch(() => undefined);
    throw new Error(`could not start a test PostgreSQL: ${describe(error)}\n--- server log ---\n${log}`, { cause: error });
  }
}

class Instance implements TestPostgres {
  url = '';
  readonly dataDir: string;
  #stopped: Promise<void> | undefined;

  constructor(readonly runner: CommandRunner, readonly root: string) {
    this.dataDir = join(root, 'data');
  }

  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      try {
        if (existsSync(join(this.dataDir, 'postmaster.pid'))) {
          await this.runner.run('pg_ctl', ['-D', this.dataDir, 'stop', '-m', 'immediate', '-w'], this.root);
        }
      } finally {
        await rm(this.root, REMOVE);
        running.delete(this);
      }
    })();
    return this.#stopped;
  }

  /** For process exit, when no await is possible. */
  stopSync(): void {
    try {
      execFileSync(...this.runner.argv('pg_ctl', ['-D', this.dataDir, 'stop', '-m', 'immediate', '-w']), {
        cwd: this.root, stdio: 'ignore', timeout: 10_000,
      });
    } catch {
      // Not started, or already gone.
    }
    try {
      rmSync(this.root, REMOVE);
    } catch {
      // Left in the temporary directory; nothing more can be done while exiting.
    }
  }
}

// A test file that crashes, is interrupted or forgets stop() must not leave servers behind. (A SIGKILL
// still does: nothing runs then.)
const running = new Set<Instance>();
function stopAllSync(): void {
  for (const instance of running) instance.stopSync();
  running.clear();
}
process.once('exit', stopAllSync);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopAllSync();
    process.kill(process.pid, signal);
  });
}

interface CommandRunner {
  /** Set when running as root: the `postgres` user, which must own the server's files. */
  readonly owner: { uid: number; gid: number } | undefined;
  argv(command: string, args: readonly string[]): [string, string[]];
  run(command: string, args: readonly string[], cwd: string): Promise<void>;
}

async function commandRunner(): Promise<CommandRunner> {
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot
    ? { uid: Number(await output('id', ['-u', 'postgres'])), gid: Number(await output('id', ['-g', 'postgres'])) }
    : undefined;
  // Absolute paths: runuser resets PATH to the system default.
  const argv = (command: string, args: readonly string[]): [string, string[]] => asRoot
    ? ['runuser', ['-u', 'postgres', '--', which(command), ...args]]
    : [which(command), [...args]];
  return {
    owner,
    argv,
    async run(command, args, cwd) {
      const [file, fileArgs] = argv(command, args);
      // cwd: the server's own directory, which the `postgres` user can enter (initdb needs that).
      await output(file, fileArgs, cwd);
    },
  };
}

function which(command: string): string {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }
  throw new Error(`${command} is not on PATH: install PostgreSQL 15 server binaries`);
}

function output(file: string, args: readonly string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { cwd, timeout: COMMAND_TIMEOUT_MS, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`));
      else resolve(stdout.trim());
    });
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
