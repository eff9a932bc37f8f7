import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { type Caller, rootCaller } from '../../../authn/caller.js';
import { isAwsError } from '../../../kernel/index.js';
import type { RandomSource } from '../../../kernel/index.js';
import { type Store, openStore } from '../../../store/index.js';
import { accessKeyOperations } from '../../access-keys/index.js';
import { groupOperations } from '../../groups/index.js';
import type { IamDeps, OperationTable } from '../../operation.js';
import { userOperations } from '../operations.js';

/** The account every service test acts in. */
export const ACCOUNT = '111122223333';
/** The fixed clock of service tests. */
export const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

/** A deterministic RandomSource (xorshift32): ids differ from call to call, and from run to run alike. */
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

/** A real SQLite store in a temp dir, IAM deps over it, and a way to call the operations as a caller. */
export interface IamHarness {
  readonly store: Store;
  readonly deps: IamDeps;
  readonly root: Caller;
  /** Account ids `changed` was called with, in order. */
  readonly changes: string[];
  call(action: string, input?: Record<string, unknown>, caller?: Caller): Promise<Record<string, unknown>>;
  /** Calls and expects an AwsError of `code` (and `status`), returning its message. */
  fails(action: string, input: Record<string, unknown>, code: string, status?: number, caller?: Caller): Promise<string>;
  /** A caller signing as IAM user `userName` (as the credential directory would resolve it). */
  userCaller(userName: string): Promise<Caller>;
  close(): Promise<void>;
}

/** Opens a harness on SQLite, or on PostgreSQL at `databaseUrl` (an empty database); close it in `after`. */
export async function openIamHarness(options: { readonly databaseUrl?: string } = {}): Promise<IamHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ward-iam-'));
  const store = await openStore({ dataDir, ...(options.databaseUrl !== undefined ? { databaseUrl: options.databaseUrl } : {}) });
  await store.migrate();
  await store.createAccount({ id: ACCOUNT, name: 'test', createdAt: new Date(NOW - 86_400_000).toISOString() });
  const changes: string[] = [];
  let secrets = 0;
  const deps: IamDeps = {
    store,
    clock: { now: () => NOW },
    random: seededRandom(),
    partition: 'aws',
    sealSecret: (secret, id) => `sealed(${id}):${Buffer.from(secret).toString('base64')}`,
    newSecretAccessKey: () => `secret${String(++secrets).padStart(34, '0')}`,
    changed: (accountId) => changes.push(accountId),
  };
  const table: OperationTable = { ...userOperations(deps), ...groupOperations(deps), ...accessKeyOperations(deps) };
  const root = rootCaller('aws', ACCOUNT, 'AKIAROOTROOTROOTROOT');
  const call = async (action: string, input: Record<string, unknown> = {}, caller: Caller = root) => {
    const handler = table[action];
    assert.ok(handler, `no handler for ${action}`);
    return handler({ caller, input, requestId: 'test-request' });
  };
  return {
    store,
    deps,
    root,
    changes,
    call,
    async fails(action, input, code, status, caller = root) {
      try {
        await call(action, input, caller);
      } catch (error) {
        assert.ok(isAwsError(error), `expected an AwsError, got ${String(error)}`);
        assert.equal(error.code, code, error.message);
        if (status !== undefined) assert.equal(error.status, status);
        return error.message;
      }
      assert.fail(`${action} succeeded; expected ${code}`);
    },
    async userCaller(userName) {
      const user = await store.getEntity(ACCOUNT, 'user', userName);
      assert.ok(user);
      return { kind: 'user', accountId: ACCOUNT, arn: user.arn, userId: user.id, userName: user.name, path: user.path, accessKeyId: 'AKIAUSERUSERUSERUSER' };
    },
    async close() {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
