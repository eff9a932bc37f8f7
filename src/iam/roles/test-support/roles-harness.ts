import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { type Caller, rootCaller } from '../../../authn/caller.js';
import { type RandomSource, isAwsError } from '../../../kernel/index.js';
import { type Store, openStore } from '../../../store/index.js';
import type { IamEntityRecord } from '../../../store/port.js';
import type { IamDeps } from '../../operation.js';
import { roleOperations } from '../operations.js';

/** The account the service tests act in. */
export const ACCOUNT = '111122223333';
/** The fixed clock of the service tests. */
export const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

/** A deterministic RandomSource (xorshift32): each call yields new bytes, the same from run to run. */
export function seededRandom(seed = 0x2545f491): RandomSource {
  let state = seed >>> 0;
  return {
    bytes(length: number): Uint8Array {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i++) {
        state ^= state << 13;
        state >>>= 0;
        state ^= state >>> 17;
        state ^= state << 5;
        state >>>= 0;
        out[i] = state & 0xff;
      }
      return out;
    },
  };
}

/** The role operations over a real SQLite store in a temp dir. */
export interface RolesHarness {
  readonly store: Store;
  readonly deps: IamDeps;
  readonly root: Caller;
  /** Accounts `changed` was called with, in order. */
  readonly changes: string[];
  call(action: string, input?: Record<string, unknown>, caller?: Caller): Promise<Record<string, unknown>>;
  /** Calls, expects an AwsError of `code` (and `status`), and returns its message. */
  fails(action: string, input: Record<string, unknown>, code: string, status?: number): Promise<string>;
  /** Puts an entity straight into the store (users and policies belong to other services). */
  seed(kind: IamEntityRecord['kind'], name: string, arn: string, path?: string, data?: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/** Opens a harness; close it in `after`. */
export async function openRolesHarness(): Promise<RolesHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ward-roles-'));
  const store = await openStore({ dataDir });
  await store.migrate();
  await store.createAccount({ id: ACCOUNT, name: 'test', createdAt: new Date(NOW).toISOString() });
  const changes: string[] = [];
  const deps: IamDeps = {
    store,
    clock: { now: () => NOW },
    random: seededRandom(),
    partition: 'aws',
    sealSecret: (secret) => secret,
    newSecretAccessKey: () => 'x'.repeat(40),
    changed: (accountId) => changes.push(accountId),
  };
  const table = roleOperations(deps);
  const root = rootCaller('aws', ACCOUNT, 'AKIAROOTROOTROOTROOT');
  const call = async (action: string, input: Record<string, unknown> = {}, caller: Caller = root) => {
    const handler = table[action];
    assert.ok(handler, `no handler for ${action}`);
    return handler({ caller, input, requestId: 'test' });
  };
  return {
    store, deps, root, changes, call,
    async fails(action, input, code, status) {
      try {
        await call(action, input);
      } catch (error) {
        assert.ok(isAwsError(error), `not an AwsError: ${String(error)}`);
        assert.equal(error.code, code, error.message);
        if (status !== undefined) assert.equal(error.status, status);
        return error.message;
      }
      assert.fail(`${action} succeeded; expected ${code}`);
    },
    async seed(kind, name, arn, path = '/', data = {}) {
      await store.createEntity({ accountId: ACCOUNT, kind, name, id: `ID${name.toUpperCase()}`, path, arn, createdAt: new Date(NOW).toISOString(), data });
    },
    async close() {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
