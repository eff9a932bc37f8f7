import type { Caller } from '../authn/caller.js';
import type { Clock, RandomSource } from '../kernel/index.js';
import type { Store } from '../store/port.js';

/**
 * What an operation handler receives: the typed input (member name → value, as the protocol layer read it
 * from the model; lists as arrays, structures as objects, integers as numbers, timestamps as Dates) and the
 * authenticated, already authorized caller.
 */
export interface OperationContext {
  readonly caller: Caller;
  readonly input: Readonly<Record<string, unknown>>;
  readonly requestId: string;
}

/** An operation: its output shaped like the model's output shape (plain data; undefined members left out). */
export type OperationHandler = (context: OperationContext) => Promise<Record<string, unknown>>;

/** Operations by action name (`CreateUser`, ...). */
export type OperationTable = Readonly<Record<string, OperationHandler>>;

/** What IAM's domain code needs from outside. Built once by the server. */
export interface IamDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly random: RandomSource;
  /** The partition of ARNs (`aws`, `aws-cn`, ...). */
  readonly partition: string;
  /** Seals / opens a secret bound to an id (AES-256-GCM, src/secrets). */
  readonly sealSecret: (secret: string, id: string) => string;
  readonly newSecretAccessKey: () => string;
  /**
   * Called after a write to an account's IAM state has committed, so that compiled authorization
   * snapshots and credential caches can be dropped.
   */
  readonly changed: (accountId: string) => void;
}
