import type { StoreReads, StoreTransaction } from '../../store/port.js';
import { accountOf, write } from '../caller-account.js';
import { iamError } from '../errors.js';
import type { IamDeps, OperationTable } from '../operation.js';
import { credentialReportCsv } from '../../analysis/credential-report.js';
import { credentialReportRows } from './credential-report-rows.js';

/**
 * GenerateCredentialReport and GetCredentialReport
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GenerateCredentialReport.html,
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetCredentialReport.html) with the User Guide's
 * rules ("Generate credential reports for your AWS account",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html): "You can generate
 * a credential report as often as once every four hours. When you request a report, IAM first checks
 * whether a report for the AWS account has been generated within the past four hours. If so, the most
 * recent report is downloaded. If the most recent report for the account is older than four hours, or if
 * there are no previous reports for the account, IAM generates [...] a new report."
 *
 * **Decision** (generation): Ward builds the report inside the GenerateCredentialReport call, from one
 * consistent read of the store, instead of in the background as IAM does. So the call that starts a report
 * answers `STARTED` (with IAM's Description when there was none) and the report is there at once: the next
 * GenerateCredentialReport answers `COMPLETE`, and GetCredentialReport never answers ReportInProgress.
 * Clients written for IAM (poll GenerateCredentialReport until `COMPLETE`, or retry GetCredentialReport on
 * ReportInProgress) work unchanged.
 *
 * **Decision** (storage): the store port has no report table, so the account's latest report is one
 * setting, `credential-report/<account>` → JSON `{generatedTime, content}` (the CSV as text), shared by
 * every node on PostgreSQL. INVARIANT: at most one report is made per four hours per account: the write
 * checks, in the same serializable transaction, that no fresh report was stored meanwhile (two nodes
 * racing both build one; the second to commit is retried, sees the first's and keeps it).
 */

/** How long a report is served, and how long GenerateCredentialReport reuses it. */
export const REPORT_LIFETIME_MS = 4 * 60 * 60 * 1000;

/** IAM's Description for a generation that had no earlier report (the API reference's sample response). */
const NO_REPORT_DESCRIPTION = 'No report exists. Starting a new report generation task';

/** The account's stored report. */
interface StoredReport {
  /** ISO 8601, UTC. */
  readonly generatedTime: string;
  /** The CSV (src/analysis/credential-report.ts). */
  readonly content: string;
}

const settingName = (accountId: string) => `credential-report/${accountId}`;

/** The account's latest report, if one was ever generated. */
async function storedReport(tx: Pick<StoreReads, 'getSetting'>, accountId: string): Promise<StoredReport | undefined> {
  const value = await tx.getSetting(settingName(accountId));
  if (value === undefined || value === '') return undefined;
  const parsed = JSON.parse(value) as Partial<StoredReport>;
  if (typeof parsed.generatedTime !== 'string' || typeof parsed.content !== 'string') return undefined;
  return { generatedTime: parsed.generatedTime, content: parsed.content };
}

/** Whether a report is four hours old or older at `now`: no longer reused nor served. */
function expired(report: StoredReport, now: number): boolean {
  return now - Date.parse(report.generatedTime) >= REPORT_LIFETIME_MS;
}

/** The credential report operations. */
export function credentialReportOperations(deps: IamDeps): OperationTable {
  return {
    GenerateCredentialReport: async ({ caller }) => {
      const accountId = accountOf(caller);
      const now = deps.clock.now();
      const previous = await storedReport(deps.store, accountId);
      if (previous !== undefined && !expired(previous, now)) return { State: 'COMPLETE' };
      // Built outside the write transaction: a long read must not hold SQLite's single writer.
      const content = credentialReportCsv(await deps.store.read((tx) => credentialReportRows(tx, deps.partition, accountId)));
      return write(deps, async (tx: StoreTransaction) => {
        const latest = await storedReport(tx, accountId);
        if (latest !== undefined && !expired(latest, now)) return { State: 'COMPLETE' };
        await tx.setSetting(settingName(accountId), JSON.stringify({ generatedTime: new Date(now).toISOString(), content }));
        return { State: 'STARTED', ...(latest === undefined ? { Description: NO_REPORT_DESCRIPTION } : {}) };
      });
    },

    // Errors as the model has them (ReportNotPresent and ReportExpired, HTTP 410), with the API reference's
    // words (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetCredentialReport.html): IAM itself sends these codes without a message (clients print "Unknown", prowler-cloud/prowler#272).
    GetCredentialReport: async ({ caller }) => {
      const accountId = accountOf(caller);
      const report = await storedReport(deps.store, accountId);
      if (report === undefined) {
        throw iamError('ReportNotPresent', 'The request was rejected because the credential report does not exist. To generate a credential report, use GenerateCredentialReport.');
      }
      if (expired(report, deps.clock.now())) {
        throw iamError('ReportExpired', 'The request was rejected because the most recent credential report has expired. To generate a new credential report, use GenerateCredentialReport. For more information about credential report expiration, see Getting credential reports in the IAM User Guide.');
      }
      return {
        // A blob member: the protocol layer writes a string as the base64 it already is. Bytes would be
        // encoded there too, but through one call's argument list, which a report of a few hundred users
        // overflows.
        Content: Buffer.from(report.content, 'utf8').toString('base64'),
        ReportFormat: 'text/csv',
        GeneratedTime: new Date(report.generatedTime),
      };
    },
  };
}
