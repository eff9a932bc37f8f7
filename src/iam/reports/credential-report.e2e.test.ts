// End to end: the credential report against real Ward processes, with boto3 (generate_credential_report
// until COMPLETE, get_credential_report's Content bytes read by Python's csv module), the aws CLI
// (`get-credential-report --output text --query Content | base64 -d`) and the AWS SDK v3. Rules:
// API_GenerateCredentialReport, API_GetCredentialReport (IAM API Reference) and "Generate credential
// reports for your AWS account" (IAM User Guide, id_credentials_getting-report).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GetCredentialReportCommand } from '@aws-sdk/client-iam';
import { CREDENTIAL_REPORT_COLUMNS } from '../../analysis/credential-report.js';
import { useWard } from '../../server/test-support/use-ward.js';
import { BOTO3_IAM_PRELUDE, awsCli, boto3, iamClient, runCommand } from '../../server/test-support/clients.js';

// The columns themselves are pinned by the analysis tests (src/analysis/credential-report.test.ts).
const COLUMNS = CREDENTIAL_REPORT_COLUMNS;
const NO_REPORT = 'No report exists. Starting a new report generation task';
/** A report time: UTC to the second with +00:00. */
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/;
/** Uses of keys are written to the store every 10 ms, so the root key's use shows in the report at once. */
const FLUSH = { WARD_KEY_USE_FLUSH_MS: '10' };

/** The root user's row with its banner key, used through IAM in us-east-1: its times checked as times. */
function assertRootRow(row: readonly string[] | undefined, account: string): void {
  assert.ok(row);
  const times = [row[2], row[9], row[10]];
  for (const time of times) assert.match(time ?? '', TIME);
  assert.deepEqual([...row.slice(0, 2), ...row.slice(3, 9), ...row.slice(11)], [
    '<root_account>', `arn:aws:iam::${account}:root`, 'not_supported', 'no_information', 'not_supported', 'not_supported', 'false', 'true',
    'us-east-1', 'iam', 'false', 'N/A', 'N/A', 'N/A', 'N/A', 'false', 'N/A', 'false', 'N/A',
  ]);
}

const BOTO3_SCRIPT = String.raw`${BOTO3_IAM_PRELUDE}
import csv, datetime, io, time
err('notPresent', iam.get_credential_report)
iam.create_user(UserName='alice')
iam.create_login_profile(UserName='alice', Password='Correct-Horse-Battery-9')
key = iam.create_access_key(UserName='alice')['AccessKey']
iam.create_user(UserName='bob', Path='/eng/')
out['created'] = {u: iam.get_user(UserName=u)['User']['CreateDate'].isoformat() for u in ['alice', 'bob']}
out['passwordSet'] = iam.get_login_profile(UserName='alice')['LoginProfile']['CreateDate'].isoformat()
out['keyCreated'] = key['CreateDate'].isoformat()
time.sleep(0.3)
states = []
for _ in range(50):
    s = iam.generate_credential_report()
    states.append([s['State'], s.get('Description')])
    if s['State'] == 'COMPLETE':
        break
    time.sleep(0.1)
out['states'] = states
r = iam.get_credential_report()
content = r['Content']
out['contentType'] = type(content).__name__
out['format'] = r['ReportFormat']
out['age'] = (datetime.datetime.now(datetime.timezone.utc) - r['GeneratedTime']).total_seconds()
out['leak'] = key['SecretAccessKey'].encode() in content
out['rows'] = list(csv.reader(io.StringIO(content.decode('utf-8'))))

# Enforcement: iam:GenerateCredentialReport and iam:GetCredentialReport on "*" (the IAM User Guide's
# example policy "IAM: Generate and retrieve IAM credential reports").
def client_of(name, policy=None):
    iam.create_user(UserName=name)
    if policy is not None:
        iam.put_user_policy(UserName=name, PolicyName='reports', PolicyDocument=json.dumps(policy))
    k = iam.create_access_key(UserName=name)['AccessKey']
    return boto3.client('iam', aws_access_key_id=k['AccessKeyId'], aws_secret_access_key=k['SecretAccessKey'])
auditor = client_of('auditor', {'Version': '2012-10-17', 'Statement': {'Effect': 'Allow', 'Action': ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'], 'Resource': '*'}})
out['auditorState'] = auditor.generate_credential_report()['State']
out['auditorSame'] = auditor.get_credential_report()['Content'] == content
nobody = client_of('nobody')
err('nobody', nobody.get_credential_report)
print(json.dumps(out))
`;

describe('IAM credential report end to end: boto3 (SQLite)', () => {
  const ACCOUNT = '444455550001';
  const ward = useWard({ accountId: ACCOUNT, env: FLUSH });

  test('boto3: ReportNotPresent, generate until COMPLETE, the CSV bytes through Python\'s csv module', async () => {
    const result = await boto3(ward().root, BOTO3_SCRIPT);
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout) as {
      notPresent: unknown; created: { alice: string; bob: string }; passwordSet: string; keyCreated: string; states: unknown;
      contentType: string; format: string; age: number; leak: boolean; rows: string[][];
      auditorState: string; auditorSame: boolean; nobody: unknown;
    };
    assert.deepEqual(out.notPresent, ['ReportNotPresent', 410, 'The request was rejected because the credential report does not exist. To generate a credential report, use GenerateCredentialReport.']);
    assert.deepEqual(out.states, [['STARTED', NO_REPORT], ['COMPLETE', null]]);
    assert.equal(out.contentType, 'bytes');
    assert.equal(out.format, 'text/csv');
    assert.ok(out.age >= 0 && out.age < 60, `GeneratedTime is ${out.age} s old`);
    assert.equal(out.leak, false);
    assert.equal(out.rows.length, 4);
    assert.deepEqual(out.rows[0], COLUMNS);
    assertRootRow(out.rows[1], ACCOUNT);
    assert.deepEqual(out.rows[2], [
      'alice', `arn:aws:iam::${ACCOUNT}:user/alice`, out.created.alice, 'true', 'no_information', out.passwordSet, 'N/A', 'false',
      'true', out.keyCreated, 'N/A', 'N/A', 'N/A', 'false', 'N/A', 'N/A', 'N/A', 'N/A', 'false', 'N/A', 'false', 'N/A',
    ]);
    assert.deepEqual(out.rows[3], [
      'bob', `arn:aws:iam::${ACCOUNT}:user/eng/bob`, out.created.bob, 'false', 'N/A', 'N/A', 'N/A', 'false',
      'false', 'N/A', 'N/A', 'N/A', 'N/A', 'false', 'N/A', 'N/A', 'N/A', 'N/A', 'false', 'N/A', 'false', 'N/A',
    ]);
    for (const time of [out.created.alice, out.passwordSet, out.keyCreated]) assert.match(time, TIME);
    // Allowed on "*": the same report, reused; no policy: AccessDenied in the words the server uses for actions
    // without a resource type (no "on resource").
    assert.equal(out.auditorState, 'COMPLETE');
    assert.equal(out.auditorSame, true);
    assert.deepEqual(out.nobody, ['AccessDenied', 403,
      `User: arn:aws:iam::${ACCOUNT}:user/nobody is not authorized to perform: iam:GetCredentialReport because no identity-based policy allows the iam:GetCredentialReport action`]);
  });
});

describe('IAM credential report end to end: aws CLI and SDK v3 (SQLite)', () => {
  const ACCOUNT = '444455550002';
  const ward = useWard({ accountId: ACCOUNT, env: FLUSH });

  test('aws CLI: get before any report fails; generate-credential-report STARTED then COMPLETE; Content | base64 -d is the CSV', async () => {
    const missing = await awsCli(ward().root, ['iam', 'get-credential-report']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /An error occurred \(ReportNotPresent\) when calling the GetCredentialReport operation/);

    const started = await awsCli(ward().root, ['iam', 'generate-credential-report']);
    assert.equal(started.code, 0, started.stderr);
    assert.deepEqual(JSON.parse(started.stdout), { State: 'STARTED', Description: NO_REPORT });
    const complete = await awsCli(ward().root, ['iam', 'generate-credential-report']);
    assert.equal(complete.code, 0, complete.stderr);
    assert.deepEqual(JSON.parse(complete.stdout), { State: 'COMPLETE' });

    const content = await awsCli(ward().root, ['iam', 'get-credential-report', '--output', 'text', '--query', 'Content']);
    assert.equal(content.code, 0, content.stderr);
    const decoded = await runCommand('base64', ['-d'], { input: content.stdout });
    assert.equal(decoded.code, 0, decoded.stderr);
    const lines = decoded.stdout.split('\n');
    assert.equal(lines.length, 2);
    assert.equal(lines[0], COLUMNS.join(','));
    assertRootRow(lines[1]?.split(','), ACCOUNT);

    const meta = await awsCli(ward().root, ['iam', 'get-credential-report', '--query', '[ReportFormat, GeneratedTime]']);
    assert.equal(meta.code, 0, meta.stderr);
    const [format, generated] = JSON.parse(meta.stdout) as [string, string];
    assert.equal(format, 'text/csv');
    assert.match(generated, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

    // The SDK v3 reads the same bytes.
    const client = iamClient(ward().root);
    const report = await client.send(new GetCredentialReportCommand({}));
    client.destroy();
    assert.equal(new TextDecoder().decode(report.Content), decoded.stdout);
    assert.equal(report.ReportFormat, 'text/csv');
    assert.equal(report.GeneratedTime?.toISOString().replace('.000Z', 'Z'), generated);
  });
});
