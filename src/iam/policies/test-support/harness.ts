import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { type Caller, rootCaller } from '../../../authn/caller.js';
import { type RandomSource, isAwsError } from '../../../kernel/index.js';
import { type Store, openStore } from '../../../store/index.js';
import type { IamEntityRecord } from '../../../store/port.js';
import type { IamDeps } from '../../operation.js';
import { policyOperations } from '../operations.js';

/** The account every service test acts in. */
export const ACCOUNT = '111122223333';
/** The fixed clock of service tests. */
export const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

/** A deterministic RandomSource (xorshift32). */
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

/** The policies operations over a real SQLite store in a temp dir, called as the account's root. */
export interface PolicyHarness {
  readonly store: Store;
  readonly deps: IamDeps;
  /** Account ids `changed` was called with, in order. */
  readonly changes: string[];
  /** Moves the fixed clock forward. */
  advance(ms: number): void;
  call(action: string, input?: Record<string, unknown>, caller?: Caller): Promise<Record<string, unknown>>;
  /** Calls and expects an AwsError of `code` (and `status`), returning its message. */
  fails(action: string, input: Record<string, unknown>, code: string, status?: number): Promise<string>;
  /** Writes a user, group or role straight through the store port (their operations are other folders'). */
  identity(kind: 'user' | 'group' | 'role', name: string, options?: { path?: string; data?: Record<string, unknown> }): Promise<IamEntityRecord>;
  close(): Promise<void>;
}

const PREFIX = { user: 'AIDA', group: 'AGPA', role: 'AROA' } as const;

/**
 * Opens a harness on SQLite in a temp dir, or on PostgreSQL with `databaseUrl` (a fresh database);
 * `partition` defaults to `aws`. Close it in `after`.
 */
export async function openPolicyHarness(options: { partition?: string; databaseUrl?: string } = {}): Promise<PolicyHarness> {
  const partition = options.partition ?? 'aws';
  const dataDir = await mkdtemp(join(tmpdir(), 'ward-policies-'));
  const store = await openStore({ dataDir, ...(options.databaseUrl !== undefined ? { databaseUrl: options.databaseUrl } : {}) });
  await store.migrate();
  await store.createAccount({ id: ACCOUNT, name: 'test', createdAt: new Date(NOW - 86_400_000).toISOString() });
  const changes: string[] = [];
  let now = NOW;
  const deps: IamDeps = {
    store,
    clock: { now: () => now },
    random: seededRandom(),
    partition,
    sealSecret: (secret) => secret,
    newSecretAccessKey: () => 'secret',
    changed: (accountId) => changes.push(accountId),
  };
  const table = policyOperations(deps);
  const root = rootCaller(partition, ACCOUNT, 'AKIAROOTROOTROOTROOT');
  const call = async (action: string, input: Record<string, unknown> = {}, caller: Caller = root) => {
    const handler = table[action];
    assert.ok(handler, `no handler for ${action}`);
    return handler({ caller, input, requestId: 'test-request' });
  };
  let ids = 0;
  return {
    store,
    deps,
    changes,
    advance: (ms) => {
      now += ms;
    },
    call,
    async fails(action, input, code, status) {
      try {
        await call(action, input);
      } catch (error) {
        assert.ok(isAwsError(error), `expected an AwsError, got ${String(error)}`);
        assert.equal(error.code, code, error.message);
        if (status !== undefined) assert.equal(error.status, status);
        return error.message;
      }
      assert.fail(`${action} succeeded; expected ${code}`);
    },
    async identity(kind, name, options = {}) {
      const path = options.path ?? '/';
      const entity: IamEntityRecord = {
        accountId: ACCOUNT, kind, name, id: `${PREFIX[kind]}${String(++ids).padStart(17, 'A')}`, path,
        arn: `arn:${partition}:iam::${ACCOUNT}:${kind}${path}${name}`, createdAt: new Date(NOW).toISOString(),
        data: options.data ?? (kind === 'role' ? { maxSessionDuration: 3600, assumeRolePolicyDocument: '{}' } : {}),
      };
      await store.createEntity(entity);
      return entity;
    },
    async close() {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A small valid identity policy document. */
export function allow(action: string, resource = '*'): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
}
