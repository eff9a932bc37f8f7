// The credential report's CSV, from rows of facts. Rules: "Generate credential reports for your AWS
// account", Understanding the report format
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html), and the reports
// IAM hands out (lower-case booleans, `+00:00` times to the second, `<root_account>` first, no final line
// break).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CREDENTIAL_REPORT_COLUMNS, type CredentialReportRow, credentialReportCsv, credentialReportFields, reportTime } from './credential-report.js';

const HEADER = 'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,'
  + 'mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,'
  + 'access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,'
  + 'access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

const root: CredentialReportRow = {
  kind: 'root', name: '', arn: 'arn:aws:iam::111122223333:root', createdAt: '2015-06-24T12:45:00.123Z',
  mfaActive: false, accessKeys: [], signingCertificates: [],
};

describe('credential report CSV', () => {
  test('the header: IAM\'s 22 columns in IAM\'s order', () => {
    assert.equal(CREDENTIAL_REPORT_COLUMNS.join(','), HEADER);
    assert.equal(CREDENTIAL_REPORT_COLUMNS.length, 22);
  });

  test('times: UTC to the second with +00:00', () => {
    assert.equal(reportTime('2017-06-10T02:43:37.999Z'), '2017-06-10T02:43:37+00:00');
  });

  test('the root user: <root_account>, not_supported password columns, no_information for its last use', () => {
    assert.equal(credentialReportCsv([root]), `${HEADER}\n<root_account>,arn:aws:iam::111122223333:root,2015-06-24T12:45:00+00:00,`
      + 'not_supported,no_information,not_supported,not_supported,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A');
  });

  test('a user without any credential: false and N/A everywhere', () => {
    const fields = credentialReportFields({
      kind: 'user', name: 'bob', arn: 'arn:aws:iam::111122223333:user/bob', createdAt: '2016-09-30T09:20:00Z',
      mfaActive: false, accessKeys: [], signingCertificates: [],
    });
    assert.deepEqual(fields, [
      'bob', 'arn:aws:iam::111122223333:user/bob', '2016-09-30T09:20:00+00:00', 'false', 'N/A', 'N/A', 'N/A', 'false',
      'false', 'N/A', 'N/A', 'N/A', 'N/A', 'false', 'N/A', 'N/A', 'N/A', 'N/A', 'false', 'N/A', 'false', 'N/A',
    ]);
  });

  test('a user with a password, MFA, a used and an inactive unused key, two certificates', () => {
    const fields = credentialReportFields({
      kind: 'user', name: 'alice', arn: 'arn:aws:iam::111122223333:user/alice', createdAt: '2016-01-01T00:00:00Z',
      password: { lastChanged: '2016-04-29T16:20:00Z', nextRotation: '2016-07-28T16:20:00Z' },
      mfaActive: true,
      accessKeys: [
        { active: true, createdAt: '2016-02-01T00:00:00Z', lastUsed: { date: '2017-08-30T13:32:00.500Z', region: 'eu-west-1', serviceName: 'ec2' } },
        { active: false, createdAt: '2016-03-01T00:00:00Z' },
      ],
      signingCertificates: [{ active: false, createdAt: '2016-05-01T00:00:00Z' }, { active: true, createdAt: '2016-06-01T00:00:00Z' }],
    });
    assert.deepEqual(fields, [
      'alice', 'arn:aws:iam::111122223333:user/alice', '2016-01-01T00:00:00+00:00',
      'true', 'no_information', '2016-04-29T16:20:00+00:00', '2016-07-28T16:20:00+00:00', 'true',
      'true', '2016-02-01T00:00:00+00:00', '2017-08-30T13:32:00+00:00', 'eu-west-1', 'ec2',
      'false', '2016-03-01T00:00:00+00:00', 'N/A', 'N/A', 'N/A',
      'false', '2016-05-01T00:00:00+00:00', 'true', '2016-06-01T00:00:00+00:00',
    ]);
  });

  test('a password without a rotation policy: password_next_rotation N/A', () => {
    const fields = credentialReportFields({
      kind: 'user', name: 'carol', arn: 'arn:aws:iam::111122223333:user/carol', createdAt: '2016-01-01T00:00:00Z',
      password: { lastChanged: '2016-01-02T00:00:00Z' }, mfaActive: false, accessKeys: [], signingCertificates: [],
    });
    assert.deepEqual(fields.slice(3, 8), ['true', 'no_information', '2016-01-02T00:00:00+00:00', 'N/A', 'false']);
  });

  test('names and ARNs with commas or quotes are quoted as RFC 4180 says; rows in the order given; no final line break', () => {
    const user = (name: string, path: string): CredentialReportRow => ({
      kind: 'user', name, arn: `arn:aws:iam::111122223333:user${path}${name}`, createdAt: '2016-01-01T00:00:00Z',
      mfaActive: false, accessKeys: [], signingCertificates: [],
    });
    const csv = credentialReportCsv([root, user('dev,ops', '/'), user('eve', '/a"b/')]);
    const lines = csv.split('\n');
    assert.equal(lines.length, 4);
    assert.ok(lines[2]?.startsWith('"dev,ops","arn:aws:iam::111122223333:user/dev,ops",2016-01-01T00:00:00+00:00,false,'));
    assert.ok(lines[3]?.startsWith('eve,"arn:aws:iam::111122223333:user/a""b/eve",'));
    assert.ok(!csv.endsWith('\n'));
  });
});
