import assert from 'node:assert/strict';
import type { Caller } from '../../../authn/caller.js';
import { isAwsError } from '../../../kernel/index.js';
import { type IamHarness, openIamHarness } from '../../test-support/harness.js';
import { iamOperations } from '../../operations.js';
import { accountOperations } from '../operations.js';

/**
 * The shared IAM harness (`src/iam/test-support/harness.ts`, a real store) whose `call`/`fails` also reach
 * the account operations, which `src/iam/operations.ts` does not list until the lead wires them.
 */
export async function openAccountHarness(options: Parameters<typeof openIamHarness>[0] = {}): Promise<IamHarness> {
  const base = await openIamHarness(options);
  const table = { ...iamOperations(base.deps), ...accountOperations(base.deps) };
  const call = async (action: string, input: Record<string, unknown> = {}, caller: Caller = base.root) => {
    const handler = table[action];
    assert.ok(handler, `no handler for ${action}`);
    return handler({ caller, input, requestId: 'test-request' });
  };
  return {
    ...base,
    call,
    async fails(action, input, code, status, caller = base.root) {
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
  };
}
