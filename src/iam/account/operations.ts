import type { IamDeps, OperationTable } from '../operation.js';
import { accountAliasOperations } from './account-aliases.js';
import { accountSummaryOperations } from './account-summary.js';
import { authorizationDetailsOperations } from './authorization-details.js';

/** IAM's account-level operations: aliases, GetAccountSummary, GetAccountAuthorizationDetails. */
export function accountOperations(deps: IamDeps): OperationTable {
  return { ...accountAliasOperations(deps), ...accountSummaryOperations(deps), ...authorizationDetailsOperations(deps) };
}
