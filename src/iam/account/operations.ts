import type { IamDeps, OperationTable } from '../operation.js';
import { accountAliasOperations } from './account-aliases.js';
import { accountSummaryOperations } from './account-summary.js';
import { authorizationDetailsOperations } from './authorization-details.js';
import { stsPreferenceOperations } from './sts-preferences.js';

/**
 * IAM's account-level operations: aliases, GetAccountSummary, GetAccountAuthorizationDetails,
 * SetSecurityTokenServicePreferences.
 */
export function accountOperations(deps: IamDeps): OperationTable {
  return {
    ...accountAliasOperations(deps), ...accountSummaryOperations(deps), ...authorizationDetailsOperations(deps), ...stsPreferenceOperations(deps),
  };
}
