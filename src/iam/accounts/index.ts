/** Accounts: every entity lives in a 12-digit account; each has a root user. */
export { createAccount, type AccountDeps, type CreatedAccount } from './create-account.js';
export { ensureDefaultAccount, DEFAULT_ACCOUNT_SETTING, type DefaultAccount } from './default-account.js';
