// Across nodes (issue 4, item 3): "a change is visible to the next request, and on other nodes within a
// second, via PostgreSQL LISTEN/NOTIFY". Two Ward processes share one throw-away PostgreSQL; node B caches
// a user's compiled policies and credentials, node A changes them, and B must follow within a second.
// Also GetAccessKeyLastUsed (item 2): a use on one node is answered by the other after a flush.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAccessKeyCommand, CreateUserCommand, DeleteAccessKeyCommand, GetAccessKeyLastUsedCommand, IAMClient, ListUsersCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startPostgres } from '../store/test-support/postgres.js';
import { type WardProcess, startWardProcess, tempDir } from './test-support/ward-process.js';

type Credentials = { accessKeyId: string; secretAccessKey: string };

const iam = (node: WardProcess, credentials: Credentials) =>
  new IAMClient({ endpoint: node.url, region: 'us-east-1', credentials, maxAttempts: 1 });
const sts = (node: WardProcess, credentials: Credentials, region = 'us-east-1') =>
  new STSClient({ endpoint: node.url, region, credentials, maxAttempts: 1 });

/** The error's name, or 'ok'. */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return (error as { name?: string }).name ?? 'unknown';
  }
}

/**
 * Calls `probe` every 50 ms for up to `limitMs` until it answers `expected`; returns the milliseconds it
 * took and the answers seen.
 */
async function pollUntil(probe: () => Promise<string>, expected: string, limitMs = 1_000): Promise<{ ms?: number; seen: string[] }> {
  const started = Date.now();
  const seen: string[] = [];
  for (;;) {
    const answer = await probe();
    seen.push(answer);
    if (answer === expected) return { ms: Date.now() - started, seen };
    if (Date.now() - started >= limitMs) return { seen };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const allow = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const DENY_ALL = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] });

describe('invalidation across two Ward nodes on one PostgreSQL (LISTEN/NOTIFY)', () => {
  const dirs = [tempDir(), tempDir()];
  let postgres: { url: string; stop(): Promise<void> };
  let nodeA: WardProcess;
  let nodeB: WardProcess;
  let root: Credentials;

  before(async () => {
    postgres = await startPostgres();
    const env = {
      WARD_DATABASE_URL: postgres.url,
      WARD_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
      WARD_KEY_USE_FLUSH_MS: '200',
    };
    nodeA = await startWardProcess({ dataDir: dirs[0]!.path, env });
    nodeB = await startWardProcess({ dataDir: dirs[1]!.path, env });
    root = { accessKeyId: nodeA.accessKeyId ?? '', secretAccessKey: nodeA.secretAccessKey ?? '' };
  });
  after(async () => {
    await nodeA?.stop();
    await nodeB?.stop();
    await postgres?.stop();
    for (const dir of dirs) dir.remove();
  });

  async function userWithKey(userName: string, action: string): Promise<Credentials> {
    const admin = iam(nodeA, root);
    await admin.send(new CreateUserCommand({ UserName: userName }));
    await admin.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: 'allow', PolicyDocument: allow(action) }));
    const key = (await admin.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey;
    assert.ok(key?.AccessKeyId && key.SecretAccessKey);
    return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
  }

  test('an inline deny-all put through node A denies on node B within a second (compiled policies dropped)', async (t) => {
    const reader = await userWithKey('reader', 'iam:ListUsers');
    const onB = iam(nodeB, reader);
    // B compiles and caches the reader's policies and credential.
    assert.equal(await outcome(onB.send(new ListUsersCommand({}))), 'ok');
    assert.equal(await outcome(onB.send(new ListUsersCommand({}))), 'ok');

    await iam(nodeA, root).send(new PutUserPolicyCommand({ UserName: 'reader', PolicyName: 'deny-all', PolicyDocument: DENY_ALL }));
    const flipped = await pollUntil(() => outcome(onB.send(new ListUsersCommand({}))), 'AccessDenied');
    assert.ok(flipped.ms !== undefined, `node B still allowed after 1 s: ${flipped.seen.join(', ')}`);
    t.diagnostic(`node B denied after ${flipped.ms} ms (${flipped.seen.length} probes)`);
    assert.ok(flipped.seen.every((answer) => answer === 'ok' || answer === 'AccessDenied'), flipped.seen.join(', '));
    // And it stays denied.
    assert.equal(await outcome(onB.send(new ListUsersCommand({}))), 'AccessDenied');
  });

  test('an access key deleted through node A fails on node B within a second (cached credential dropped)', async (t) => {
    const holder = await userWithKey('key-holder', 'iam:ListUsers');
    const onB = sts(nodeB, holder);
    assert.equal(await outcome(onB.send(new GetCallerIdentityCommand({}))), 'ok');
    assert.equal(await outcome(iam(nodeB, holder).send(new ListUsersCommand({}))), 'ok');

    await iam(nodeA, root).send(new DeleteAccessKeyCommand({ UserName: 'key-holder', AccessKeyId: holder.accessKeyId }));
    const flipped = await pollUntil(() => outcome(onB.send(new GetCallerIdentityCommand({}))), 'InvalidClientTokenId');
    assert.ok(flipped.ms !== undefined, `the deleted key still signs on node B after 1 s: ${flipped.seen.join(', ')}`);
    t.diagnostic(`node B refused the key after ${flipped.ms} ms (${flipped.seen.length} probes)`);
  });

  test('GetAccessKeyLastUsed on node A answers a use made on node B (user and root keys), after a flush', async () => {
    const user = await userWithKey('last-used', 'iam:ListUsers');
    const admin = iam(nodeA, root);
    const before = await admin.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: user.accessKeyId }));
    assert.deepEqual({ ...before.AccessKeyLastUsed }, { ServiceName: 'N/A', Region: 'N/A' });
    assert.equal(before.UserName, 'last-used');

    const usedFrom = Date.now() - 1_000;
    await iam(nodeB, user).send(new ListUsersCommand({}));
    // A second root key, used only for STS in another region, so that polling with the first does not
    // overwrite its last use.
    const second = (await admin.send(new CreateAccessKeyCommand({}))).AccessKey;
    assert.ok(second?.AccessKeyId && second.SecretAccessKey);
    await sts(nodeB, { accessKeyId: second.AccessKeyId, secretAccessKey: second.SecretAccessKey }, 'eu-west-1')
      .send(new GetCallerIdentityCommand({}));
    const usedUntil = Date.now() + 1_000;

    const lastUse = async (accessKeyId: string) => {
      const deadline = Date.now() + 5_000;
      for (;;) {
        const answer = await admin.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId }));
        if (answer.AccessKeyLastUsed?.LastUsedDate !== undefined || Date.now() > deadline) return answer;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const userUse = await lastUse(user.accessKeyId);
    assert.equal(userUse.UserName, 'last-used');
    assert.equal(userUse.AccessKeyLastUsed?.ServiceName, 'iam');
    assert.equal(userUse.AccessKeyLastUsed?.Region, 'us-east-1');
    const userDate = userUse.AccessKeyLastUsed?.LastUsedDate?.getTime() ?? 0;
    assert.ok(userDate >= usedFrom && userDate <= usedUntil, String(userUse.AccessKeyLastUsed?.LastUsedDate));

    const rootUse = await lastUse(second.AccessKeyId);
    assert.equal(rootUse.UserName, undefined);
    assert.equal(rootUse.AccessKeyLastUsed?.ServiceName, 'sts');
    assert.equal(rootUse.AccessKeyLastUsed?.Region, 'eu-west-1');
    const rootDate = rootUse.AccessKeyLastUsed?.LastUsedDate?.getTime() ?? 0;
    assert.ok(rootDate >= usedFrom && rootDate <= usedUntil);
  });
});
