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

/**
 * What IAM's domain code needs from outside. Built once by the server. Operations announce nothing: the
 * store announces every committed IAM write itself (`Store.onChanged`), and the server drops its caches
 * from those announcements.
 */
export interface IamDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly random: RandomSource;
  /** The partition of ARNs (`aws`, `aws-cn`, ...). */
  readonly partition: string;
  /** Seals / opens a secret bound to an id (AES-256-GCM, src/secrets). */
  readonly sealSecret: (secret: string, id: string) => string;
  /**
   * Opens what {@link IamDeps.sealSecret} sealed for the same id (throws when it does not open). Virtual MFA
   * needs it to check TOTP codes against a device's sealed seed; optional until every composition root
   * provides it (MFA answers ServiceFailure without it).
   */
  readonly openSecret?: (sealed: string, id: string) => string;
  readonly newSecretAccessKey: () => string;
}
