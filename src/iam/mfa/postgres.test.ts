// Virtual MFA on PostgreSQL (SERIALIZABLE, work retried on serialization failures): one code used by
// racing STS checks is accepted once; racing EnableMFADevice calls never give a device two users nor a
// user more than 8 devices. Rules: API_EnableMFADevice, "IAM and AWS STS quotas", RFC 6238 §5.2 (a code
// is accepted once).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT } from '../test-support/harness.js';
import { onThrowawayPostgres } from '../test-support/postgres.js';
import { type MfaHarness, codeFor, consecutiveCodes, createDevice, openMfaHarness } from './test-support/harness.js';
import { verifyMfaCode } from './verify.js';

describe('IAM virtual MFA on PostgreSQL', () => {
  let iam: MfaHarness;
  onThrowawayPostgres((databaseUrl) => openMfaHarness({ databaseUrl }), async (harness) => {
    iam = harness;
    for (const name of ['alice', 'bob', 'carol']) await iam.call('CreateUser', { UserName: name });
  });

  const codes = (results: PromiseSettledResult<unknown>[]) =>
    results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as { code?: string }).code ?? String(r.reason)));

  test('racing EnableMFADevice of one device for two users: one wins, the other is EntityAlreadyExists', async () => {
    const { serialNumber, seed } = await createDevice(iam, 'shared');
    const input = { SerialNumber: serialNumber, ...consecutiveCodes(seed, iam.now()) };
    const results = await Promise.allSettled(['alice', 'bob'].map((UserName) => iam.call('EnableMFADevice', { UserName, ...input })));
    assert.deepEqual(codes(results).sort(), ['EntityAlreadyExists', 'ok']);
    const devices = [
      ...((await iam.call('ListMFADevices', { UserName: 'alice' })).MFADevices as unknown[]),
      ...((await iam.call('ListMFADevices', { UserName: 'bob' })).MFADevices as unknown[]),
    ];
    assert.equal(devices.length, 1);
  });

  test('racing enables of distinct devices for one user at the quota: never more than 8', async () => {
    for (let i = 1; i <= 6; i++) {
      const { serialNumber, seed } = await createDevice(iam, `carol-${i}`);
      await iam.call('EnableMFADevice', { UserName: 'carol', SerialNumber: serialNumber, ...consecutiveCodes(seed, iam.now()) });
    }
    const late = await Promise.all(Array.from({ length: 5 }, (_, i) => createDevice(iam, `carol-late-${i}`)));
    const results = await Promise.allSettled(late.map(({ serialNumber, seed }) =>
      iam.call('EnableMFADevice', { UserName: 'carol', SerialNumber: serialNumber, ...consecutiveCodes(seed, iam.now()) })));
    assert.equal(codes(results).filter((c) => c === 'ok').length, 2);
    assert.equal(codes(results).filter((c) => c === 'LimitExceeded').length, 3);
    assert.equal(((await iam.call('ListMFADevices', { UserName: 'carol' })).MFADevices as unknown[]).length, 8);
  });

  test('one code checked by six racing transactions is accepted exactly once', async () => {
    const { serialNumber, seed } = await createDevice(iam, 'racer');
    await iam.call('EnableMFADevice', { UserName: 'bob', SerialNumber: serialNumber, ...consecutiveCodes(seed, iam.now()) });
    iam.advance(30_000);
    const code = codeFor(seed, iam.now());
    const results = await Promise.all(Array.from({ length: 6 }, () => iam.store.transaction((tx) =>
      verifyMfaCode(tx, iam.mfaDeps, { accountId: ACCOUNT, serialNumber, code, now: iam.now() }))));
    assert.deepEqual(results.map((r) => (r.ok ? 'ok' : r.reason)).sort(), ['ok', 'replay', 'replay', 'replay', 'replay', 'replay']);
  });
});
