// Service tests of the virtual MFA operations on a real SQLite store with a fixed clock; codes are
// computed with otpauth as an authenticator app would. Rules: API_CreateVirtualMFADevice,
// API_EnableMFADevice, API_ResyncMFADevice, API_DeactivateMFADevice, API_DeleteVirtualMFADevice,
// API_GetMFADevice, API_ListMFADevices, API_ListVirtualMFADevices, API_TagMFADevice, API_DeleteUser (IAM
// API Reference), "Assign MFA devices in the AWS CLI or AWS API" and "IAM and AWS STS quotas" (IAM User Guide).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { toBuffer } from 'qrcode';
import { ACCOUNT, NOW } from '../test-support/harness.js';
import { keyUri } from './bootstrap.js';
import { type MfaHarness, codeFor, consecutiveCodes, createDevice, openMfaHarness } from './test-support/harness.js';

const serialOf = (name: string) => `arn:aws:iam::${ACCOUNT}:mfa/${name}`;

describe('IAM virtual MFA devices (service, SQLite)', () => {
  let iam: MfaHarness;
  before(async () => {
    iam = await openMfaHarness();
    for (const name of ['alice', 'bob', 'carol']) await iam.call('CreateUser', { UserName: name });
  });
  after(async () => iam.close());

  test('Create: serial number ARN with the path, a 64-character Base32 seed, a PNG of the otpauth URI, tags', async () => {
    await iam.call('CreateAccountAlias', { AccountAlias: 'example-corp' });
    const { serialNumber, seed, png } = await createDevice(iam, 'alice-phone', { Tags: [{ Key: 'team', Value: 'red' }] });
    assert.equal(serialNumber, serialOf('alice-phone'));
    assert.match(seed, /^[A-Z2-7]{64}$/);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // The QR code is that of the key URI with the account's alias (qrcode is deterministic).
    const uri = `otpauth://totp/Amazon%20Web%20Services:alice-phone@example-corp?secret=${seed}&issuer=Amazon%20Web%20Services`;
    assert.equal(keyUri('alice-phone', 'example-corp', seed), uri);
    assert.deepEqual(Buffer.from(png), await toBuffer(uri, { type: 'png', errorCorrectionLevel: 'M' }));
    await iam.call('DeleteAccountAlias', { AccountAlias: 'example-corp' });

    const nested = await iam.call('CreateVirtualMFADevice', { VirtualMFADeviceName: 'alice-phone', Path: '/team/' });
    assert.equal((nested.VirtualMFADevice as { SerialNumber: string }).SerialNumber, serialOf('team/alice-phone'));
    assert.equal((nested.VirtualMFADevice as { Tags?: unknown }).Tags, undefined);
    assert.deepEqual((await iam.call('ListMFADeviceTags', { SerialNumber: serialOf('alice-phone') })).Tags, [{ Key: 'team', Value: 'red' }]);
  });

  test('Create errors: same path and name (any case) is EntityAlreadyExists; a reserved tag key is InvalidInput', async () => {
    assert.equal(await iam.fails('CreateVirtualMFADevice', { VirtualMFADeviceName: 'ALICE-phone' }, 'EntityAlreadyExists', 409),
      'MFADevice entity at the same path and name already exists.');
    await iam.fails('CreateVirtualMFADevice', { VirtualMFADeviceName: 'x', Tags: [{ Key: 'aws:x', Value: '' }] }, 'InvalidInput', 400);
    await iam.fails('GetMFADevice', { SerialNumber: serialOf('x') }, 'NoSuchEntity');
    // A serial number past the model's 256 characters could never be named again.
    await iam.fails('CreateVirtualMFADevice', { VirtualMFADeviceName: 'n'.repeat(240), Path: '/long/' }, 'InvalidInput', 400);
    await iam.call('CreateVirtualMFADevice', { VirtualMFADeviceName: 'n'.repeat(256 - serialOf('').length) });
    await iam.call('DeleteVirtualMFADevice', { SerialNumber: serialOf('n'.repeat(256 - serialOf('').length)) });
  });

  test('Enable with two consecutive codes: Get, ListMFADevices and ListVirtualMFADevices show the assignment', async () => {
    const { serialNumber, seed } = await createDevice(iam, 'bob-phone');
    await iam.call('EnableMFADevice', { UserName: 'bob', SerialNumber: serialNumber, ...consecutiveCodes(seed, iam.now()) });
    assert.deepEqual(await iam.call('GetMFADevice', { SerialNumber: serialNumber }),
      { UserName: 'bob', SerialNumber: serialNumber, EnableDate: new Date(NOW) });
    assert.deepEqual(await iam.call('GetMFADevice', { SerialNumber: serialNumber, UserName: 'BOB' }),
      { UserName: 'bob', SerialNumber: serialNumber, EnableDate: new Date(NOW) });
    assert.deepEqual(await iam.call('ListMFADevices', { UserName: 'bob' }),
      { MFADevices: [{ UserName: 'bob', SerialNumber: serialNumber, EnableDate: new Date(NOW) }], IsTruncated: false });
    // Without UserName: the calling user's devices; the root user has none.
    assert.deepEqual((await iam.call('ListMFADevices', {}, await iam.userCaller('bob'))).MFADevices,
      [{ UserName: 'bob', SerialNumber: serialNumber, EnableDate: new Date(NOW) }]);
    assert.deepEqual(await iam.call('ListMFADevices', {}), { MFADevices: [], IsTruncated: false });
    const bob = await iam.store.getEntity(ACCOUNT, 'user', 'bob');
    assert.ok(bob);
    const assigned = await iam.call('ListVirtualMFADevices', { AssignmentStatus: 'Assigned' });
    assert.deepEqual(assigned, {
      VirtualMFADevices: [{
        SerialNumber: serialNumber, EnableDate: new Date(NOW),
        User: { Path: '/', UserName: 'bob', UserId: bob.id, Arn: bob.arn, CreateDate: new Date(bob.createdAt) },
      }],
      IsTruncated: false,
    });
  });

  test('Enable refuses wrong, repeated, non-consecutive and reversed codes (InvalidAuthenticationCode, 403); nothing changes', async () => {
    const { serialNumber, seed } = await createDevice(iam, 'carol-phone');
    const now = iam.now();
    const wrong = codeFor(seed, now) === '000000' ? '111111' : '000000';
    const attempts = [
      { AuthenticationCode1: wrong, AuthenticationCode2: codeFor(seed, now) },
      { AuthenticationCode1: codeFor(seed, now), AuthenticationCode2: codeFor(seed, now) },
      { AuthenticationCode1: codeFor(seed, now - 60_000), AuthenticationCode2: codeFor(seed, now) },
      { AuthenticationCode1: codeFor(seed, now), AuthenticationCode2: codeFor(seed, now - 30_000) },
      // Consecutive, but 11 steps (5.5 min) old: outside the ±10-step window.
      consecutiveCodes(seed, now - 11 * 30_000),
    ];
    for (const codes of attempts) {
      assert.equal(await iam.fails('EnableMFADevice', { UserName: 'carol', SerialNumber: serialNumber, ...codes }, 'InvalidAuthenticationCode', 403),
        'Authentication code for device is not valid.', JSON.stringify(codes));
    }
    assert.deepEqual((await iam.call('ListMFADevices', { UserName: 'carol' })).MFADevices, []);
    // Codes a few minutes old still enable it (AWS: the device "successfully associates" but may be out of sync).
    await iam.call('EnableMFADevice', { UserName: 'carol', SerialNumber: serialNumber, ...consecutiveCodes(seed, now - 4 * 30_000) });
  });

  test('Enable errors: unknown user and device (NoSuchEntity), a device already enabled (EntityAlreadyExists)', async () => {
    const { serialNumber, seed } = await createDevice(iam, 'spare');
    const codes = consecutiveCodes(seed, iam.now());
    assert.equal(await iam.fails('EnableMFADevice', { UserName: 'nobody', SerialNumber: serialNumber, ...codes }, 'NoSuchEntity', 404),
      'The user with name nobody cannot be found.');
    assert.equal(await iam.fails('EnableMFADevice', { UserName: 'alice', SerialNumber: serialOf('ghost'), ...codes }, 'NoSuchEntity', 404),
      `VirtualMFADevice with serial number ${serialOf('ghost')} doesn't exist.`);
    for (const other of [`arn:aws:iam::999988887777:mfa/spare`, `arn:aws-cn:iam::${ACCOUNT}:mfa/spare`, serialOf('SPARE'), 'GAHT12345678']) {
      await iam.fails('EnableMFADevice', { UserName: 'alice', SerialNumber: other, ...codes }, 'NoSuchEntity', 404);
    }
    await iam.fails('EnableMFADevice', { UserName: 'alice', SerialNumber: serialOf('bob-phone'), ...codes }, 'EntityAlreadyExists', 409);
  });

  test('a user has at most 8 MFA devices (LimitExceeded)', async () => {
    await iam.call('CreateUser', { UserName: 'many' });
    for (let i = 1; i <= 8; i++) {
      const { serialNumber, seed } = await createDevice(iam, `many-${i}`);
      await iam.call('EnableMFADevice', { UserName: 'many', SerialNumber: serialNumber, ...consecutiveCodes(seed, iam.now()) });
    }
    const ninth = await createDevice(iam, 'many-9');
    assert.equal(await iam.fails('EnableMFADevice', { UserName: 'many', SerialNumber: ninth.serialNumber, ...consecutiveCodes(ninth.seed, iam.now()) },
      'LimitExceeded', 409), 'Cannot exceed quota for MFADevicesPerUser: 8');
    const page = await iam.call('ListMFADevices', { UserName: 'many', MaxItems: 5 });
    assert.equal((page.MFADevices as unknown[]).length, 5);
    assert.equal(page.IsTruncated, true);
    const rest = await iam.call('ListMFADevices', { UserName: 'many', Marker: page.Marker });
    assert.deepEqual((rest.MFADevices as { SerialNumber: string }[]).map((d) => d.SerialNumber), [6, 7, 8].map((i) => serialOf(`many-${i}`)));
    assert.equal(rest.IsTruncated, false);
  });

  test('Resync re-measures a drifting clock; wrong or replayed codes are InvalidAuthenticationCode', async () => {
    await iam.call('CreateUser', { UserName: 'drifter' });
    const { serialNumber, seed } = await createDevice(iam, 'drifter-phone');
    await iam.call('EnableMFADevice', { UserName: 'drifter', SerialNumber: serialNumber, ...consecutiveCodes(seed, iam.now()) });
    iam.advance(30_000);
    const ahead = iam.now() + 4 * 30_000;
    const resync = { UserName: 'drifter', SerialNumber: serialNumber, ...consecutiveCodes(seed, ahead) };
    await iam.call('ResyncMFADevice', resync);
    assert.equal(await iam.fails('ResyncMFADevice', resync, 'InvalidAuthenticationCode', 403), 'Authentication code for device is not valid.');
    await iam.fails('ResyncMFADevice', { ...resync, AuthenticationCode1: resync.AuthenticationCode2 }, 'InvalidAuthenticationCode');
    assert.match(await iam.fails('ResyncMFADevice', { ...resync, UserName: 'alice' }, 'NoSuchEntity', 404), /is not enabled for user alice/);
    await iam.fails('ResyncMFADevice', { ...resync, UserName: 'nobody' }, 'NoSuchEntity', 404);
  });

  test('Deactivate returns the device to Unassigned; only its user can deactivate it', async () => {
    const bobPhone = serialOf('bob-phone');
    assert.match(await iam.fails('DeactivateMFADevice', { UserName: 'alice', SerialNumber: bobPhone }, 'NoSuchEntity', 404), /not enabled for user alice/);
    await iam.fails('DeactivateMFADevice', { SerialNumber: bobPhone }, 'NoSuchEntity', 404);
    await iam.call('DeactivateMFADevice', { SerialNumber: bobPhone }, await iam.userCaller('bob'));
    assert.deepEqual((await iam.call('ListMFADevices', { UserName: 'bob' })).MFADevices, []);
    await iam.fails('GetMFADevice', { SerialNumber: bobPhone }, 'NoSuchEntity', 404);
    const unassigned = await iam.call('ListVirtualMFADevices', { AssignmentStatus: 'Unassigned' });
    assert.ok((unassigned.VirtualMFADevices as { SerialNumber: string }[]).some((d) => d.SerialNumber === bobPhone));
    await iam.fails('DeactivateMFADevice', { UserName: 'bob', SerialNumber: bobPhone }, 'NoSuchEntity', 404);
  });

  test('Delete: DeleteConflict while enabled; NoSuchEntity once gone; DeleteUser waits for the MFA devices', async () => {
    await iam.call('CreateUser', { UserName: 'leaver' });
    const { serialNumber, seed } = await createDevice(iam, 'leaver-phone');
    await iam.call('EnableMFADevice', { UserName: 'leaver', SerialNumber: serialNumber, ...consecutiveCodes(seed, iam.now()) });
    await iam.fails('DeleteVirtualMFADevice', { SerialNumber: serialNumber }, 'DeleteConflict', 409);
    assert.equal(await iam.fails('DeleteUser', { UserName: 'leaver' }, 'DeleteConflict', 409), 'Cannot delete entity, must delete MFA device first.');
    await iam.call('DeactivateMFADevice', { UserName: 'leaver', SerialNumber: serialNumber });
    await iam.call('DeleteUser', { UserName: 'leaver' });
    await iam.call('DeleteVirtualMFADevice', { SerialNumber: serialNumber });
    assert.equal(await iam.fails('DeleteVirtualMFADevice', { SerialNumber: serialNumber }, 'NoSuchEntity', 404),
      `VirtualMFADevice with serial number ${serialNumber} doesn't exist.`);
    await iam.fails('ListMFADeviceTags', { SerialNumber: serialNumber }, 'NoSuchEntity', 404);
  });

  test('ListVirtualMFADevices: Any by default, Assigned/Unassigned filters, paging across the filter', async () => {
    const all = (await iam.call('ListVirtualMFADevices', {})).VirtualMFADevices as { SerialNumber: string; User?: unknown }[];
    const any = (await iam.call('ListVirtualMFADevices', { AssignmentStatus: 'Any' })).VirtualMFADevices as unknown[];
    assert.deepEqual(all, any);
    const assigned = (await iam.call('ListVirtualMFADevices', { AssignmentStatus: 'Assigned' })).VirtualMFADevices as { User?: unknown }[];
    const unassigned = (await iam.call('ListVirtualMFADevices', { AssignmentStatus: 'Unassigned' })).VirtualMFADevices as { User?: unknown }[];
    assert.equal(assigned.length + unassigned.length, all.length);
    assert.ok(assigned.every((d) => d.User !== undefined) && unassigned.every((d) => d.User === undefined));
    assert.ok(all.every((d) => !('Base32StringSeed' in d) && !('QRCodePNG' in d) && !('Tags' in d)));
    const seen: string[] = [];
    for (let marker: unknown; ;) {
      const page = await iam.call('ListVirtualMFADevices', { AssignmentStatus: 'Assigned', MaxItems: 3, ...(marker !== undefined ? { Marker: marker } : {}) });
      seen.push(...(page.VirtualMFADevices as { SerialNumber: string }[]).map((d) => d.SerialNumber));
      if (page.IsTruncated !== true) break;
      marker = page.Marker;
    }
    assert.deepEqual(seen, (assigned as { SerialNumber: string }[]).map((d) => d.SerialNumber));
  });

  test('a renamed user keeps its devices: Get and ListVirtualMFADevices answer the new name', async () => {
    await iam.call('CreateUser', { UserName: 'dora' });
    const { serialNumber, seed } = await createDevice(iam, 'dora-phone');
    await iam.call('EnableMFADevice', { UserName: 'dora', SerialNumber: serialNumber, ...consecutiveCodes(seed, iam.now()) });
    await iam.call('UpdateUser', { UserName: 'dora', NewUserName: 'dorothy' });
    assert.equal((await iam.call('GetMFADevice', { SerialNumber: serialNumber })).UserName, 'dorothy');
    const listed = (await iam.call('ListVirtualMFADevices', { AssignmentStatus: 'Assigned' })).VirtualMFADevices as
      { SerialNumber: string; User: { UserName: string } }[];
    assert.equal(listed.find((d) => d.SerialNumber === serialNumber)?.User.UserName, 'dorothy');
    assert.deepEqual((await iam.call('ListMFADevices', { UserName: 'dorothy' })).MFADevices,
      [{ UserName: 'dorothy', SerialNumber: serialNumber, EnableDate: new Date(iam.now()) }]);
    await iam.call('DeactivateMFADevice', { UserName: 'dorothy', SerialNumber: serialNumber });
  });

  test('tags: Tag merges ignoring case, Untag drops, List pages; the 51st tag is LimitExceeded', async () => {
    const serialNumber = serialOf('alice-phone');
    await iam.call('TagMFADevice', { SerialNumber: serialNumber, Tags: [{ Key: 'TEAM', Value: 'blue' }, { Key: 'env', Value: 'prod' }] });
    assert.deepEqual((await iam.call('ListMFADeviceTags', { SerialNumber: serialNumber })).Tags, [{ Key: 'TEAM', Value: 'blue' }, { Key: 'env', Value: 'prod' }]);
    const page = await iam.call('ListMFADeviceTags', { SerialNumber: serialNumber, MaxItems: 1 });
    assert.equal(page.IsTruncated, true);
    assert.deepEqual(await iam.call('ListMFADeviceTags', { SerialNumber: serialNumber, Marker: page.Marker }),
      { Tags: [{ Key: 'env', Value: 'prod' }], IsTruncated: false });
    await iam.call('UntagMFADevice', { SerialNumber: serialNumber, TagKeys: ['team', 'absent'] });
    assert.deepEqual((await iam.call('ListMFADeviceTags', { SerialNumber: serialNumber })).Tags, [{ Key: 'env', Value: 'prod' }]);
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await iam.fails('TagMFADevice', { SerialNumber: serialNumber, Tags: many }, 'LimitExceeded', 409);
    await iam.fails('TagMFADevice', { SerialNumber: serialOf('ghost'), Tags: [] }, 'NoSuchEntity', 404);
    await iam.fails('UntagMFADevice', { SerialNumber: serialOf('ghost'), TagKeys: [] }, 'NoSuchEntity', 404);
  });
});
