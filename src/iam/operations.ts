import type { IamDeps, OperationTable } from './operation.js';
import { accessKeyOperations } from './access-keys/operations.js';
import { accountOperations } from './account/operations.js';
import { credentialOperations } from './credentials/operations.js';
import { groupOperations } from './groups/operations.js';
import { mfaOperations } from './mfa/operations.js';
import { policyOperations } from './policies/operations.js';
import { providerOperations } from './providers/operations.js';
import { reportOperations } from './reports/operations.js';
import { roleOperations } from './roles/operations.js';
import { simulationOperations } from './simulation/operations.js';
import { userOperations } from './users/operations.js';

/** Every implemented IAM operation. The rest of IAM's model answers NotImplemented. */
export function iamOperations(deps: IamDeps): OperationTable {
  return {
    ...userOperations(deps),
    ...groupOperations(deps),
    ...accessKeyOperations(deps),
    ...policyOperations(deps),
    ...roleOperations(deps),
    ...simulationOperations(deps),
    ...providerOperations(deps),
    ...accountOperations(deps),
    ...mfaOperations(deps),
    ...credentialOperations(deps),
    ...reportOperations(deps),
  };
}
