/**
 * IAM's account reports: the credential report (GenerateCredentialReport, GetCredentialReport), kept per
 * account in the store's settings; its CSV format in `src/analysis/credential-report.ts` (pure, as DESIGN.md places it).
 */
export { reportOperations } from './operations.js';
