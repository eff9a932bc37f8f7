// Session tokens: sealed, self-contained, bound to their ASIA key id; tampering → InvalidClientTokenId,
// expiry → ExpiredToken (https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { isAwsError } from '../kernel/index.js';
import { seededRandom } from '../iam/test-support/harness.js';
import { type SessionClaims, createSessionCredentialResolver, createSessionTokenCodec, deriveKey } from './session-token.js';
import { accountOfKeyId, newTemporaryAccessKeyId } from './temporary-key-id.js';

const NOW = Date.UTC(2026, 10, 25, 12);
const KEY = randomBytes(32);
const random = { bytes: (length: number) => randomBytes(length) };
const codec = createSessionTokenCodec(KEY, random);
const claims: SessionClaims = {
  secretAccessKey: 's'.repeat(40), issuedAt: NOW, expiresAt: NOW + 3_600_000,
  principal: { kind: 'assumed-role', accountId: '111122223333', roleArn: 'arn:aws:iam::111122223333:role/ops/app', roleId: 'AROAEXAMPLEEXAMPLE12', roleName: 'app', sessionName: 's1' },
  tags: [{ Key: 'team', Value: 'red' }], transitiveTagKeys: ['team'], sourceIdentity: 'alice', mfaAuthTime: NOW, policy: '{"Version":"2012-10-17","Statement":[]}',
  policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], chained: true, federatedProvider: 'arn:aws:iam::111122223333:oidc-provider/issuer.example',
};
const keyId = newTemporaryAccessKeyId('111122223333', seededRandom());

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(isAwsError(error));
    return `${error.code} ${error.status} ${error.message}`;
  }
  return 'no error';
}

describe('session tokens', () => {
  test('a token opens to the same claims, with no lookup', () => {
    assert.deepEqual(codec.open(keyId, codec.seal(keyId, claims)), claims);
  });

  test('any changed byte, another key id, or another master key: InvalidClientTokenId', () => {
    const token = codec.seal(keyId, claims);
    const invalid = 'InvalidClientTokenId 403 The security token included in the request is invalid.';
    for (const i of [0, 5, 20, token.length - 2]) {
      const flipped = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
      assert.equal(code(() => codec.open(keyId, flipped)), invalid);
    }
    assert.equal(code(() => codec.open(keyId, token.slice(0, -4))), invalid);
    assert.equal(code(() => codec.open(keyId, 'not a token!')), invalid);
    assert.equal(code(() => codec.open(newTemporaryAccessKeyId('111122223333', seededRandom(7)), token)), invalid);
    assert.equal(code(() => createSessionTokenCodec(randomBytes(32), random).open(keyId, token)), invalid);
  });

  test('the resolver answers the secret and caller, then ExpiredToken after the expiration', () => {
    const resolve = createSessionCredentialResolver(codec, 'aws');
    const token = codec.seal(keyId, claims);
    const resolved = resolve(keyId, token, NOW + 1000);
    assert.equal(resolved.secretAccessKey, claims.secretAccessKey);
    assert.equal(resolved.caller.kind, 'assumed-role');
    assert.equal(resolved.caller.kind === 'assumed-role' && resolved.caller.arn, 'arn:aws:sts::111122223333:assumed-role/app/s1');
    assert.equal(code(() => resolve(keyId, token, NOW + 3_600_000)), 'ExpiredToken 403 The security token included in the request is expired');
    assert.equal(code(() => resolve(keyId, undefined, NOW)), 'InvalidClientTokenId 403 The security token included in the request is invalid.');
  });

  test('compact: 50 tags and a 2 KB session policy stay under 4 KB; a plain session is a few hundred bytes', () => {
    // Resources with random parts, so that compression has little to work with.
    const statement = (i: number) => ({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::b-${randomBytes(12).toString('hex')}/${i}/*` });
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: 15 }, (_, i) => ({ Sid: `S${i}`, ...statement(i) })) });
    assert.ok(policy.length > 1900 && policy.length <= 2048, String(policy.length));
    const tags = Array.from({ length: 50 }, (_, i) => ({ Key: `tag-key-${i}`, Value: randomBytes(16).toString('base64url') }));
    const full = codec.seal(keyId, { ...claims, policy, tags, transitiveTagKeys: tags.slice(0, 10).map((t) => t.Key) });
    const plain = codec.seal(keyId, { secretAccessKey: claims.secretAccessKey, issuedAt: NOW, expiresAt: NOW + 1, principal: claims.principal });
    // AWS's own tokens run to a few KB; the aws CLI and SDKs send them in one header.
    assert.ok(full.length < 4096, `full token ${full.length} chars`);
    console.log(`session token sizes: ${plain.length} chars plain, ${full.length} with a ${policy.length}-char policy and 50 tags`);
    assert.ok(plain.length < 400, `plain token ${plain.length} chars`);
  });

  test('the token key is derived per purpose, never the master key itself', () => {
    assert.notDeepEqual(deriveKey(KEY, 'ward/sts/session-token/v1'), KEY);
    assert.notDeepEqual(deriveKey(KEY, 'ward/sts/session-token/v1'), deriveKey(KEY, 'ward/sts/authorization-message/v1'));
  });

  test('temporary key ids: the account is encoded as with BigInt arithmetic (the definition), for any account and random bytes', () => {
    const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    const reference = (accountId: string, random: Uint8Array): string => {
      const bytes = Uint8Array.from(random);
      let z = (BigInt(accountId) << 7n) | BigInt((bytes[0] ?? 0) & 0x7f);
      for (let i = 5; i >= 0; i--) {
        bytes[i] = Number(z & 0xffn);
        z >>= 8n;
      }
      let bits = '';
      for (const byte of bytes) bits += byte.toString(2).padStart(8, '0');
      return `ASIA${bits.match(/.{5}/g)!.map((chunk) => BASE32[parseInt(chunk, 2)]).join('')}`;
    };
    fc.assert(fc.property(
      fc.bigInt({ min: 0n, max: 999_999_999_999n }), fc.uint8Array({ minLength: 10, maxLength: 10 }),
      (account, random) => {
        const accountId = account.toString().padStart(12, '0');
        const id = newTemporaryAccessKeyId(accountId, { bytes: () => Uint8Array.from(random) });
        assert.equal(id, reference(accountId, random));
        assert.equal(accountOfKeyId(id), accountId);
      }), { numRuns: 2000 });
  });

  test('a temporary key id is made only for a 12-digit account id', () => {
    for (const bad of ['', '12345678901', '1234567890123', '12345678901x', '1e11']) {
      assert.throws(() => newTemporaryAccessKeyId(bad, seededRandom()), /not an account id/);
    }
  });

  test('temporary key ids carry their account, as AWS\'s do', () => {
    for (const account of ['111122223333', '000000000001', '999999999999']) {
      const id = newTemporaryAccessKeyId(account, seededRandom(42));
      assert.match(id, /^ASIA[A-Z2-7]{16}$/);
      assert.equal(accountOfKeyId(id), account);
    }
    // AWS's documented example key decodes to its account (awsteele.com, "AWS Access Key ID formats").
    assert.equal(accountOfKeyId('ASIAY34FZKBOKMUTVV7A'), '609629065308');
  });
});
