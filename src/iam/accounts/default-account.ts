import type { Store } from '../../store/port.js';
import { type AccountDeps, type CreatedAccount, createAccount } from './create-account.js';

/** The setting that names the installation's default account. */
export const DEFAULT_ACCOUNT_SETTING = 'default-account-id';

/** The default account, and its root credentials when this call created it (first start or reset). */
export interface DefaultAccount {
  readonly accountId: string;
  readonly created?: CreatedAccount;
}

/**
 * Returns the installation's default account, creating it with root credentials on first start.
 * `accountId` applies only when the account is created.
 */
export async function ensureDefaultAccount(
  store: Store, deps: AccountDeps, options: { readonly accountId?: string; readonly name?: string },
): Promise<DefaultAccount> {
  return store.transaction(async (tx) => {
    const existing = await tx.getSetting(DEFAULT_ACCOUNT_SETTING);
    if (existing !== undefined) return { accountId: existing };
    const created = await createAccount(tx, deps, { id: options.accountId, name: options.name ?? 'default' });
    await tx.setSetting(DEFAULT_ACCOUNT_SETTING, created.account.id);
    return { accountId: created.account.id, created };
  });
}
