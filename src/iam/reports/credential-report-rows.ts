import type { AccessKeyRecord, IamEntityRecord, StoreReads } from '../../store/port.js';
import {
  type LoginProfileData, type SigningCertificateData, type UserData, dataOf,
} from '../records.js';
import type { CredentialReportRow, ReportedCredential } from '../../analysis/credential-report.js';
import { passwordPolicyOf } from '../credentials/index.js';
import { ownerKey, ownerPath } from '../credentials/index.js';
import { listAllEntities } from '../paging.js';

/**
 * Reads what the credential report says of an account from the store: the root user (the account's
 * creation, its access keys and signing certificates) and every IAM user (login profile, MFA devices,
 * access keys, signing certificates). No secret is read: key secrets, password hashes and certificate
 * bodies stay where they are.
 *
 * Cost: one listing of the users, of the login profiles and of the signing certificates (`listAllEntities`,
 * page by page), plus one access key read per user — proportional to the report's own size.
 */

const DAY_MS = 86_400_000;

/** Where `src/iam/credentials/` files the root user's signing certificates. */
const ROOT_OWNER_PATH = ownerPath(ownerKey({ kind: 'root' }));

/** Oldest first, then by id: the order `access_key_1`/`access_key_2` and `cert_1`/`cert_2` take. */
function byCreation(a: string, aId: string, b: string, bId: string): number {
  return a < b ? -1 : a > b ? 1 : aId < bId ? -1 : aId > bId ? 1 : 0;
}

function reportedKeys(keys: readonly AccessKeyRecord[]): ReportedCredential[] {
  return [...keys].sort((a, b) => byCreation(a.createdAt, a.accessKeyId, b.createdAt, b.accessKeyId))
    .map((key) => ({ active: key.status === 'Active', createdAt: key.createdAt, ...(key.lastUsed !== undefined ? { lastUsed: key.lastUsed } : {}) }));
}

function reportedCertificates(certificates: readonly IamEntityRecord[]): ReportedCredential[] {
  return [...certificates].sort((a, b) => byCreation(a.createdAt, a.name, b.createdAt, b.name))
    .map((c) => ({ active: dataOf<SigningCertificateData>(c).status === 'Active', createdAt: c.createdAt }));
}

/**
 * When a password set at `setDate` must be changed: MaxPasswordAge days later ("Set an account password
 * policy for IAM users": "the number of days that an IAM user password is valid"), or never without one.
 */
function nextRotation(setDate: string, maxPasswordAge: number | undefined): string | undefined {
  if (maxPasswordAge === undefined) return undefined;
  return new Date(Date.parse(setDate) + maxPasswordAge * DAY_MS).toISOString();
}

/**
 * The report's rows for `accountId`: the root user first, then every IAM user by name (ignoring case, as
 * ListUsers orders them). Run it in one `Store.read` so the report is one consistent snapshot.
 */
export async function credentialReportRows(tx: StoreReads, partition: string, accountId: string): Promise<CredentialReportRow[]> {
  const account = await tx.getAccount(accountId);
  if (account === undefined) throw new Error(`no account ${accountId}`);
  const maxPasswordAge = (await passwordPolicyOf(tx, accountId))?.maxPasswordAge;

  // Login profiles are named by their user's unique id; certificates are filed under `/<owner id>/`.
  const profiles = new Map<string, LoginProfileData>();
  (await listAllEntities(tx, accountId, 'login-profile')).forEach((p) => profiles.set(p.name, dataOf<LoginProfileData>(p)));
  const certificates = new Map<string, IamEntityRecord[]>();
  (await listAllEntities(tx, accountId, 'signing-certificate')).forEach((c) => {
    const owned = certificates.get(c.path);
    if (owned === undefined) certificates.set(c.path, [c]);
    else owned.push(c);
  });

  const rows: CredentialReportRow[] = [{
    kind: 'root', name: '', arn: `arn:${partition}:iam::${accountId}:root`,
    createdAt: account.createdAt,
    // The root user's MFA is a console matter Ward does not offer (src/iam/mfa): never active.
    mfaActive: false,
    accessKeys: reportedKeys(await tx.listAccessKeys(accountId, { kind: 'root' })),
    signingCertificates: reportedCertificates(certificates.get(ROOT_OWNER_PATH) ?? []),
  }];

  for (const user of await listAllEntities(tx, accountId, 'user')) {
    const profile = profiles.get(user.id);
    const next = profile !== undefined ? nextRotation(profile.passwordSetDate, maxPasswordAge) : undefined;
    rows.push({
      kind: 'user', name: user.name, arn: user.arn, createdAt: user.createdAt,
      ...(profile !== undefined ? { password: { lastChanged: profile.passwordSetDate, ...(next !== undefined ? { nextRotation: next } : {}) } } : {}),
      mfaActive: (dataOf<UserData>(user).mfaDevices ?? []).length > 0,
      accessKeys: reportedKeys(await tx.listAccessKeys(accountId, { kind: 'user', userName: user.name })),
      signingCertificates: reportedCertificates(certificates.get(ownerPath(user.id)) ?? []),
    });
  }
  return rows;
}
