// A request dated by the HTTP Date header instead of X-Amz-Date, which SigV4 allows ("You can use a date
// header, an x-amz-date header or include x-amz-date as a query parameter ... If AWS can't find a value for
// x-amz-date, it looks for the date header": https://docs.aws.amazon.com/general/latest/gr/sigv4-date-handling.html).
// No SDK signs this way, so the expected signature is computed here step by step from the specification,
// independently of smithy. (Through smithy's `sign`, Ward rejected such a request: it put an x-amz-date
// header the client never signed into the canonical request.)
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { test } from 'node:test';
import { authenticate } from './authenticate.js';
import type { SignedRequest } from './signed-request.js';

const KEY = { accessKeyId: 'AKIDDATEHEADER', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const TIME = Date.parse('2015-08-30T12:36:00Z');
const lookup = (id: string) => (id === KEY.accessKeyId ? { secretAccessKey: KEY.secretAccessKey } : undefined);
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text).digest();

function signedWithDateHeader(secret: string): SignedRequest {
  const date = 'Sun, 30 Aug 2015 12:36:00 GMT';
  const scope = '20150830/us-east-1/iam/aws4_request';
  const canonical = ['GET', '/', 'Action=ListUsers&Version=2010-05-08', 'date:' + date, 'host:iam.amazonaws.com', '', 'date;host',
    createHash('sha256').update('').digest('hex')].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', '20150830T123600Z', scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  let key = hmac(`AWS4${secret}`, '20150830');
  for (const part of ['us-east-1', 'iam', 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  return {
    method: 'GET',
    path: '/?Action=ListUsers&Version=2010-05-08',
    headers: {
      host: 'iam.amazonaws.com',
      date,
      authorization: `AWS4-HMAC-SHA256 Credential=${KEY.accessKeyId}/${scope}, SignedHeaders=date;host, Signature=${signature}`,
    },
    body: new Uint8Array(),
  };
}

test('a request dated by the Date header (no X-Amz-Date) verifies; with another secret it does not', async () => {
  const result = await authenticate(signedWithDateHeader(KEY.secretAccessKey), lookup, TIME);
  assert.equal(result.accessKeyId, KEY.accessKeyId);
  assert.equal(result.amzDate.getTime(), TIME);
  await assert.rejects(authenticate(signedWithDateHeader(`${KEY.secretAccessKey}x`), lookup, TIME), { code: 'SignatureDoesNotMatch' });
});
