// Invariants under concurrency (issue 4, item 4): many clients race real requests against two Ward
// processes sharing one PostgreSQL. Never a 3rd access key, never an 11th attached policy, never an 11th
// group, never a duplicate name (names are unique ignoring case), never a lost acknowledged write.
// Quotas: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddUserToGroupCommand, AttachUserPolicyCommand, CreateAccessKeyCommand, CreateGroupCommand, CreatePolicyCommand,
  CreateUserCommand, IAMClient, ListAccessKeysCommand, ListAttachedUserPoliciesCommand, ListGroupsForUserCommand,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import { startPostgres } from '../store/test-support/postgres.js';
import { type WardProcess, startWardProcess, tempDir } from './test-support/ward-process.js';

interface Outcome {
  readonly ok: boolean;
  readonly code?: string;
}

async function outcome(promise: Promise<unknown>): Promise<Outcome> {
  try {
    await promise;
    return { ok: true };
  } catch (error) {
    return { ok: false, code: (error as { name?: string }).name };
  }
}

function tally(outcomes: readonly Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = o.ok ? 'ok' : (o.code ?? 'unknown');
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('invariants under concurrent requests to two nodes on one PostgreSQL', () => {
  const dirs = [tempDir(), tempDir()];
  let postgres: { url: string; stop(): Promise<void> };
  let nodes: WardProcess[] = [];
  let clients: IAMClient[] = [];
  const client = (i: number): IAMClient => clients[i % clients.length] as IAMClient;

  before(async () => {
    postgres = await startPostgres();
    const env = { WARD_DATABASE_URL: postgres.url, WARD_MASTER_KEY: Buffer.alloc(32, 5).toString('base64') };
    const first = await startWardProcess({ dataDir: dirs[0]!.path, env });
    const second = await startWardProcess({ dataDir: dirs[1]!.path, env });
    nodes = [first, second];
    const credentials = { accessKeyId: first.accessKeyId ?? '', secretAccessKey: first.secretAccessKey ?? '' };
    // Several clients per node, no retries: every answer the test sees is the server's own.
    clients = [];
    for (let i = 0; i < 8; i++) {
      const node = nodes[i % 2] as WardProcess;
      clients.push(new IAMClient({ endpoint: node.url, region: 'us-east-1', credentials, maxAttempts: 1 }));
    }
  });
  after(async () => {
    for (const node of nodes) await node.stop();
    await postgres?.stop();
    for (const dir of dirs) dir.remove();
  });

  test('12 racing CreateAccessKey calls for one user: exactly 2 keys', async () => {
    await client(0).send(new CreateUserCommand({ UserName: 'key-racer' }));
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => outcome(client(i).send(new CreateAccessKeyCommand({ UserName: 'key-racer' })))),
    );
    assert.deepEqual(tally(outcomes), { ok: 2, LimitExceededException: 10 });
    for (const i of [0, 1]) {
      const keys = await client(i).send(new ListAccessKeysCommand({ UserName: 'key-racer' }));
      assert.equal(keys.AccessKeyMetadata?.length, 2);
    }
  });

  test('14 racing AttachUserPolicy calls with distinct policies: exactly 10 attached', async () => {
    await client(0).send(new CreateUserCommand({ UserName: 'policy-racer' }));
    const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    const arns: string[] = [];
    for (let i = 0; i < 14; i++) {
      const created = await client(i).send(new CreatePolicyCommand({ PolicyName: `race-${i}`, PolicyDocument: document }));
      arns.push(created.Policy?.Arn ?? '');
    }
    const outcomes = await Promise.all(
      arns.map((arn, i) => outcome(client(i).send(new AttachUserPolicyCommand({ UserName: 'policy-racer', PolicyArn: arn })))),
    );
    assert.deepEqual(tally(outcomes), { ok: 10, LimitExceededException: 4 });
    for (const i of [0, 1]) {
      const attached = await client(i).send(new ListAttachedUserPoliciesCommand({ UserName: 'policy-racer' }));
      assert.equal(attached.AttachedPolicies?.length, 10);
    }
  });

  test('13 racing AddUserToGroup calls with distinct groups: exactly 10 groups', async () => {
    await client(0).send(new CreateUserCommand({ UserName: 'group-racer' }));
    for (let i = 0; i < 13; i++) await client(i).send(new CreateGroupCommand({ GroupName: `race-group-${i}` }));
    const outcomes = await Promise.all(
      Array.from({ length: 13 }, (_, i) => outcome(client(i).send(new AddUserToGroupCommand({ UserName: 'group-racer', GroupName: `race-group-${i}` })))),
    );
    assert.deepEqual(tally(outcomes), { ok: 10, LimitExceededException: 3 });
    const groups = await client(1).send(new ListGroupsForUserCommand({ UserName: 'group-racer' }));
    assert.equal(groups.Groups?.length, 10);
  });

  test('10 racing CreateUser calls for one name in different cases: exactly one user', async () => {
    const names = ['Dup', 'dup', 'DUP', 'dUp', 'duP', 'Dup', 'dup', 'DUP', 'dUP', 'DuP'];
    const outcomes = await Promise.all(names.map((name, i) => outcome(client(i).send(new CreateUserCommand({ UserName: name })))));
    assert.deepEqual(tally(outcomes), { ok: 1, EntityAlreadyExistsException: 9 });
  });

  test('120 racing CreateUser calls with distinct names: every acknowledged write is there, on both nodes', async () => {
    const names = Array.from({ length: 120 }, (_, i) => `acked-${String(i).padStart(3, '0')}`);
    const outcomes = await Promise.all(names.map((name, i) => outcome(client(i).send(new CreateUserCommand({ UserName: name, Path: '/acked/' })))));
    const acknowledged = names.filter((_, i) => outcomes[i]?.ok === true);
    assert.equal(acknowledged.length, names.length, JSON.stringify(tally(outcomes)));
    for (const i of [0, 1]) {
      const listed: string[] = [];
      for await (const page of paginateListUsers({ client: client(i), pageSize: 50 }, { PathPrefix: '/acked/' })) {
        for (const user of page.Users ?? []) listed.push(user.UserName ?? '');
      }
      assert.deepEqual(listed.sort(), [...acknowledged].sort());
    }
  });
});
