/**
 * IAM's account-level operations (aliases, the account summary, the authorization details snapshot).
 * Other folders read an account's alias through {@link accountAlias} (e.g. the console sign-in URL).
 */
export { accountOperations } from './operations.js';
export { accountAlias } from './account-aliases.js';
