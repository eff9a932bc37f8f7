// Enforcement in process: a real Ward (startWard, SQLite, HTTP on a free port) driven by the AWS SDK v3.
// IAM users sign with their own access keys; their policies are written through the store port (the
// policy operations have their own tests) before the first request, and changes announced by IAM
// operations (group membership) are visible to the very next request.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AddUserToGroupCommand, CreateAccessKeyCommand, CreateGroupCommand, CreateUserCommand, DeleteUserCommand, GetUserCommand, IAMClient,
  ListAccessKeysCommand, ListUsersCommand, RemoveUserFromGroupCommand, UpdateAccessKeyCommand, DeleteAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { openStore } from '../store/index.js';
import type { Store } from '../store/port.js';
import { type RunningWard, startWard } from './runtime.js';
import { tempDir } from './test-support/ward-process.js';

const ACCOUNT = '444455556666';

function client(url: string, accessKeyId: string, secretAccessKey: string): IAMClient {
  return new IAMClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
}

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  assert.fail('expected the call to fail');
}

describe('enforcement in process (SQLite, SDK v3)', () => {
  const dir = tempDir();
  let ward: RunningWard;
  let store: Store;
  let root: IAMClient;
  let alice: IAMClient;
  let aliceKey: { id: string; secret: string };
  const aliceArn = `arn:aws:iam::${ACCOUNT}:user/dev/alice`;

  before(async () => {
    ward = await startWard({ host: '127.0.0.1', port: 0, dataDir: dir.path, dev: false, accountId: ACCOUNT, region: 'us-east-1' }, {});
    const created = ward.created;
    assert.ok(created);
    root = client(ward.url, created.rootAccessKeyId, created.rootSecretAccessKey);
    await root.send(new CreateUserCommand({ UserName: 'alice', Path: '/dev/' }));
    await root.send(new CreateGroupCommand({ GroupName: 'Readers' }));
    const key = (await root.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey;
    assert.ok(key?.AccessKeyId && key.SecretAccessKey);
    aliceKey = { id: key.AccessKeyId, secret: key.SecretAccessKey };
    alice = client(ward.url, aliceKey.id, aliceKey.secret);
    // Policies through the store port, on the same SQLite file: the group may list users; alice may read herself.
    store = await openStore({ dataDir: dir.path });
    await store.transaction(async (tx) => {
      await tx.putInlinePolicy({
        accountId: ACCOUNT, ownerKind: 'group', ownerName: 'Readers', policyName: 'list',
        document: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }] }),
      });
      await tx.putInlinePolicy({
        accountId: ACCOUNT, ownerKind: 'user', ownerName: 'alice', policyName: 'self',
        document: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['iam:GetUser', 'iam:ListAccessKeys'], Resource: `arn:aws:iam::${ACCOUNT}:user/*/\${aws:username}` }],
        }),
      });
    });
  });
  after(async () => {
    await store?.close();
    await ward?.close();
    dir.remove();
  });

  test('an IAM user signs with its own key and is who it says', async () => {
    const user = (await alice.send(new GetUserCommand({}))).User;
    assert.equal(user?.Arn, aliceArn);
    assert.equal((await alice.send(new ListAccessKeysCommand({}))).AccessKeyMetadata?.length, 1);
  });

  test('what no policy allows is AccessDenied (403) with AWS\'s message', async () => {
    const denied = await failure(alice.send(new ListUsersCommand({})));
    assert.equal(denied.name, 'AccessDenied');
    assert.equal(denied.status, 403);
    assert.equal(denied.message, `User: ${aliceArn} is not authorized to perform: iam:ListUsers because no identity-based policy allows the iam:ListUsers action`);
    const other = await failure(alice.send(new CreateUserCommand({ UserName: 'mallory', Path: '/x/' })));
    assert.equal(other.message, `User: ${aliceArn} is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${ACCOUNT}:user/x/mallory because no identity-based policy allows the iam:CreateUser action`);
  });

  test('a membership change is visible to the very next request', async () => {
    await root.send(new AddUserToGroupCommand({ GroupName: 'Readers', UserName: 'alice' }));
    const users = (await alice.send(new ListUsersCommand({}))).Users ?? [];
    assert.deepEqual(users.map((u) => u.UserName), ['alice']);
    await root.send(new RemoveUserFromGroupCommand({ GroupName: 'Readers', UserName: 'alice' }));
    assert.equal((await failure(alice.send(new ListUsersCommand({})))).name, 'AccessDenied');
  });

  test('an inactive key cannot sign; a deleted key is unknown', async () => {
    await root.send(new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: aliceKey.id, Status: 'Inactive' }));
    assert.equal((await failure(alice.send(new GetUserCommand({})))).name, 'InvalidClientTokenId');
    await root.send(new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: aliceKey.id, Status: 'Active' }));
    assert.equal((await alice.send(new GetUserCommand({}))).User?.UserName, 'alice');

    await root.send(new CreateUserCommand({ UserName: 'temp' }));
    const temp = (await root.send(new CreateAccessKeyCommand({ UserName: 'temp' }))).AccessKey;
    assert.ok(temp?.AccessKeyId && temp.SecretAccessKey);
    const tempClient = client(ward.url, temp.AccessKeyId, temp.SecretAccessKey);
    assert.equal((await failure(tempClient.send(new GetUserCommand({})))).name, 'AccessDenied');
    await root.send(new DeleteAccessKeyCommand({ UserName: 'temp', AccessKeyId: temp.AccessKeyId }));
    await root.send(new DeleteUserCommand({ UserName: 'temp' }));
    assert.equal((await failure(tempClient.send(new GetUserCommand({})))).name, 'InvalidClientTokenId');
  });
});
