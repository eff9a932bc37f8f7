// End to end: a real Ward process driven by the real aws CLI, boto3 and the AWS SDK for JavaScript v3.
// Error codes and statuses: https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html and
// https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import { useWard } from './test-support/use-ward.js';
import { type ClientTarget, awsCli, boto3 } from './test-support/clients.js';

const ACCOUNT = '111122223333';

function sdk(target: ClientTarget, extra: { systemClockOffset?: number } = {}): STSClient {
  return new STSClient({
    endpoint: target.url,
    region: 'us-east-1',
    credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
    maxAttempts: 1,
    ...extra,
  });
}

/** Signs a hand-made Query request with smithy's SigV4 signer (for what real clients cannot send). */
async function signedFetch(target: ClientTarget, body: string, service = 'sts'): Promise<Response> {
  const url = new URL(target.url);
  const signer = new SignatureV4({
    service,
    region: 'us-east-1',
    credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
    sha256: Hash.bind(null, 'sha256'),
  });
  const request = new HttpRequest({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  const signed = await signer.sign(request);
  return fetch(target.url, { method: 'POST', headers: signed.headers as Record<string, string>, body });
}

function errorCode(xml: string): string | undefined {
  return /<Code>([^<]+)<\/Code>/.exec(xml)?.[1];
}

describe('sts:GetCallerIdentity end to end (SQLite)', () => {
  const ward = useWard({ accountId: ACCOUNT });

  test('the banner prints paste-able exports and the command to try', () => {
    const out = ward().process.stdout();
    assert.match(out, new RegExp(`^export AWS_ENDPOINT_URL=${ward().url}$`, 'm'));
    assert.match(out, /^export AWS_ACCESS_KEY_ID=AKIA[A-Z2-7]{16}$/m);
    assert.match(out, /^export AWS_SECRET_ACCESS_KEY=[A-Za-z0-9/+]{40}$/m);
    assert.match(out, /^export AWS_DEFAULT_REGION=us-east-1$/m);
    assert.match(out, new RegExp(`^aws --endpoint-url ${ward().url} sts get-caller-identity$`, 'm'));
  });

  test('aws CLI: get-caller-identity answers the root ARN', async () => {
    const result = await awsCli(ward().root, ['sts', 'get-caller-identity']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { UserId: ACCOUNT, Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:root` });
  });

  test('boto3: get_caller_identity answers the root ARN', async () => {
    const result = await boto3(ward().root, [
      'import boto3, json, os',
      "c = boto3.client('sts', endpoint_url=os.environ['WARD_URL'])",
      'r = c.get_caller_identity()',
      "print(json.dumps({k: r[k] for k in ('UserId', 'Account', 'Arn')}))",
    ].join('\n'));
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { UserId: ACCOUNT, Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:root` });
  });

  test('SDK v3: GetCallerIdentityCommand answers the root ARN and a request id', async () => {
    const answer = await sdk(ward().root).send(new GetCallerIdentityCommand({}));
    assert.equal(answer.Arn, `arn:aws:iam::${ACCOUNT}:root`);
    assert.equal(answer.Account, ACCOUNT);
    assert.equal(answer.UserId, ACCOUNT);
    assert.match(answer.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
  });

  test('boto3: a presigned GET URL (query-string authentication) verifies; tampered, it does not', async () => {
    const result = await boto3(ward().root, [
      'import boto3, os',
      "c = boto3.client('sts', endpoint_url=os.environ['WARD_URL'])",
      "# botocore signs with the operation's method (POST) unless told otherwise.",
      "print(c.generate_presigned_url('get_caller_identity', ExpiresIn=300, HttpMethod='GET'))",
    ].join('\n'));
    assert.equal(result.code, 0, result.stderr);
    const url = result.stdout.trim();
    assert.match(url, /X-Amz-Signature=/);
    const ok = await fetch(url);
    const xml = await ok.text();
    assert.equal(ok.status, 200, xml);
    assert.match(xml, /<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/);
    assert.match(xml, new RegExp(`<Arn>arn:aws:iam::${ACCOUNT}:root</Arn>`));
    assert.match(xml, /<ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata>/);
    const tampered = await fetch(url.replace('X-Amz-Expires=300', 'X-Amz-Expires=301'));
    assert.equal(tampered.status, 403);
    assert.equal(errorCode(await tampered.text()), 'SignatureDoesNotMatch');
  });

  test('boto3: a presigned URL past X-Amz-Expires (and the 15-minute allowance) is RequestExpired', async () => {
    // Signed 20 minutes ago for 60 seconds. AWS: RequestExpired, "more than 15 minutes after the request
    // expiration date (such as for pre-signed URLs)" (Common Errors).
    const result = await boto3(ward().root, [
      'import boto3, os, datetime, botocore.auth',
      'real = botocore.auth.get_current_datetime',
      'botocore.auth.get_current_datetime = lambda: real() - datetime.timedelta(minutes=20)',
      "c = boto3.client('sts', endpoint_url=os.environ['WARD_URL'])",
      "print(c.generate_presigned_url('get_caller_identity', ExpiresIn=60, HttpMethod='GET'))",
    ].join('\n'));
    assert.equal(result.code, 0, result.stderr);
    const response = await fetch(result.stdout.trim());
    const xml = await response.text();
    assert.equal(response.status, 400, xml);
    assert.equal(errorCode(xml), 'RequestExpired');
  });

  test('aws CLI without credentials: MissingAuthenticationToken', async () => {
    const result = await awsCli(ward().root, ['--no-sign-request', 'sts', 'get-caller-identity']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /\(MissingAuthenticationToken\)/);
  });

  test('a malformed Authorization header: IncompleteSignature', async () => {
    const response = await fetch(ward().url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20150830/us-east-1/sts/aws4_request',
        'x-amz-date': '20150830T123600Z',
      },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    assert.equal(response.status, 400);
    assert.equal(errorCode(await response.text()), 'IncompleteSignature');
  });

  test('aws CLI with an unknown access key: InvalidClientTokenId', async () => {
    const result = await awsCli({ ...ward().root, accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }, ['sts', 'get-caller-identity']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /\(InvalidClientTokenId\)/);
  });

  test('boto3 with the wrong secret: SignatureDoesNotMatch', async () => {
    const last = ward().root.secretAccessKey.endsWith('x') ? 'y' : 'x';
    const result = await boto3({ ...ward().root, secretAccessKey: `${ward().root.secretAccessKey.slice(0, -1)}${last}` }, [
      'import boto3, os',
      "c = boto3.client('sts', endpoint_url=os.environ['WARD_URL'])",
      'try:',
      '    c.get_caller_identity()',
      "    print('allowed')",
      'except Exception as e:',
      "    print(e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'])",
    ].join('\n'));
    assert.equal(result.stdout.trim(), 'SignatureDoesNotMatch 403', result.stderr);
  });

  test('SDK v3 with the clock 20 minutes off: SignatureDoesNotMatch, "Signature expired" / "not yet current"', async () => {
    // AWS words the two directions differently; both are SignatureDoesNotMatch (403).
    const cases: Array<[number, RegExp]> = [
      [-20 * 60_000, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/],
      [20 * 60_000, /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\.\)$/],
    ];
    for (const [offset, message] of cases) {
      await assert.rejects(sdk(ward().root, { systemClockOffset: offset }).send(new GetCallerIdentityCommand({})), (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(error.name, 'SignatureDoesNotMatch');
        assert.equal(error.$metadata?.httpStatusCode, 403);
        assert.match(error.message, message);
        return true;
      });
    }
  });

  test('SDK v3 with the clock 10 minutes off is still accepted (the window is 15 minutes)', async () => {
    const answer = await sdk(ward().root, { systemClockOffset: -10 * 60_000 }).send(new GetCallerIdentityCommand({}));
    assert.equal(answer.Account, ACCOUNT);
  });

  test('an unknown action: InvalidAction; no action: MissingAction', async () => {
    const unknown = await signedFetch(ward().root, 'Action=GetCallerIdentityy&Version=2011-06-15');
    assert.equal(unknown.status, 400);
    assert.equal(errorCode(await unknown.text()), 'InvalidAction');
    const missing = await signedFetch(ward().root, 'Version=2011-06-15');
    assert.equal(missing.status, 400);
    assert.equal(errorCode(await missing.text()), 'MissingAction');
  });

  test('aws CLI: a known but unimplemented operation answers NotImplemented, never a fake success', async () => {
    const result = await awsCli(ward().root, ['iam', 'list-organizations-features']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /\(NotImplemented\)/);
    assert.match(result.stderr, /iam:ListOrganizationsFeatures/);
  });

  test('errors are AWS ErrorResponse documents in the service namespace', async () => {
    const response = await signedFetch(ward().root, 'Action=ListOrganizationsFeatures&Version=2010-05-08', 'iam');
    const xml = await response.text();
    assert.equal(response.status, 501);
    assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><Error><Type>Receiver<\/Type><Code>NotImplemented<\/Code><Message>[^<]+<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/);
    assert.equal(response.headers.get('x-amzn-requestid')?.length, 36);
  });
});
