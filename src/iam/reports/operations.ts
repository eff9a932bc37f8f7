import type { IamDeps, OperationTable } from '../operation.js';
import { credentialReportOperations } from './credential-report.js';

/** IAM's account reports: the credential report (GenerateCredentialReport, GetCredentialReport). */
export function reportOperations(deps: IamDeps): OperationTable {
  return { ...credentialReportOperations(deps) };
}
