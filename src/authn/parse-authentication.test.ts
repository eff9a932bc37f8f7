import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAuthentication } from './parse-authentication.js';
import type { SignedRequest } from './signed-request.js';

const AUTH = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, ' +
  'SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31';

function request(headers: Record<string, string>, path = '/'): SignedRequest {
  return { method: 'POST', path, headers: { host: 'iam.amazonaws.com', ...headers }, body: new Uint8Array() };
}

function rejects(req: SignedRequest, code: string, status: number, message: string): void {
  assert.throws(() => parseAuthentication(req), (error: unknown) => {
    assert.deepEqual(
      { code: (error as { code: string }).code, status: (error as { status: number }).status, message: (error as Error).message },
      { code, status, message });
    return true;
  });
}

describe('parseAuthentication: Authorization header', () => {
  test('reads key, scope, signed headers, signature and time', () => {
    const parsed = parseAuthentication(request({ authorization: AUTH, 'x-amz-date': '20150830T123600Z' }));
    assert.deepEqual(parsed, {
      kind: 'header',
      accessKeyId: 'AKIDEXAMPLE',
      credentialScope: { date: '20150830', region: 'us-east-1', service: 'iam' },
      signedHeaders: ['host', 'x-amz-date'],
      signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
      amzDate: new Date('2015-08-30T12:36:00Z'),
      longDate: '20150830T123600Z',
      target: { path: '/', query: parsed.target.query },
    });
  });

  test('carries the session token header', () => {
    const parsed = parseAuthentication(request({
      authorization: AUTH, 'x-amz-date': '20150830T123600Z', 'x-amz-security-token': 'TOKEN',
    }));
    assert.equal(parsed.sessionToken, 'TOKEN');
  });

  test('falls back to the Date header', () => {
    const parsed = parseAuthentication(request({ authorization: AUTH, date: 'Sun, 30 Aug 2015 12:36:00 GMT' }));
    assert.deepEqual(parsed.amzDate, new Date('2015-08-30T12:36:00Z'));
  });

  test('no authentication at all: MissingAuthenticationToken', () => {
    rejects(request({}), 'MissingAuthenticationToken', 403, 'Request is missing Authentication Token');
  });

  test('a non-SigV4 Authorization counts as none', () => {
    rejects(request({ authorization: 'Bearer abc' }), 'MissingAuthenticationToken', 403,
      'Request is missing Authentication Token');
  });

  test('every missing part is named, in AWS order', () => {
    rejects(request({ authorization: 'AWS4-HMAC-SHA256' }), 'IncompleteSignature', 400,
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
      "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either " +
      "a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256");
  });

  test('only the date missing', () => {
    rejects(request({ authorization: AUTH }), 'IncompleteSignature', 400,
      `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${AUTH}`);
  });

  test('a parameter without "="', () => {
    rejects(request({ authorization: 'AWS4-HMAC-SHA256 FooBar, BazBurp', 'x-amz-date': '20150830T123600Z' }),
      'IncompleteSignature', 400,
      "'FooBar' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 FooBar, BazBurp'");
  });

  test('a malformed X-Amz-Date', () => {
    rejects(request({ authorization: AUTH, 'x-amz-date': '2015-08-30T12:36:00Z' }), 'IncompleteSignature', 400,
      "Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'. See http://en.wikipedia.org/wiki/ISO_8601");
  });

  test('an impossible X-Amz-Date', () => {
    rejects(request({ authorization: AUTH, 'x-amz-date': '20150231T123600Z' }), 'IncompleteSignature', 400,
      "Date must be in ISO-8601 'basic format'. Got '20150231T123600Z'. See http://en.wikipedia.org/wiki/ISO_8601");
  });

  test('an unsupported algorithm', () => {
    rejects(request({ authorization: AUTH.replace('AWS4-HMAC-SHA256', 'AWS4-ECDSA-P256-SHA256'), 'x-amz-date': '20150830T123600Z' }),
      'IncompleteSignature', 400, "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256' (only AWS4-HMAC-SHA256 for now).");
  });

  test('a credential without five parts', () => {
    rejects(request({ authorization: AUTH.replace('/us-east-1/iam/aws4_request', ''), 'x-amz-date': '20150830T123600Z' }),
      'IncompleteSignature', 400,
      "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20150830'");
  });

  test('a wrong terminator and a scope date that is not the request day', () => {
    rejects(request({ authorization: AUTH.replace('aws4_request', 'aws5_request'), 'x-amz-date': '20150831T000000Z' }),
      'SignatureDoesNotMatch', 403,
      "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. " +
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: " +
      "'20150830' != '20150831', from '20150831T000000Z'.");
  });

  test('Host must be signed', () => {
    rejects(request({ authorization: AUTH.replace('host;x-amz-date', 'x-amz-date'), 'x-amz-date': '20150830T123600Z' }),
      'SignatureDoesNotMatch', 403, "'Host' must be a 'SignedHeader' in the AWS Authorization.");
  });

  test('header and query authentication together', () => {
    rejects(request({ authorization: AUTH, 'x-amz-date': '20150830T123600Z' }, '/?X-Amz-Algorithm=AWS4-HMAC-SHA256'),
      'IncompleteSignature', 400, "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
  });

  test('duplicate headers arrive as arrays; the first Authorization counts', () => {
    const parsed = parseAuthentication({
      method: 'GET', path: '/', body: new Uint8Array(),
      headers: { host: ['iam.amazonaws.com'], authorization: [AUTH, 'junk'], 'x-amz-date': ['20150830T123600Z'] },
    });
    assert.equal(parsed.accessKeyId, 'AKIDEXAMPLE');
  });
});

describe('parseAuthentication: presigned query', () => {
  const query = 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fsts%2Faws4_request' +
    '&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Security-Token=T%2Bok' +
    '&X-Amz-Signature=abc';

  test('reads the X-Amz-* parameters', () => {
    const parsed = parseAuthentication(request({}, `/?Action=GetCallerIdentity&${query}`));
    assert.deepEqual(parsed, {
      kind: 'query',
      accessKeyId: 'AKIDEXAMPLE',
      credentialScope: { date: '20150830', region: 'us-east-1', service: 'sts' },
      signedHeaders: ['host'],
      signature: 'abc',
      amzDate: new Date('2015-08-30T12:36:00Z'),
      longDate: '20150830T123600Z',
      target: { path: '/', query: parsed.target.query },
      expiresSeconds: 60,
      sessionToken: 'T+ok',
    });
    assert.equal(parsed.target.query.Action, 'GetCallerIdentity');
    assert.equal(parsed.target.query['X-Amz-Security-Token'], 'T+ok');
  });

  test('every missing parameter is named', () => {
    rejects(request({}, '/?X-Amz-Signature=abc'), 'IncompleteSignature', 400,
      "AWS query-string parameters must include 'X-Amz-Algorithm'. AWS query-string parameters must include " +
      "'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string " +
      "parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.");
  });

  test('X-Amz-Expires is required, numeric, and at most a week', () => {
    rejects(request({}, `/?${query.replace('&X-Amz-Expires=60', '')}`), 'IncompleteSignature', 400,
      "AWS query-string parameters must include 'X-Amz-Expires'. Re-examine the query-string parameters.");
    rejects(request({}, `/?${query.replace('X-Amz-Expires=60', 'X-Amz-Expires=-1')}`), 'IncompleteSignature', 400,
      "X-Amz-Expires should be a number, got '-1'.");
    rejects(request({}, `/?${query.replace('X-Amz-Expires=60', 'X-Amz-Expires=604801')}`), 'IncompleteSignature', 400,
      'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds');
  });
});
