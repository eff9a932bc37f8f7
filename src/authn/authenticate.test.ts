import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { authenticate } from './authenticate.js';
import type { SignedRequest } from './signed-request.js';
import { MAX_QUERY_PARAMETERS } from './verify-signature.js';
import { signHeader, signQuery, TEST_KEY } from './test-support/smithy-sign.js';

const T = Date.parse('2015-08-30T12:36:00Z');
const MIN = 60_000;
const known = (id: string) => (id === TEST_KEY.accessKeyId ? { secretAccessKey: TEST_KEY.secretAccessKey } : undefined);

function withQuery(request: SignedRequest, edit: (query: URLSearchParams) => void): SignedRequest {
  const url = new URL(request.path, 'http://x');
  edit(url.searchParams);
  return { ...request, path: `${url.pathname}?${url.searchParams.toString().replace(/\+/g, '%20')}` };
}

describe('authenticate: Authorization header', () => {
  test('a request signed by smithy verifies, sync or async lookup', async () => {
    const request = await signHeader({ time: T });
    const result = await authenticate(request, known, T);
    assert.deepEqual(
      { id: result.accessKeyId, region: result.region, service: result.service, kind: result.kind, unverified: result.unverified },
      { id: 'AKIDEXAMPLE', region: 'us-east-1', service: 'sts', kind: 'header', unverified: false });
    await authenticate(request, async (id) => known(id), T);
  });

  test('a key id whose secret changed verifies with the new secret only (the kept signing key is per secret)', async () => {
    const lookup = (secretAccessKey: string) => (id: string) => (id === 'AKIDROTATED' ? { secretAccessKey } : undefined);
    await authenticate(await signHeader({ time: T, accessKeyId: 'AKIDROTATED', secretAccessKey: 'first-secret' }), lookup('first-secret'), T);
    const second = await signHeader({ time: T, accessKeyId: 'AKIDROTATED', secretAccessKey: 'second-secret' });
    await authenticate(second, lookup('second-secret'), T);
    await assert.rejects(authenticate(second, lookup('first-secret'), T), { code: 'SignatureDoesNotMatch' });
    await assert.rejects(
      authenticate(await signHeader({ time: T, accessKeyId: 'AKIDROTATED', secretAccessKey: 'first-secret' }), lookup('second-secret'), T),
      { code: 'SignatureDoesNotMatch' });
  });

  test('an unknown key: InvalidClientTokenId', async () => {
    const request = await signHeader({ time: T, accessKeyId: 'AKIAUNKNOWN' });
    await assert.rejects(authenticate(request, known, T), {
      code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.',
    });
  });

  test('a wrong secret: SignatureDoesNotMatch with AWS message', async () => {
    const request = await signHeader({ time: T, secretAccessKey: 'not-the-secret' });
    await assert.rejects(authenticate(request, known, T), {
      code: 'SignatureDoesNotMatch', status: 403,
      message: 'The request signature we calculated does not match the signature you provided. Check your AWS ' +
        'Secret Access Key and signing method. Consult the service documentation for details.',
    });
  });

  test('up to 15 minutes of clock skew either way is accepted', async () => {
    const request = await signHeader({ time: T });
    await authenticate(request, known, T + 15 * MIN);
    await authenticate(request, known, T - 15 * MIN);
  });

  test('a request more than 15 minutes old: "Signature expired"', async () => {
    const request = await signHeader({ time: T });
    await assert.rejects(authenticate(request, known, T + 15 * MIN + 1000), {
      code: 'SignatureDoesNotMatch', status: 403,
      message: 'Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T125101Z - 15 min.)',
    });
  });

  test('a request more than 15 minutes ahead: "Signature not yet current"', async () => {
    const request = await signHeader({ time: T });
    await assert.rejects(authenticate(request, known, T - 15 * MIN - 1000), {
      code: 'SignatureDoesNotMatch', status: 403,
      message: 'Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z (20150830T122059Z + 15 min.)',
    });
  });

  test('the time is checked before the key is looked up, as AWS does', async () => {
    const request = await signHeader({ time: T, accessKeyId: 'AKIAUNKNOWN' });
    await assert.rejects(authenticate(request, known, T + 60 * MIN), { code: 'SignatureDoesNotMatch' });
  });

  test('x-amz-content-sha256 must be the hash of the body', async () => {
    const request = await signHeader({ time: T, checksum: true });
    assert.ok(request.headers['x-amz-content-sha256'] !== undefined);
    await authenticate(request, known, T);
    const other = { ...request, body: new TextEncoder().encode('Action=GetCallerIdentity&Version=2011-06-16') };
    await assert.rejects(authenticate(other, known, T), { code: 'SignatureDoesNotMatch' });
  });

  test('a declared hash that is not the body hash is rejected even when it is signed', async () => {
    const request = await signHeader({ time: T, headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    await assert.rejects(authenticate(request, known, T), { code: 'SignatureDoesNotMatch' });
  });

  test('an unsigned header may change; a signed one may not', async () => {
    const request = await signHeader({ time: T, headers: { 'x-custom': 'a' } });
    await authenticate({ ...request, headers: { ...request.headers, 'user-agent': 'changed' } }, known, T);
    await assert.rejects(
      authenticate({ ...request, headers: { ...request.headers, 'x-custom': 'b' } }, known, T),
      { code: 'SignatureDoesNotMatch' });
  });

  test('more query parameters than MAX_QUERY_PARAMETERS: InvalidQueryParameter, before any hashing', async () => {
    const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, '1']));
    await authenticate(await signHeader({ time: T, method: 'GET', query: many(MAX_QUERY_PARAMETERS) }), known, T);
    const request = await signHeader({ time: T, method: 'GET', query: many(MAX_QUERY_PARAMETERS + 1) });
    await assert.rejects(authenticate(request, known, T), { code: 'InvalidQueryParameter', status: 400 });
  });

  test('a session token reaches the lookup and the result', async () => {
    const request = await signHeader({ time: T, sessionToken: 'SESSION' });
    let seen: string | undefined;
    const result = await authenticate(request, (id, token) => {
      seen = token;
      return known(id);
    }, T);
    assert.equal(seen, 'SESSION');
    assert.equal(result.sessionToken, 'SESSION');
  });
});

describe('authenticate: presigned URL', () => {
  const getCallerIdentity = { method: 'GET', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } };

  test('a URL presigned by smithy verifies', async () => {
    const request = await signQuery({ ...getCallerIdentity, time: T, expiresIn: 60 });
    assert.equal(request.headers['authorization'], undefined);
    const result = await authenticate(request, known, T + 30_000);
    assert.equal(result.kind, 'query');
    assert.equal(result.service, 'sts');
  });

  test('with a signed session token', async () => {
    const request = await signQuery({ ...getCallerIdentity, time: T, expiresIn: 60, sessionToken: 'a/b+c==' });
    const result = await authenticate(request, known, T);
    assert.equal(result.sessionToken, 'a/b+c==');
  });

  test('tampering with a parameter, X-Amz-Expires or the signature is rejected', async () => {
    const request = await signQuery({ ...getCallerIdentity, time: T, expiresIn: 60 });
    for (const edit of [
      (q: URLSearchParams) => q.set('Action', 'GetSessionToken'),
      (q: URLSearchParams) => q.append('Extra', '1'),
      (q: URLSearchParams) => q.set('X-Amz-Expires', '3600'),
      (q: URLSearchParams) => q.set('X-Amz-Signature', `${q.get('X-Amz-Signature')?.slice(0, -1)}0`),
    ]) {
      await assert.rejects(authenticate(withQuery(request, edit), known, T), { code: 'SignatureDoesNotMatch' });
    }
  });

  test('expired: RequestExpired, once X-Amz-Expires and the 15 minutes of skew have passed', async () => {
    const request = await signQuery({ ...getCallerIdentity, time: T, expiresIn: 60 });
    await authenticate(request, known, T + 60_000 + 15 * MIN);
    await assert.rejects(authenticate(request, known, T + 60_000 + 15 * MIN + 1000), {
      code: 'RequestExpired', status: 400, message: 'Request has expired.',
    });
  });

  test('dated more than 15 minutes ahead: "Signature not yet current"', async () => {
    const request = await signQuery({ ...getCallerIdentity, time: T, expiresIn: 60 });
    await assert.rejects(authenticate(request, known, T - 16 * MIN), { code: 'SignatureDoesNotMatch' });
  });
});

describe('authenticate: dev mode (acceptUnknownKeys)', () => {
  const dev = { acceptUnknownKeys: true };

  test('an unknown key is accepted without a signature check, and marked unverified', async () => {
    const request = await signHeader({ time: T, accessKeyId: 'AKIAANYTHING', secretAccessKey: 'whatever' });
    const result = await authenticate({ ...request, body: new Uint8Array([1]) }, known, T, dev);
    assert.deepEqual({ id: result.accessKeyId, unverified: result.unverified }, { id: 'AKIAANYTHING', unverified: true });
  });

  test('a known key is still verified', async () => {
    const request = await signHeader({ time: T, secretAccessKey: 'wrong' });
    await assert.rejects(authenticate(request, known, T, dev), { code: 'SignatureDoesNotMatch' });
    const good = await signHeader({ time: T });
    assert.equal((await authenticate(good, known, T, dev)).unverified, false);
  });

  test('structure and time are still checked', async () => {
    const request = await signHeader({ time: T, accessKeyId: 'AKIAANYTHING' });
    await assert.rejects(authenticate(request, known, T + 16 * MIN, dev), { code: 'SignatureDoesNotMatch' });
    const { authorization: _, ...headers } = request.headers;
    await assert.rejects(authenticate({ ...request, headers }, known, T, dev), { code: 'MissingAuthenticationToken' });
    await assert.rejects(
      authenticate({ ...request, headers: { ...headers, authorization: 'AWS4-HMAC-SHA256 Credential=x' } }, known, T, dev),
      { code: 'IncompleteSignature' });
  });
});
