// The AWS SigV4 test suite (awslabs/aws-c-auth, ../shared/testdata/sigv4/v4): every signed request, in
// both its Authorization-header and presigned-query forms, verifies at the case's time, and every change
// to one signed byte of it is rejected.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isAwsError } from '../kernel/index.js';
import { authenticate } from './authenticate.js';
import { parseAuthentication } from './parse-authentication.js';
import { parseRawHttpRequest } from './test-support/raw-http-request.js';
import { loadSigV4Vectors, type SigV4Vector } from './test-support/sigv4-vectors.js';
import { tamperings } from './test-support/tamper.js';

const vectors = loadSigV4Vectors();

function lookupFor(vector: SigV4Vector) {
  return (id: string) => (id === vector.accessKeyId ? { secretAccessKey: vector.secretAccessKey } : undefined);
}

test('the suite is present and complete', () => {
  // 38 cases in aws-c-auth commit 495329c; fewer means the shared checkout is broken, not that we pass.
  assert.equal(vectors.length, 38);
});

for (const form of ['header', 'query'] as const) {
  describe(`SigV4 suite, ${form} signing`, () => {
    for (const vector of vectors) {
      const raw = form === 'header' ? vector.headerSigned : vector.querySigned;

      test(`${vector.name}: verifies`, async () => {
        const request = parseRawHttpRequest(raw);
        const parsed = parseAuthentication(request);
        assert.equal(parsed.kind, form);
        assert.equal(parsed.signature, form === 'header' ? vector.headerSignature : vector.querySignature);
        const result = await authenticate(request, lookupFor(vector), vector.time);
        assert.deepEqual(
          { accessKeyId: result.accessKeyId, region: result.region, service: result.service, unverified: result.unverified },
          { accessKeyId: vector.accessKeyId, region: vector.region, service: vector.service, unverified: false });
      });

      test(`${vector.name}: any signed byte changed is rejected`, async () => {
        const request = parseRawHttpRequest(raw);
        const parsed = parseAuthentication(request);
        const unsigned = vector.omitSessionToken ? ['X-Amz-Security-Token'] : [];
        const cases = tamperings(request, parsed.signedHeaders, unsigned);
        assert.ok(cases.length >= 5, 'method, path, a header, body and date at least');
        for (const { what, request: changed } of cases) {
          await assert.rejects(authenticate(changed, lookupFor(vector), vector.time), (error: unknown) => {
            assert.ok(isAwsError(error), `${what}: ${String(error)}`);
            assert.ok(['SignatureDoesNotMatch', 'IncompleteSignature'].includes(error.code), `${what}: ${error.code}`);
            return true;
          }, `${vector.name} with ${what} changed was accepted`);
        }
      });

      test(`${vector.name}: the wrong secret is rejected`, async () => {
        const request = parseRawHttpRequest(raw);
        await assert.rejects(
          authenticate(request, () => ({ secretAccessKey: `${vector.secretAccessKey}x` }), vector.time),
          { code: 'SignatureDoesNotMatch' });
      });
    }
  });
}
