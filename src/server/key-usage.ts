import type { AccessKeyUse, Store } from '../store/port.js';
import type { KeyUse } from './authenticator.js';

/** How often recorded key uses are written to the store, by default: GetAccessKeyLastUsed lags by up to this. */
export const DEFAULT_KEY_USE_FLUSH_MS = 5_000;

/**
 * Access key last use (GetAccessKeyLastUsed), recorded without a database write per request: each
 * authenticated request updates an in-memory map (the latest use per key), and the map is written to the
 * store every `intervalMs` and on `close()`, in one transaction (`Store.recordAccessKeyUse`, which never
 * moves a key's last use backwards, so nodes flushing in any order agree).
 *
 * A failed flush puts its uses back (unless newer ones arrived meanwhile) for the next one; a failure of
 * the last flush, at shutdown, loses at most one interval of last-use times, never an IAM write.
 */
export class KeyUsageRecorder {
  private pending = new Map<string, KeyUse>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  /** Flushes that failed (tests, metrics). */
  failures = 0;

  constructor(
    private readonly store: Pick<Store, 'recordAccessKeyUse'>,
    private readonly intervalMs: number = DEFAULT_KEY_USE_FLUSH_MS,
  ) {}

  /** Notes a use, as the authenticator reports it; O(1), no I/O (the store's form is made at the flush). */
  record(use: KeyUse): void {
    const previous = this.pending.get(use.accessKeyId);
    if (previous === undefined || previous.at <= use.at) this.pending.set(use.accessKeyId, use);
  }

  /** Keys with uses not yet written. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Starts the periodic flush (the timer does not keep the process alive). */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  /** Writes the uses recorded so far in one transaction; flushes run one at a time. Never throws. */
  flush(): Promise<void> {
    const run = this.flushing.then(async () => {
      if (this.pending.size === 0) return;
      const batch = [...this.pending.values()];
      this.pending = new Map();
      try {
        await this.store.recordAccessKeyUse(batch.map(stored));
      } catch {
        this.failures += 1;
        for (const use of batch) this.record(use);
      }
    });
    this.flushing = run;
    return run;
  }

  /** Stops the timer and writes what is left. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}

/** A use as the store keeps it: GetAccessKeyLastUsed's date, service name and region. */
function stored(use: KeyUse): AccessKeyUse {
  return { accessKeyId: use.accessKeyId, date: new Date(use.at).toISOString(), serviceName: use.service, region: use.region };
}
