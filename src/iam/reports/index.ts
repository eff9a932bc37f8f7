/**
 * IAM's account reports: the credential report (GenerateCredentialReport, GetCredentialReport), kept per
 * account in the store's settings; its CSV format in `src/analysis/credential-report.ts` (pure, as DESIGN.md places it).
 */
export { reportOperations } from './operations.js';
export { CREDENTIAL_REPORT_COLUMNS, ROOT_ACCOUNT_NAME } from '../../analysis/credential-report.js';
export { REPORT_LIFETIME_MS } from './credential-report.js';
