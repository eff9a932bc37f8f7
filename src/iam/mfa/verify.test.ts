// The check STS makes of SerialNumber + TokenCode (verify.ts), and the seeds at rest. Rules: RFC 6238
// (30 s, 6 digits, SHA-1), "Using MFA devices with your IAM sign-in page" / API_GetSessionToken (STS):
// AccessDenied "MultiFactorAuthentication failed ..." for a wrong, reused or foreign code.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { rootCaller } from '../../authn/caller.js';
import { findInDataDir, openSealedSqlite } from '../test-support/at-rest.js';
import { ACCOUNT } from '../test-support/harness.js';
import { mfaOperations } from './operations.js';
import { type MfaHarness, codeFor, consecutiveCodes, createDevice, openMfaHarness } from './test-support/harness.js';
import { type MfaCodeCheck, type MfaVerification, mfaVerifier, verifyMfaCode } from './verify.js';

const STEP = 30_000;
const INVALID = 'MultiFactorAuthentication failed with invalid MFA one time pass code. ';
const UNABLE = 'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.';

describe('verifyMfaCode (STS SerialNumber + TokenCode)', () => {
  let iam: MfaHarness;
  let serialNumber: string;
  let seed: string;
  const verify = (check: Partial<MfaCodeCheck> & { code: string }): Promise<MfaVerification> =>
    iam.store.transaction((tx) => verifyMfaCode(tx, iam.mfaDeps, { accountId: ACCOUNT, serialNumber, userName: 'alice', now: iam.now(), ...check }));
  const reason = (result: MfaVerification) => (result.ok ? 'ok' : result.reason);

  before(async () => {
    iam = await openMfaHarness();
    await iam.call('CreateUser', { UserName: 'alice' });
    await iam.call('CreateUser', { UserName: 'bob' });
    ({ serialNumber, seed } = await createDevice(iam, 'alice-phone'));
    await iam.call('EnableMFADevice', { UserName: 'alice', SerialNumber: serialNumber, ...consecutiveCodes(seed, iam.now()) });
  });
  after(async () => iam.close());

  test('the codes Enable consumed are replays; the next step is accepted once, then is a replay too', async () => {
    const enabled = await verify({ code: codeFor(seed, iam.now()) });
    assert.equal(reason(enabled), 'replay');
    assert.ok(!enabled.ok && enabled.error.code === 'AccessDenied' && enabled.error.status === 403 && enabled.error.message === INVALID);
    iam.advance(STEP);
    const code = codeFor(seed, iam.now());
    assert.deepEqual(await verify({ code }), { ok: true });
    assert.equal(reason(await verify({ code })), 'replay');
    // An earlier step's code within the window is a replay as well: steps only move forward.
    assert.equal(reason(await verify({ code: codeFor(seed, iam.now() - STEP) })), 'replay');
  });

  test('a window of ±1 step: the next step is accepted, two steps away is not', async () => {
    iam.advance(5 * STEP);
    assert.equal(reason(await verify({ code: codeFor(seed, iam.now() + 2 * STEP) })), 'invalid-code');
    assert.equal(reason(await verify({ code: codeFor(seed, iam.now() - 2 * STEP) })), 'invalid-code');
    assert.deepEqual(await verify({ code: codeFor(seed, iam.now() + STEP) }), { ok: true });
    // The device's clock ran one step ahead: the current step is now behind the last accepted one.
    assert.equal(reason(await verify({ code: codeFor(seed, iam.now()) })), 'replay');
  });

  test('wrong and malformed codes are invalid-code, and change nothing', async () => {
    iam.advance(10 * STEP);
    const right = codeFor(seed, iam.now());
    for (const code of [right === '123456' ? '654321' : '123456', '12345', '1234567', 'abcdef', '']) {
      const result = await verify({ code });
      assert.equal(reason(result), 'invalid-code', code);
    }
    assert.deepEqual(await verify({ code: right }), { ok: true });
  });

  test('the device must be enabled, and for the named user; otherwise "unable to validate"', async () => {
    iam.advance(10 * STEP);
    const code = codeFor(seed, iam.now());
    const cases: [Partial<MfaCodeCheck>, string][] = [
      [{ userName: 'bob' }, 'not-users-device'],
      [{ userName: 'nobody' }, 'not-users-device'],
      [{ serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/ghost` }, 'no-such-device'],
      [{ accountId: '999988887777' }, 'no-such-device'],
      [{ serialNumber: 'GAHT12345678' }, 'no-such-device'],
    ];
    for (const [check, expected] of cases) {
      const result = await verify({ code, ...check });
      assert.equal(reason(result), expected, JSON.stringify(check));
      assert.ok(!result.ok && result.error.message === UNABLE);
    }
    const spare = await createDevice(iam, 'spare');
    assert.equal(reason(await verify({ code: codeFor(spare.seed, iam.now()), serialNumber: spare.serialNumber })), 'not-enabled');
    // Without a user name, any enabled device of the account will do; the case of the name does not matter.
    assert.deepEqual(await verify({ code, userName: 'ALICE' }), { ok: true });
    iam.advance(STEP);
    assert.deepEqual(await iam.store.transaction((tx) => verifyMfaCode(tx, iam.mfaDeps, {
      accountId: ACCOUNT, serialNumber, now: iam.now(), code: codeFor(seed, iam.now()),
    })), { ok: true });
  });

  test('after a rename the device still belongs to the user, under its new name', async () => {
    await iam.call('UpdateUser', { UserName: 'alice', NewUserName: 'alicia' });
    iam.advance(STEP);
    assert.equal(reason(await verify({ code: codeFor(seed, iam.now()), userName: 'alice' })), 'not-users-device');
    assert.deepEqual(await verify({ code: codeFor(seed, iam.now()), userName: 'alicia' }), { ok: true });
    await iam.call('UpdateUser', { UserName: 'alicia', NewUserName: 'alice' });
  });

  test('Resync centres later checks on the device clock (4 steps ahead here)', async () => {
    iam.advance(10 * STEP);
    const ahead = 4 * STEP;
    assert.equal(reason(await verify({ code: codeFor(seed, iam.now() + ahead) })), 'invalid-code');
    await iam.call('ResyncMFADevice', { UserName: 'alice', SerialNumber: serialNumber, ...consecutiveCodes(seed, iam.now() + ahead) });
    iam.advance(STEP);
    assert.deepEqual(await verify({ code: codeFor(seed, iam.now() + ahead) }), { ok: true });
    iam.advance(STEP);
    assert.equal(reason(await verify({ code: codeFor(seed, iam.now()) })), 'invalid-code');
  });

  test('two concurrent uses of one code: one is accepted, the other is a replay', async () => {
    iam.advance(10 * STEP);
    const code = codeFor(seed, iam.now() + 4 * STEP);
    const results = await Promise.all([verify({ code }), verify({ code })]);
    assert.deepEqual(results.map(reason).sort(), ['ok', 'replay']);
  });

  test('mfaVerifier (STS gate): only a device of the calling user; the root user and role sessions have none', async () => {
    iam.advance(10 * STEP);
    const verifier = mfaVerifier(iam.mfaDeps);
    const code = codeFor(seed, iam.now() + 4 * STEP);
    assert.equal(await verifier(await iam.userCaller('bob'), serialNumber, code, iam.now()), false);
    assert.equal(await verifier(iam.root, serialNumber, code, iam.now()), false);
    assert.equal(await verifier(await iam.userCaller('alice'), serialNumber, code, iam.now()), true);
    assert.equal(await verifier(await iam.userCaller('alice'), serialNumber, code, iam.now()), false);
  });

  test('a deactivated device verifies nothing', async () => {
    await iam.call('DeactivateMFADevice', { UserName: 'alice', SerialNumber: serialNumber });
    iam.advance(STEP);
    assert.equal(reason(await verify({ code: codeFor(seed, iam.now() + 4 * STEP) })), 'not-enabled');
  });

  test('without openSecret the server answers ServiceFailure rather than a wrong verdict', async () => {
    const { openSecret: _o, ...deps } = iam.mfaDeps;
    const { serialNumber: serial, seed: other } = await createDevice(iam, 'x');
    await iam.call('EnableMFADevice', { UserName: 'bob', SerialNumber: serial, ...consecutiveCodes(other, iam.now()) });
    await assert.rejects(iam.store.transaction((tx) => verifyMfaCode(tx, deps, {
      accountId: ACCOUNT, serialNumber: serial, code: '123456', now: iam.now(),
    })), (error: { code?: string }) => error.code === 'ServiceFailure');
  });
});

describe('virtual MFA seeds at rest (SQLite file bytes)', () => {
  test('the Base32 seed appears nowhere in the database files, before or after a checkpoint', async () => {
    const { dataDir, store, deps, close, dispose } = await openSealedSqlite('ward-mfa-', 7);
    try {
      const out = await mfaOperations(deps).CreateVirtualMFADevice!({
        caller: rootCaller('aws', ACCOUNT, 'AKIAROOTROOTROOTROOT'), input: { VirtualMFADeviceName: 'at-rest' }, requestId: 'r',
      });
      const seed = new TextDecoder().decode((out.VirtualMFADevice as { Base32StringSeed: Uint8Array }).Base32StringSeed);
      assert.match(seed, /^[A-Z2-7]{64}$/);
      // The seed, in lower case too, and its first 16 characters (no part of it leaks).
      const search = () => findInDataDir(dataDir, [seed, seed.toLowerCase(), seed.slice(0, 16)]);
      assert.ok((await readdir(dataDir)).length > 0);
      assert.deepEqual(await search(), []);
      const device = await store.getEntity(ACCOUNT, 'mfa-device', 'at-rest');
      assert.match(String(device?.data.sealedSeed), /^v1\./);
      await close();
      assert.deepEqual(await search(), []);
    } finally {
      await dispose();
    }
  });
});
