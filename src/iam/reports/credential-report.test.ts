// Service tests of GenerateCredentialReport and GetCredentialReport on a real SQLite store, with a fixed
// clock. Rules: API_GenerateCredentialReport and API_GetCredentialReport (IAM API Reference: State
// STARTED/COMPLETE, the "No report exists. Starting a new report generation task" Description,
// ReportNotPresent and ReportExpired with HTTP 410, Content, ReportFormat text/csv, GeneratedTime) and
// "Generate credential reports for your AWS account" (IAM User Guide, id_credentials_getting-report: the
// columns and their values; "as often as once every four hours", reusing a report younger than that).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rootCaller } from '../../authn/caller.js';
import { ACCOUNT, NOW, type IamHarness, openIamHarness } from '../test-support/harness.js';
import { type MfaHarness, consecutiveCodes, createDevice, openMfaHarness } from '../mfa/test-support/harness.js';
import { selfSigned } from '../credentials/test-support/keys.js';
import { CREDENTIAL_REPORT_COLUMNS } from '../../analysis/credential-report.js';
import { REPORT_LIFETIME_MS } from './credential-report.js';

// The columns themselves are pinned by the analysis tests (src/analysis/credential-report.test.ts).
const HEADER = CREDENTIAL_REPORT_COLUMNS.join(',');
/** The root user's row of the harness's account when it has no key and no certificate. */
const BARE_ROOT = `<root_account>,arn:aws:iam::${ACCOUNT}:root,2026-11-24T12:00:00+00:00,not_supported,no_information,not_supported,`
  + 'not_supported,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
const MINUTE = 60_000;

interface Report {
  readonly csv: string;
  readonly ReportFormat: unknown;
  readonly GeneratedTime: unknown;
}

/** GetCredentialReport, its Content decoded from the base64 the protocol layer writes. */
async function getReport(iam: IamHarness): Promise<Report> {
  const out = await iam.call('GetCredentialReport');
  assert.equal(typeof out.Content, 'string');
  return { csv: Buffer.from(out.Content as string, 'base64').toString('utf8'), ReportFormat: out.ReportFormat, GeneratedTime: out.GeneratedTime };
}

describe('IAM credential report (service, SQLite): before any report', () => {
  let iam: IamHarness;
  before(async () => {
    iam = await openIamHarness();
  });
  after(async () => iam.close());

  test('GetCredentialReport before any generation: ReportNotPresent (410)', async () => {
    const message = await iam.fails('GetCredentialReport', {}, 'ReportNotPresent', 410);
    assert.equal(message, 'The request was rejected because the credential report does not exist. To generate a credential report, use GenerateCredentialReport.');
  });

  test('an account with only its root user: the header and the <root_account> row', async () => {
    assert.deepEqual(await iam.call('GenerateCredentialReport'), { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' });
    const report = await getReport(iam);
    assert.equal(report.csv, `${HEADER}\n${BARE_ROOT}`);
    assert.equal(report.ReportFormat, 'text/csv');
    assert.deepEqual(report.GeneratedTime, new Date(NOW));
  });
});

describe('IAM credential report (service, SQLite): root and users with and without credentials', () => {
  let iam: MfaHarness;
  const secrets: string[] = [];
  const PASSWORD = 'Correct-Horse-Battery-9';
  before(async () => {
    iam = await openMfaHarness();
    // 12:00 — a password policy that expires passwords after 90 days; four users, one under a path.
    await iam.call('UpdateAccountPasswordPolicy', { MaxPasswordAge: 90 });
    for (const [UserName, Path] of [['alice', '/'], ['Bob', '/'], ['carol', '/eng/'], ['dev,ops', '/']] as const) {
      await iam.call('CreateUser', { UserName, Path });
    }
    // 12:01 — passwords for alice and carol.
    iam.advance(MINUTE);
    await iam.call('CreateLoginProfile', { UserName: 'alice', Password: PASSWORD });
    await iam.call('CreateLoginProfile', { UserName: 'carol', Password: PASSWORD, PasswordResetRequired: true });
    // 12:02 and 12:03 — alice's two keys: the first used at 12:03:30.250 (sts, eu-west-1), the second made inactive.
    iam.advance(MINUTE);
    const first = (await iam.call('CreateAccessKey', { UserName: 'alice' })).AccessKey as { AccessKeyId: string; SecretAccessKey: string };
    iam.advance(MINUTE);
    const second = (await iam.call('CreateAccessKey', { UserName: 'alice' })).AccessKey as { AccessKeyId: string; SecretAccessKey: string };
    await iam.call('UpdateAccessKey', { UserName: 'alice', AccessKeyId: second.AccessKeyId, Status: 'Inactive' });
    secrets.push(first.SecretAccessKey, second.SecretAccessKey);
    await iam.store.recordAccessKeyUse([{ accessKeyId: first.AccessKeyId, date: '2026-11-25T12:03:30.250Z', serviceName: 'sts', region: 'eu-west-1' }]);
    // 12:04 and 12:05 — alice's two signing certificates, the later one inactive.
    iam.advance(MINUTE);
    const certA = selfSigned('alice-a', 'ec').certificate;
    await iam.call('UploadSigningCertificate', { UserName: 'alice', CertificateBody: certA });
    iam.advance(MINUTE);
    const certB = selfSigned('alice-b', 'ec').certificate;
    const b = (await iam.call('UploadSigningCertificate', { UserName: 'alice', CertificateBody: certB })).Certificate as { CertificateId: string };
    await iam.call('UpdateSigningCertificate', { UserName: 'alice', CertificateId: b.CertificateId, Status: 'Inactive' });
    secrets.push(certA.split('\n')[2] ?? 'x', certB.split('\n')[2] ?? 'x');
    // 12:06 — alice's MFA device; the root user's own signing certificate; a root key made the day before.
    iam.advance(MINUTE);
    const device = await createDevice(iam, 'alice-phone');
    await iam.call('EnableMFADevice', { UserName: 'alice', SerialNumber: device.serialNumber, ...consecutiveCodes(device.seed, iam.now()) });
    secrets.push(device.seed);
    await iam.call('UploadSigningCertificate', { CertificateBody: selfSigned('root', 'ec').certificate });
    await iam.store.createAccessKey({
      accessKeyId: 'AKIAROOTKEYROOTKEY01', accountId: ACCOUNT, owner: { kind: 'root' }, sealedSecret: 'sealed', status: 'Active',
      createdAt: '2026-11-24T12:00:05.000Z', lastUsed: { date: '2026-11-25T11:59:00.000Z', serviceName: 'iam', region: 'us-east-1' },
    });
    // 12:10 — the report.
    iam.advance(4 * MINUTE);
  });
  after(async () => iam.close());

  test('exact rows: root first, then users by name ignoring case; keys and certificates oldest first', async () => {
    const changes = iam.changes.length;
    assert.deepEqual(await iam.call('GenerateCredentialReport'), { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' });
    assert.equal(iam.changes.length, changes, 'a report is no IAM change: nothing announced');
    const report = await getReport(iam);
    assert.deepEqual(report.GeneratedTime, new Date('2026-11-25T12:10:00.000Z'));
    assert.deepEqual(report.csv.split('\n'), [
      HEADER,
      `<root_account>,arn:aws:iam::${ACCOUNT}:root,2026-11-24T12:00:00+00:00,not_supported,no_information,not_supported,not_supported,false,`
        + 'true,2026-11-24T12:00:05+00:00,2026-11-25T11:59:00+00:00,us-east-1,iam,false,N/A,N/A,N/A,N/A,'
        + 'true,2026-11-25T12:06:00+00:00,false,N/A',
      `alice,arn:aws:iam::${ACCOUNT}:user/alice,2026-11-25T12:00:00+00:00,true,no_information,2026-11-25T12:01:00+00:00,2027-02-23T12:01:00+00:00,true,`
        + 'true,2026-11-25T12:02:00+00:00,2026-11-25T12:03:30+00:00,eu-west-1,sts,'
        + 'false,2026-11-25T12:03:00+00:00,N/A,N/A,N/A,'
        + 'true,2026-11-25T12:04:00+00:00,false,2026-11-25T12:05:00+00:00',
      `Bob,arn:aws:iam::${ACCOUNT}:user/Bob,2026-11-25T12:00:00+00:00,false,N/A,N/A,N/A,false,`
        + 'false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
      `carol,arn:aws:iam::${ACCOUNT}:user/eng/carol,2026-11-25T12:00:00+00:00,true,no_information,2026-11-25T12:01:00+00:00,2027-02-23T12:01:00+00:00,false,`
        + 'false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
      `"dev,ops","arn:aws:iam::${ACCOUNT}:user/dev,ops",2026-11-25T12:00:00+00:00,false,N/A,N/A,N/A,false,`
        + 'false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
    ]);
  });

  test('no secret in the report: no secret access key, password, MFA seed or certificate body', async () => {
    const { csv } = await getReport(iam);
    for (const secret of [...secrets, PASSWORD, 'sealed', 'scrypt']) assert.ok(!csv.includes(secret), `the report holds ${secret}`);
  });

  test('a changed password moves password_last_changed and password_next_rotation, in the next report only', async () => {
    await iam.call('UpdateLoginProfile', { UserName: 'carol', Password: 'Another-Horse-Battery-7' }); // at 12:10
    assert.ok((await getReport(iam)).csv.includes('user/eng/carol,2026-11-25T12:00:00+00:00,true,no_information,2026-11-25T12:01:00+00:00,'));
    iam.advance(REPORT_LIFETIME_MS);
    assert.deepEqual(await iam.call('GenerateCredentialReport'), { State: 'STARTED' });
    assert.ok((await getReport(iam)).csv.includes('user/eng/carol,2026-11-25T12:00:00+00:00,true,no_information,2026-11-25T12:10:00+00:00,2027-02-23T12:10:00+00:00,false,'));
  });
});

describe('IAM credential report (service, SQLite): one report per four hours, expiry', () => {
  let iam: IamHarness;
  before(async () => {
    iam = await openIamHarness();
  });
  after(async () => iam.close());

  test('reused for four hours, expired after, then generated anew', async () => {
    assert.deepEqual(await iam.call('GenerateCredentialReport'), { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' });
    assert.deepEqual(await iam.call('GenerateCredentialReport'), { State: 'COMPLETE' });
    await iam.call('CreateUser', { UserName: 'late' });

    // Four hours less a millisecond later the first report is still the one: reused and served.
    iam.advance(REPORT_LIFETIME_MS - 1);
    assert.deepEqual(await iam.call('GenerateCredentialReport'), { State: 'COMPLETE' });
    const reused = await getReport(iam);
    assert.equal(reused.csv, `${HEADER}\n${BARE_ROOT}`);
    assert.deepEqual(reused.GeneratedTime, new Date(NOW));

    // Four hours after it was made it has expired.
    iam.advance(1);
    const message = await iam.fails('GetCredentialReport', {}, 'ReportExpired', 410);
    assert.equal(message, 'The request was rejected because the most recent credential report has expired. To generate a new credential report, use GenerateCredentialReport. For more information about credential report expiration, see Getting credential reports in the IAM User Guide.');

    // A new one (there was one before: no "No report exists" Description), with the user made since.
    assert.deepEqual(await iam.call('GenerateCredentialReport'), { State: 'STARTED' });
    const fresh = await getReport(iam);
    assert.deepEqual(fresh.GeneratedTime, new Date(NOW + REPORT_LIFETIME_MS));
    assert.equal(fresh.csv, `${HEADER}\n${BARE_ROOT}\nlate,arn:aws:iam::${ACCOUNT}:user/late,2026-11-25T12:00:00+00:00,false,N/A,N/A,N/A,false,`
      + 'false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A');
    assert.deepEqual(await iam.call('GenerateCredentialReport'), { State: 'COMPLETE' });
  });

  test('each account has its own report', async () => {
    const other = '444455556666';
    await iam.store.createAccount({ id: other, name: 'other', createdAt: '2020-01-01T00:00:00.000Z' });
    const otherRoot = rootCaller('aws', other, 'AKIAOTHEROTHEROTHER0');
    await iam.fails('GetCredentialReport', {}, 'ReportNotPresent', 410, otherRoot);
    assert.deepEqual(await iam.call('GenerateCredentialReport', {}, otherRoot), { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' });
    const out = await iam.call('GetCredentialReport', {}, otherRoot);
    assert.equal(Buffer.from(out.Content as string, 'base64').toString('utf8'), `${HEADER}\n<root_account>,arn:aws:iam::${other}:root,2020-01-01T00:00:00+00:00,`
      + 'not_supported,no_information,not_supported,not_supported,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A');
  });
});
