/**
 * The credential report's CSV, as IAM writes it ("Generate credential reports for your AWS account",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html, "Understanding the
 * report format"). Pure: rows of facts in, text out.
 *
 * Where the User Guide's prose and the reports IAM actually hands out differ, this follows the reports
 * (as reports captured in clients' test fixtures show them): booleans are lower
 * case `true`/`false` (the guide says `TRUE`/`FALSE`); times are UTC to the second with an explicit
 * offset (`2017-06-10T02:43:37+00:00`); lines end with `\n` and the last has none; the root user's row is
 * the first, named `<root_account>`, the users follow by name; and an inactive access key or certificate
 * still shows when it was created and last used (the guide says `N/A` "if the user does not have an
 * active access key", but reports show the dates of inactive keys beside `false`, and so does moto's
 * emulation, `User.to_csv` in moto/iam/models.py). Sources of the real format: a report captured by
 * Prowler's maintainers (https://gist.github.com/bfallik/c33e06f03ffa3f7d874fe200328f888b: `+00:00`
 * times, `<root_account>`) and scripts that test `"$mfa" != true`
 * (https://gist.github.com/shokoe/987f0c14fa72dd9984e5ae31efb9c531).
 */

/** The report's columns, in IAM's order. */
export const CREDENTIAL_REPORT_COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed',
  'password_next_rotation', 'mfa_active',
  'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date', 'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
] as const;

/** The `user` of the root user's row. */
export const ROOT_ACCOUNT_NAME = '<root_account>';

/** "Not applicable": the credential does not exist, or the key was never used. */
const NOT_APPLICABLE = 'N/A';
/** The root user's password columns: always this (the root user has no IAM login profile). */
const NOT_SUPPORTED = 'not_supported';
/** A password that exists but whose use IAM has no record of. */
const NO_INFORMATION = 'no_information';

/** When and where an access key last signed a request (the store's `AccessKeyLastUse`). */
export interface ReportedKeyUse {
  /** ISO 8601, UTC. */
  readonly date: string;
  readonly region: string;
  readonly serviceName: string;
}

/** An access key or an X.509 signing certificate, as the report shows it. */
export interface ReportedCredential {
  readonly active: boolean;
  /** ISO 8601, UTC: creation (IAM never changes a key or certificate in place, so this is its last rotation). */
  readonly createdAt: string;
  /** Access keys only: the last recorded use, absent while never used. */
  readonly lastUsed?: ReportedKeyUse;
}

/** A console password: when it was last set, and when the account's password policy wants the next one. */
export interface ReportedPassword {
  /** ISO 8601, UTC. */
  readonly lastChanged: string;
  /** ISO 8601, UTC; absent unless the password policy sets MaxPasswordAge. */
  readonly nextRotation?: string;
}

/** What the report says of one identity: the root user or an IAM user. */
export interface CredentialReportRow {
  readonly kind: 'root' | 'user';
  /** The user's name (ignored for the root user, whose row is `<root_account>`). */
  readonly name: string;
  readonly arn: string;
  /** ISO 8601, UTC: the user's creation; the account's for the root user. */
  readonly createdAt: string;
  /** IAM users only: the login profile's password, absent when the user has none. */
  readonly password?: ReportedPassword;
  readonly mfaActive: boolean;
  /** Oldest first; the report has room for two. */
  readonly accessKeys: readonly ReportedCredential[];
  /** Oldest first; the report has room for two. */
  readonly signingCertificates: readonly ReportedCredential[];
}

/** A time as the report writes it: `2017-06-10T02:43:37+00:00` (UTC, whole seconds). */
export function reportTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}+00:00`;
}

function flag(value: boolean): string {
  return value ? 'true' : 'false';
}

/** The five access key columns of key `key` (none: `false` and `N/A`). */
function accessKeyFields(key: ReportedCredential | undefined): string[] {
  if (key === undefined) return ['false', NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE];
  const use = key.lastUsed;
  return [
    flag(key.active), reportTime(key.createdAt),
    use !== undefined ? reportTime(use.date) : NOT_APPLICABLE,
    use?.region ?? NOT_APPLICABLE,
    use?.serviceName ?? NOT_APPLICABLE,
  ];
}

/** The two certificate columns of `certificate`. */
function certificateFields(certificate: ReportedCredential | undefined): string[] {
  return certificate === undefined ? ['false', NOT_APPLICABLE] : [flag(certificate.active), reportTime(certificate.createdAt)];
}

/**
 * The password columns. The root user's are `not_supported` but for its last use, which Ward cannot know
 * (it has no console sign-in), so `no_information`, as IAM writes it for a password "never used". For the
 * same reason a user's password is always `no_information` when it exists (IAM's words for a password
 * that "has never been used"), and `N/A` when the user has none.
 */
function passwordFields(row: CredentialReportRow): string[] {
  if (row.kind === 'root') return [NOT_SUPPORTED, NO_INFORMATION, NOT_SUPPORTED, NOT_SUPPORTED];
  const password = row.password;
  if (password === undefined) return ['false', NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE];
  return [
    'true', NO_INFORMATION, reportTime(password.lastChanged),
    password.nextRotation !== undefined ? reportTime(password.nextRotation) : NOT_APPLICABLE,
  ];
}

/**
 * One field as RFC 4180 writes it: quoted (quotes doubled) when it holds a comma, a quote or a line
 * break. IAM names may hold commas (`[\w+=,.@-]+`) and paths, hence ARNs, commas and quotes.
 */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The fields of one row, in {@link CREDENTIAL_REPORT_COLUMNS}' order. */
export function credentialReportFields(row: CredentialReportRow): string[] {
  return [
    row.kind === 'root' ? ROOT_ACCOUNT_NAME : row.name, row.arn, reportTime(row.createdAt),
    ...passwordFields(row),
    flag(row.mfaActive),
    ...accessKeyFields(row.accessKeys[0]), ...accessKeyFields(row.accessKeys[1]),
    ...certificateFields(row.signingCertificates[0]), ...certificateFields(row.signingCertificates[1]),
  ];
}

/** The whole report: the header, then one line per row in the order given; no line break after the last. */
export function credentialReportCsv(rows: readonly CredentialReportRow[]): string {
  const lines = [CREDENTIAL_REPORT_COLUMNS.join(',')];
  for (const row of rows) lines.push(credentialReportFields(row).map(csvField).join(','));
  return lines.join('\n');
}
