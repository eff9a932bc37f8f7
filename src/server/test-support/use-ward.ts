import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { ClientTarget } from './clients.js';
import { type WardProcess, startWardProcess, tempDir } from './ward-process.js';

/** A Ward process a suite runs against, and the root credentials its first start printed. */
export interface WardUnderTest {
  readonly url: string;
  /** The default account's root user, as real clients are pointed at it. */
  readonly root: ClientTarget;
  readonly process: WardProcess;
  /** The process's data directory: a temporary one, removed after the suite (a place for files tests write). */
  readonly dataDir: string;
}

/** How {@link useWard} starts its process. */
export interface UseWardOptions {
  /** `--account-id`: the default account's id. */
  readonly accountId?: string;
  /** More `ward serve` arguments. */
  readonly args?: readonly string[];
  readonly env?: Record<string, string>;
}

/**
 * The usual end-to-end fixture: registers, in the calling `describe`, a `before` that starts `ward serve`
 * (SQLite) in a new temporary directory and an `after` that stops it and removes the directory. Call it
 * in the suite's body; the getter it returns is usable from the suite's own later `before` hooks and its
 * tests, and throws before the process has started.
 */
export function useWard(options: UseWardOptions = {}): () => WardUnderTest {
  const dir = tempDir();
  let started: WardUnderTest | undefined;
  let process: WardProcess | undefined;
  before(async () => {
    const args = [...(options.accountId !== undefined ? ['--account-id', options.accountId] : []), ...(options.args ?? [])];
    process = await startWardProcess({ dataDir: dir.path, args, ...(options.env !== undefined ? { env: options.env } : {}) });
    const { url, accessKeyId, secretAccessKey } = process;
    assert.ok(accessKeyId && secretAccessKey, 'first start prints the root credentials');
    started = { url, root: { url, accessKeyId, secretAccessKey }, process, dataDir: dir.path };
  });
  after(async () => {
    await process?.stop();
    dir.remove();
  });
  return () => {
    if (started === undefined) throw new Error('useWard: the Ward process has not started (use the getter in tests or a later before hook)');
    return started;
  };
}
