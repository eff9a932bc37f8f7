import { type Clock, type RandomSource, AwsError, isAccountId, newAccessKeyId, newAccountId } from '../../kernel/index.js';
import type { AccountRecord, StoreTransaction } from '../../store/port.js';
import { StoreConflict } from '../../store/port.js';

/** What creating an account needs from outside: randomness, time, and sealing of secrets. */
export interface AccountDeps {
  readonly random: RandomSource;
  readonly clock: Clock;
  /** Seals a secret access key bound to its key id (AES-256-GCM, see src/secrets). */
  readonly sealSecret: (secret: string, accessKeyId: string) => string;
  /** A new 40-character secret access key. */
  readonly newSecretAccessKey: () => string;
}

/** A new account and its root user's first access key. The secret exists only in this value. */
export interface CreatedAccount {
  readonly account: AccountRecord;
  readonly rootAccessKeyId: string;
  readonly rootSecretAccessKey: string;
}

/**
 * Creates an account with a root access key. `id` is a 12-digit account id (random when absent);
 * `EntityAlreadyExists` if an account with that id exists.
 */
export async function createAccount(
  tx: StoreTransaction, deps: AccountDeps, input: { readonly id?: string; readonly name: string },
): Promise<CreatedAccount> {
  if (input.id !== undefined && !isAccountId(input.id)) {
    throw new AwsError('ValidationError', `The account id ${input.id} is not 12 digits.`);
  }
  const id = input.id ?? newAccountId(deps.random);
  const createdAt = new Date(deps.clock.now()).toISOString();
  const account: AccountRecord = { id, name: input.name, createdAt };
  const rootAccessKeyId = newAccessKeyId(deps.random);
  const rootSecretAccessKey = deps.newSecretAccessKey();
  try {
    await tx.createAccount(account);
    await tx.createAccessKey({
      accessKeyId: rootAccessKeyId,
      accountId: id,
      owner: { kind: 'root' },
      sealedSecret: deps.sealSecret(rootSecretAccessKey, rootAccessKeyId),
      status: 'Active',
      createdAt,
    });
  } catch (error) {
    if (error instanceof StoreConflict) throw new AwsError('EntityAlreadyExists', `Account ${id} already exists.`, { status: 409 });
    throw error;
  }
  return { account, rootAccessKeyId, rootSecretAccessKey };
}
