import { PostgresDialect } from 'kysely';
import pg from 'pg';

/** Connections per Ward node; PostgreSQL's default `max_connections` (100) serves several nodes. */
const POOL_SIZE = 10;

/**
 * A connection pool to `connectionString` wrapped in Kysely's PostgreSQL dialect. Connections open
 * lazily, on the first query.
 */
export function createDialect(options: { connectionString: string }): { dialect: PostgresDialect; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: POOL_SIZE, application_name: 'ward' });
  // An idle connection dropped by the server (restart, failover) emits 'error' on the pool; without a
  // listener Node would exit. The next query opens a new connection.
  pool.on('error', () => undefined);
  return { dialect: new PostgresDialect({ pool }), pool };
}
