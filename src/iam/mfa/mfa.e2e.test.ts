// End to end: virtual MFA devices against a real Ward process, with boto3, the aws CLI and the AWS SDK for
// JavaScript v3. TOTP codes are computed here (otpauth) from the seed the server answered, and passed in.
// Rules: each operation's API reference page (API_CreateVirtualMFADevice, API_EnableMFADevice, ...).
//
// Needs `mfaOperations` listed in src/iam/operations.ts (and `openSecret` in the server's IamDeps): until
// the operations are listed the server answers NotImplemented and this suite is skipped, saying so.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateUserCommand, CreateVirtualMFADeviceCommand, DeactivateMFADeviceCommand, EnableMFADeviceCommand, ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { type WardProcess, startWardProcess, tempDir } from '../../server/test-support/ward-process.js';
import { BOTO3_IAM_PRELUDE, type ClientTarget, awsCli, boto3, iamClient } from '../../server/test-support/clients.js';
import type { IamDeps } from '../operation.js';
import { iamOperations } from '../operations.js';
import { consecutiveCodes } from './test-support/harness.js';

const ACCOUNT = '777788889999';
/** Whether src/iam/operations.ts lists these operations (building the table touches no dependency). */
const wired = ((): boolean => {
  try {
    return 'CreateVirtualMFADevice' in iamOperations({} as IamDeps);
  } catch {
    return true;
  }
})();

const CREATE = String.raw`
iam.create_user(UserName='mfa-user')
d = iam.create_virtual_mfa_device(VirtualMFADeviceName='mfa-user-phone', Tags=[{'Key': 'team', 'Value': 'red'}])['VirtualMFADevice']
out['serial'] = d['SerialNumber']
out['seed'] = d['Base32StringSeed'].decode('ascii')
out['png'] = d['QRCodePNG'][:8].hex()
out['tags'] = d.get('Tags')
err('exists', iam.create_virtual_mfa_device, VirtualMFADeviceName='mfa-user-phone')
print(json.dumps(out))
`;

const ENABLE = String.raw`
serial = os.environ['WARD_SERIAL']
codes = json.loads(os.environ['WARD_CODES'])
err('wrong', iam.enable_mfa_device, UserName='mfa-user', SerialNumber=serial, AuthenticationCode1=codes['AuthenticationCode2'], AuthenticationCode2=codes['AuthenticationCode2'])
err('noUser', iam.enable_mfa_device, UserName='ghost', SerialNumber=serial, **codes)
iam.enable_mfa_device(UserName='mfa-user', SerialNumber=serial, **codes)
err('again', iam.enable_mfa_device, UserName='mfa-user', SerialNumber=serial, **codes)
out['list'] = [[d['UserName'], d['SerialNumber'], 'EnableDate' in d] for d in iam.list_mfa_devices(UserName='mfa-user')['MFADevices']]
v = iam.list_virtual_mfa_devices(AssignmentStatus='Assigned')['VirtualMFADevices']
out['assigned'] = [[d['SerialNumber'], d['User']['UserName'], 'EnableDate' in d, 'Base32StringSeed' in d] for d in v]
out['unassigned'] = [d['SerialNumber'] for d in iam.list_virtual_mfa_devices(AssignmentStatus='Unassigned')['VirtualMFADevices']]
g = iam.get_mfa_device(SerialNumber=serial)
out['get'] = [g['UserName'], g['SerialNumber']]
err('deleteEnabled', iam.delete_virtual_mfa_device, SerialNumber=serial)
err('deleteUser', iam.delete_user, UserName='mfa-user')
iam.tag_mfa_device(SerialNumber=serial, Tags=[{'Key': 'env', 'Value': 'prod'}])
iam.untag_mfa_device(SerialNumber=serial, TagKeys=['TEAM'])
out['tags'] = iam.list_mfa_device_tags(SerialNumber=serial)['Tags']
iam.deactivate_mfa_device(UserName='mfa-user', SerialNumber=serial)
out['afterDeactivate'] = iam.list_mfa_devices(UserName='mfa-user')['MFADevices']
iam.delete_virtual_mfa_device(SerialNumber=serial)
err('deletedTwice', iam.delete_virtual_mfa_device, SerialNumber=serial)
iam.delete_user(UserName='mfa-user')
print(json.dumps(out))
`;

describe('IAM virtual MFA end to end (SQLite)', { skip: wired ? false : 'mfaOperations is not wired into src/iam/operations.ts yet' }, () => {
  const dir = tempDir();
  let ward: WardProcess;
  let root: ClientTarget;

  before(async () => {
    ward = await startWardProcess({ dataDir: dir.path, args: ['--account-id', ACCOUNT] });
    assert.ok(ward.accessKeyId && ward.secretAccessKey);
    root = { url: ward.url, accessKeyId: ward.accessKeyId, secretAccessKey: ward.secretAccessKey };
  });
  after(async () => {
    await ward?.stop();
    dir.remove();
  });

  test('boto3: create (seed and PNG as blobs), enable with two consecutive codes, list, errors, deactivate, delete', async () => {
    const created = await boto3(root, `${BOTO3_IAM_PRELUDE}${CREATE}`);
    assert.equal(created.code, 0, created.stderr);
    const first = JSON.parse(created.stdout) as Record<string, unknown>;
    const serial = `arn:aws:iam::${ACCOUNT}:mfa/mfa-user-phone`;
    assert.equal(first.serial, serial);
    assert.match(String(first.seed), /^[A-Z2-7]{64}$/);
    assert.equal(first.png, '89504e470d0a1a0a');
    assert.deepEqual(first.tags, [{ Key: 'team', Value: 'red' }]);
    assert.deepEqual(first.exists, ['EntityAlreadyExists', 409, 'MFADevice entity at the same path and name already exists.']);

    const codes = consecutiveCodes(String(first.seed), Date.now());
    const setup = `import os, json\nos.environ['WARD_SERIAL'] = ${JSON.stringify(serial)}\nos.environ['WARD_CODES'] = ${JSON.stringify(JSON.stringify(codes))}\n`;
    const enabled = await boto3(root, `${setup}${BOTO3_IAM_PRELUDE}${ENABLE}`);
    assert.equal(enabled.code, 0, enabled.stderr);
    const out = JSON.parse(enabled.stdout) as Record<string, unknown>;
    assert.deepEqual(out.wrong, ['InvalidAuthenticationCode', 403, 'Authentication code for device is not valid.']);
    assert.deepEqual(out.noUser, ['NoSuchEntity', 404, 'The user with name ghost cannot be found.']);
    assert.deepEqual((out.again as unknown[]).slice(0, 2), ['EntityAlreadyExists', 409]);
    assert.deepEqual(out.list, [['mfa-user', serial, true]]);
    assert.deepEqual(out.assigned, [[serial, 'mfa-user', true, false]]);
    assert.deepEqual(out.unassigned, []);
    assert.deepEqual(out.get, ['mfa-user', serial]);
    assert.deepEqual((out.deleteEnabled as unknown[]).slice(0, 2), ['DeleteConflict', 409]);
    assert.deepEqual(out.deleteUser, ['DeleteConflict', 409, 'Cannot delete entity, must delete MFA device first.']);
    assert.deepEqual(out.tags, [{ Key: 'env', Value: 'prod' }]);
    assert.deepEqual(out.afterDeactivate, []);
    assert.deepEqual(out.deletedTwice, ['NoSuchEntity', 404, `VirtualMFADevice with serial number ${serial} doesn't exist.`]);
  });

  test('aws CLI: create-virtual-mfa-device writes the QR code PNG, or the Base32 seed, to --outfile', async () => {
    const png = join(dir.path, 'qr.png');
    const withPng = await awsCli(root, ['iam', 'create-virtual-mfa-device', '--virtual-mfa-device-name', 'cli-png',
      '--outfile', png, '--bootstrap-method', 'QRCodePNG']);
    assert.equal(withPng.code, 0, withPng.stderr);
    assert.equal((JSON.parse(withPng.stdout) as { VirtualMFADevice: { SerialNumber: string } }).VirtualMFADevice.SerialNumber,
      `arn:aws:iam::${ACCOUNT}:mfa/cli-png`);
    assert.equal(readFileSync(png).subarray(0, 8).toString('hex'), '89504e470d0a1a0a');
    const seedFile = join(dir.path, 'seed.txt');
    const withSeed = await awsCli(root, ['iam', 'create-virtual-mfa-device', '--virtual-mfa-device-name', 'cli-seed', '--path', '/team/',
      '--outfile', seedFile, '--bootstrap-method', 'Base32StringSeed']);
    assert.equal(withSeed.code, 0, withSeed.stderr);
    assert.match(readFileSync(seedFile, 'utf8'), /^[A-Z2-7]{64}$/);
    const listed = await awsCli(root, ['iam', 'list-virtual-mfa-devices', '--assignment-status', 'Unassigned']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual((JSON.parse(listed.stdout) as { VirtualMFADevices: { SerialNumber: string }[] }).VirtualMFADevices.map((d) => d.SerialNumber),
      [`arn:aws:iam::${ACCOUNT}:mfa/cli-png`, `arn:aws:iam::${ACCOUNT}:mfa/team/cli-seed`]);
  });

  test('SDK v3: the seed arrives as bytes; enable and deactivate with computed codes', async () => {
    const client = iamClient(root);
    await client.send(new CreateUserCommand({ UserName: 'sdk-user' }));
    const created = await client.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'sdk-phone' }));
    const device = created.VirtualMFADevice;
    assert.ok(device?.SerialNumber && device.Base32StringSeed);
    const seed = new TextDecoder().decode(device.Base32StringSeed);
    assert.match(seed, /^[A-Z2-7]{64}$/);
    await client.send(new EnableMFADeviceCommand({ UserName: 'sdk-user', SerialNumber: device.SerialNumber, ...consecutiveCodes(seed, Date.now()) }));
    const assigned = await client.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }));
    assert.deepEqual(assigned.VirtualMFADevices?.map((d) => [d.SerialNumber, d.User?.UserName, d.EnableDate instanceof Date]),
      [[device.SerialNumber, 'sdk-user', true]]);
    await client.send(new DeactivateMFADeviceCommand({ UserName: 'sdk-user', SerialNumber: device.SerialNumber }));
    client.destroy();
  });
});
