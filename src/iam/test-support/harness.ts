import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { type Caller, rootCaller } from '../../authn/caller.js';
import { type RandomSource, isAwsError } from '../../kernel/index.js';
import { type Store, openStore } from '../../store/index.js';
import type { IamEntityKind, IamEntityRecord } from '../../store/port.js';
import type { IamDeps, OperationTable } from '../operation.js';
import { iamOperations } from '../operations.js';

/** The account every service test acts in. */
export const ACCOUNT = '111122223333';
/** The fixed clock of service tests. */
export const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

/** A deterministic RandomSource (xorshift32): ids differ from call to call, and are the same from run to run. */
export function seededRandom(seed = 0x9e3779b9): RandomSource {
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

/**
 * Every IAM operation over a real store (SQLite in a temp dir, or PostgreSQL), with a fixed clock and
 * seeded ids, called as the account's root unless a test names another caller.
 */
export interface IamHarness {
  readonly store: Store;
  readonly deps: IamDeps;
  readonly root: Caller;
  /**
   * The accounts the store announced (`Store.onChanged`) since the harness opened, one entry per account a
   * committed transaction wrote IAM state of, in order; `seed` counts too.
   */
  readonly changes: string[];
  /** Moves the fixed clock forward. */
  advance(ms: number): void;
  call(action: string, input?: Record<string, unknown>, caller?: Caller): Promise<Record<string, unknown>>;
  /** Calls and expects an AwsError of `code` (and `status`), returning its message. */
  fails(action: string, input: Record<string, unknown>, code: string, status?: number, caller?: Caller): Promise<string>;
  /** A caller signing as IAM user `userName` (as the credential directory would resolve it). */
  userCaller(userName: string): Promise<Caller>;
  /**
   * Writes an entity straight through the store port, bypassing its operations (for what a test needs as
   * given). The ARN is the kind's usual one unless `arn` is given; a role gets a minimal role's data.
   */
  seed(kind: IamEntityKind, name: string, options?: { path?: string; arn?: string; data?: Record<string, unknown> }): Promise<IamEntityRecord>;
  close(): Promise<void>;
}

const PREFIX: Readonly<Record<string, string>> = { user: 'AIDA', group: 'AGPA', role: 'AROA', policy: 'ANPA', 'instance-profile': 'AIPA' };

/** {@link IamHarness.fails} over a `call` (the MFA harness's too): the AwsError's message, or an assertion failure. */
export function failsOver(
  call: (action: string, input: Record<string, unknown>, caller: Caller) => Promise<unknown>, defaultCaller: Caller,
): IamHarness['fails'] {
  return async (action, input, code, status, caller = defaultCaller) => {
    try {
      await call(action, input, caller);
    } catch (error) {
      assert.ok(isAwsError(error), `expected an AwsError, got ${String(error)}`);
      assert.equal(error.code, code, error.message);
      if (status !== undefined) assert.equal(error.status, status);
      return error.message;
    }
    assert.fail(`${action} succeeded; expected ${code}`);
  };
}

/** How to open a harness. */
export interface IamHarnessOptions {
  /** PostgreSQL (an empty database) instead of SQLite in a temp dir. */
  readonly databaseUrl?: string;
  /** The partition of ARNs; `aws` by default. */
  readonly partition?: string;
  /** Operations `call` and `fails` reach besides `iamOperations` (those not wired there yet). */
  readonly operations?: (deps: IamDeps) => OperationTable;
}

/** Opens a harness; close it in `after`. */
export async function openIamHarness(options: IamHarnessOptions = {}): Promise<IamHarness> {
  const partition = options.partition ?? 'aws';
  const dataDir = await mkdtemp(join(tmpdir(), 'ward-iam-'));
  const store = await openStore({ dataDir, ...(options.databaseUrl !== undefined ? { databaseUrl: options.databaseUrl } : {}) });
  await store.migrate();
  await store.createAccount({ id: ACCOUNT, name: 'test', createdAt: new Date(NOW - 86_400_000).toISOString() });
  const changes: string[] = [];
  await store.onChanged((change) => {
    if (change.kind === 'account') changes.push(change.accountId);
  });
  let now = NOW;
  let secrets = 0;
  const deps: IamDeps = {
    store,
    clock: { now: () => now },
    random: seededRandom(),
    partition,
    sealSecret: (secret, id) => `sealed(${id}):${Buffer.from(secret).toString('base64')}`,
    newSecretAccessKey: () => `secret${String(++secrets).padStart(34, '0')}`,
  };
  const table: OperationTable = { ...iamOperations(deps), ...options.operations?.(deps) };
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
    root,
    changes,
    advance: (ms) => {
      now += ms;
    },
    call,
    fails: failsOver(call, root),
    async userCaller(userName) {
      const user = await store.getEntity(ACCOUNT, 'user', userName);
      assert.ok(user);
      return { kind: 'user', accountId: ACCOUNT, arn: user.arn, userId: user.id, userName: user.name, path: user.path, accessKeyId: 'AKIAUSERUSERUSERUSER' };
    },
    async seed(kind, name, seedOptions = {}) {
      const path = seedOptions.path ?? '/';
      const entity: IamEntityRecord = {
        accountId: ACCOUNT, kind, name, id: `${PREFIX[kind] ?? 'AIDA'}${String(++ids).padStart(17, 'A')}`, path,
        arn: seedOptions.arn ?? `arn:${partition}:iam::${ACCOUNT}:${kind}${path}${name}`, createdAt: new Date(NOW).toISOString(),
        data: seedOptions.data ?? (kind === 'role' ? { maxSessionDuration: 3600, assumeRolePolicyDocument: '{}' } : {}),
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
