// A throw-away PostgreSQL with an IAM harness on it, for the `postgres.test.ts` suites: registers the
// suite's `before` (start the server, open the harness, then `ready`) and `after` (close the harness, stop
// the server) hooks in the calling `describe`.
import { after, before } from 'node:test';
import { type TestPostgres, startPostgres } from '../../store/test-support/postgres.js';

/**
 * Starts a PostgreSQL before the suite, opens `open(databaseUrl)` on it and hands the harness to `ready`
 * (keep it there, seed what the suite needs); closes the harness and stops the server after the suite.
 */
export function onThrowawayPostgres<H extends { close(): Promise<void> }>(
  open: (databaseUrl: string) => Promise<H>,
  ready: (harness: H) => void | Promise<void>,
): void {
  let server: TestPostgres | undefined;
  let harness: H | undefined;
  before(async () => {
    server = await startPostgres();
    harness = await open(server.url);
    await ready(harness);
  });
  after(async () => {
    await harness?.close();
    await server?.stop();
  });
}
