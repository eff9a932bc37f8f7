import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { StoreChange } from '../port.js';
import type { Database } from '../kysely/index.js';

/** The channel Ward's nodes announce committed IAM changes on. */
export const CHANGES_CHANNEL = 'ward_iam_changed';
/** `application_name` of the listening connection (visible in `pg_stat_activity`). */
export const LISTENER_APPLICATION_NAME = 'ward-listen';

/** First reconnect delay ceiling; it doubles per failed attempt up to {@link MAX_RECONNECT_MS}; the delay is 50–100 % of it. */
const FIRST_RECONNECT_MS = 100;
const MAX_RECONNECT_MS = 5_000;
/**
 * How often the idle listening connection is checked with a query: a connection whose peer vanished
 * without closing it (a network partition) would otherwise wait forever, missing every notification.
 */
const PING_INTERVAL_MS = 10_000;
const PING_TIMEOUT_MS = 5_000;

/**
 * Cross-node change announcements over PostgreSQL LISTEN/NOTIFY.
 *
 * Payload: `<account id or *> <node id>`. The node id (random per store) lets a node skip its own
 * announcements, which its store has already told its listeners about at commit. A payload of any other
 * shape is taken as `everything`, the safe reading.
 */
export function createChangeChannel(options: { readonly connectionString: string }): {
  announce(trx: Kysely<Database>, changes: readonly StoreChange[]): Promise<void>;
  listen(handler: (change: StoreChange) => void): Promise<{ close(): Promise<void> }>;
} {
  const nodeId = randomUUID();
  return {
    async announce(trx, changes) {
      // pg_notify inside the transaction: PostgreSQL delivers it on commit only, and drops it on rollback.
      for (const change of changes) {
        const target = change.kind === 'account' ? change.accountId : '*';
        await sql`select pg_notify(${CHANGES_CHANNEL}, ${`${target} ${nodeId}`})`.execute(trx);
      }
    },
    async listen(handler) {
      const listener = new ChangeListener(options.connectionString, (payload) => {
        const [target = '', origin] = payload.split(' ');
        if (origin === nodeId) return;
        handler(/^\d{12}$/.test(target) ? { kind: 'account', accountId: target } : { kind: 'everything' });
      }, () => handler({ kind: 'everything' }));
      await listener.start();
      return listener;
    },
  };
}

/**
 * One dedicated connection per node that LISTENs on {@link CHANGES_CHANNEL}. When it is lost (server
 * restart, failover, a killed backend, a failed ping) it reconnects with exponential backoff and jitter, and calls `onListening` after every successful LISTEN: notifications sent while it was away
 * are gone, so the node must assume everything changed.
 */
class ChangeListener {
  #client: pg.Client | undefined;
  #closed = false;
  #attempt = 0;
  #reconnect: NodeJS.Timeout | undefined;
  #ping: NodeJS.Timeout | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly onPayload: (payload: string) => void,
    private readonly onListening: () => void,
  ) {}

  /** The first connection: rejects if it fails (the caller decides; no retry loop is left behind). */
  async start(): Promise<void> {
    await this.#connect();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#reconnect);
    clearInterval(this.#ping);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: LISTENER_APPLICATION_NAME,
      keepAlive: true,
      query_timeout: PING_TIMEOUT_MS,
    });
    client.on('notification', (message) => {
      if (message.channel === CHANGES_CHANNEL) this.onPayload(message.payload ?? '');
    });
    // Without an 'error' listener a lost connection would crash the process.
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    try {
      await client.connect();
      await client.query(`listen ${CHANGES_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
    this.#attempt = 0;
    clearInterval(this.#ping);
    this.#ping = setInterval(() => {
      client.query('select 1').catch(() => this.#lost(client));
    }, PING_INTERVAL_MS);
    this.#ping.unref();
    this.onListening();
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    clearInterval(this.#ping);
    void client.end().catch(() => undefined);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#closed) return;
    const ceiling = Math.min(MAX_RECONNECT_MS, FIRST_RECONNECT_MS * 2 ** this.#attempt);
    this.#attempt += 1;
    this.#reconnect = setTimeout(() => {
      this.#connect().catch(() => this.#schedule());
    }, ceiling / 2 + Math.random() * (ceiling / 2));
    this.#reconnect.unref();
  }
}
