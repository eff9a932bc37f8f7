// End to end on PostgreSQL: two Ward nodes share one database (and one WARD_MASTER_KEY); the root key
// created by the first verifies on the second. If PostgreSQL cannot start, this fails: it never skips.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startPostgres } from '../store/test-support/postgres.js';
import { type WardProcess, startWardProcess, tempDir } from './test-support/ward-process.js';
import { type ClientTarget, awsCli, boto3 } from './test-support/clients.js';

describe('two Ward nodes on one PostgreSQL', () => {
  const dirA = tempDir();
  const dirB = tempDir();
  let postgres: { url: string; stop(): Promise<void> };
  let nodeA: WardProcess;
  let nodeB: WardProcess;
  const env = () => ({ WARD_DATABASE_URL: postgres.url, WARD_MASTER_KEY: Buffer.alloc(32, 9).toString('base64') });

  before(async () => {
    postgres = await startPostgres();
    nodeA = await startWardProcess({ dataDir: dirA.path, env: env(), args: ['--account-id', '444455556666'] });
    nodeB = await startWardProcess({ dataDir: dirB.path, env: env() });
  });
  after(async () => {
    await nodeA?.stop();
    await nodeB?.stop();
    await postgres?.stop();
    dirA.remove();
    dirB.remove();
  });

  test('the first node creates the default account; the second finds it', () => {
    assert.equal(nodeA.accountId, '444455556666');
    assert.ok(nodeA.secretAccessKey);
    assert.equal(nodeB.accountId, '444455556666');
    assert.equal(nodeB.secretAccessKey, undefined);
    assert.match(nodeA.stdout(), /PostgreSQL/);
  });

  test('the root key works on both nodes with the aws CLI, boto3 and SDK v3', async () => {
    for (const node of [nodeA, nodeB]) {
      const target: ClientTarget = { url: node.url, accessKeyId: nodeA.accessKeyId ?? '', secretAccessKey: nodeA.secretAccessKey ?? '' };
      const cli = await awsCli(target, ['sts', 'get-caller-identity']);
      assert.equal(cli.code, 0, cli.stderr);
      assert.equal((JSON.parse(cli.stdout) as { Arn: string }).Arn, 'arn:aws:iam::444455556666:root');
      const py = await boto3(target, "import boto3, os\nprint(boto3.client('sts', endpoint_url=os.environ['WARD_URL']).get_caller_identity()['Account'])");
      assert.equal(py.stdout.trim(), '444455556666', py.stderr);
      const client = new STSClient({ endpoint: node.url, region: 'us-east-1', credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey } });
      assert.equal((await client.send(new GetCallerIdentityCommand({}))).Account, '444455556666');
    }
  });

  test('no table holds the root secret in plain text', async () => {
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      const secret = nodeA.secretAccessKey ?? '';
      const tables = await client.query<{ table_name: string }>("select table_name from information_schema.tables where table_schema = 'public'");
      assert.ok(tables.rows.length > 0);
      for (const { table_name } of tables.rows) {
        const rows = await client.query(`select * from "${table_name}"`);
        assert.equal(JSON.stringify(rows.rows).includes(secret), false, `${table_name} contains the secret`);
      }
    } finally {
      await client.end();
    }
  });
});
