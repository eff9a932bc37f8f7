import assert from 'node:assert/strict';
import { it } from 'node:test';
import pg from 'pg';
import { startPostgres } from './postgres.js';

it('starts a PostgreSQL 15 that answers on its URL, and stop() removes it', async () => {
  const server = await startPostgres();
  const url = new URL(server.url);
  assert.equal(url.hostname, '127.0.0.1');
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    assert.match(rows[0]?.server_version ?? '', /^15\./);
  } finally {
    await client.end();
  }
  await server.stop();
  await server.stop();
  const probe = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 2_000 });
  await assert.rejects(probe.connect());
  await probe.end().catch(() => undefined);
});

it('throws, rather than skips, when PostgreSQL cannot start', async () => {
  const path = process.env['PATH'];
  process.env['PATH'] = '/nonexistent';
  try {
    await assert.rejects(startPostgres(), /could not start a test PostgreSQL/);
  } finally {
    process.env['PATH'] = path;
  }
});

it('lets several servers run at once', async () => {
  const servers = await Promise.all([startPostgres(), startPostgres()]);
  try {
    assert.notEqual(servers[0].url, servers[1].url);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
});
