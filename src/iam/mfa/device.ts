import { parseArn } from '../../kernel/index.js';
import type { IamEntityRecord, StoreTransaction } from '../../store/port.js';
import { iamError } from '../errors.js';
import type { IamDeps } from '../operation.js';
import { type UserData, type VirtualMfaDeviceData, dataOf } from '../records.js';

/** The entity kind of virtual MFA devices. */
export const MFA_KIND = 'mfa-device';

/**
 * "MFA devices in use by an IAM user": 8 since AWS's multiple-MFA launch (2022); older copies of "IAM and
 * AWS STS quotas" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html) say 1. The
 * account quota on virtual devices ("equal to the user quota for the account") is not enforced, as the
 * user quota is not (docs/architecture.md).
 */
export const MAX_MFA_DEVICES_PER_USER = 8;

/**
 * `arn:PARTITION:iam::ACCOUNT:mfa/PATH/NAME`, the serial number of a virtual device
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html: `mfa/${MfaDeviceNameWithPath}`).
 */
export function mfaSerialNumber(partition: string, accountId: string, path: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:mfa${path}${name}`;
}

/** The entity name of a device: its serial number after `mfa/` (unique per account, as the ARN is). */
export function deviceKey(path: string, name: string): string {
  return `${path.slice(1)}${name}`;
}

/**
 * The virtual device a serial number names in `accountId`, or undefined: a serial of another account or
 * partition, or not a virtual device's ARN at all (a hardware token's serial), names none here. The
 * lookup ignores case as the store does; the serial must then match exactly.
 */
export async function findDevice(
  tx: Pick<StoreTransaction, 'getEntity'>, partition: string, accountId: string, serialNumber: string,
): Promise<IamEntityRecord | undefined> {
  const arn = parseArn(serialNumber);
  if (arn === undefined || arn.partition !== partition || arn.service !== 'iam' || arn.region !== '' || arn.account !== accountId ||
      !arn.resource.startsWith('mfa/') || arn.resource.length === 'mfa/'.length) {
    return undefined;
  }
  const device = await tx.getEntity(accountId, MFA_KIND, arn.resource.slice('mfa/'.length));
  return device !== undefined && device.arn === serialNumber ? device : undefined;
}

/** The data of a device entity. */
export function deviceData(device: IamEntityRecord): VirtualMfaDeviceData {
  return dataOf<VirtualMfaDeviceData>(device);
}

/** The serial numbers of the MFA devices enabled for a user. */
export function userDevices(user: IamEntityRecord): readonly string[] {
  return dataOf<UserData>(user).mfaDevices ?? [];
}

/**
 * The user a device is enabled for, or undefined while it is not. The stored name is tried first; after a
 * rename (UpdateUser keeps the unique id) the user is found by its id.
 */
export async function assignedUser(
  tx: Pick<StoreTransaction, 'getEntity' | 'listEntities'>, accountId: string, data: VirtualMfaDeviceData,
): Promise<IamEntityRecord | undefined> {
  const assignment = data.assignment;
  if (assignment === undefined) return undefined;
  const byName = await tx.getEntity(accountId, 'user', assignment.userName);
  if (byName?.id === assignment.userId) return byName;
  const pageSize = 1000;
  for (let after: string | undefined; ;) {
    const users = await tx.listEntities(accountId, 'user', { ...(after !== undefined ? { after } : {}), limit: pageSize });
    const found = users.find((user) => user.id === assignment.userId);
    if (found !== undefined) return found;
    const last = users[users.length - 1];
    if (users.length < pageSize || last === undefined) return undefined;
    after = last.name.toLowerCase();
  }
}

/** The seed of a device, opened. */
export function openSeed(deps: Pick<IamDeps, 'openSecret'>, device: IamEntityRecord): string {
  if (deps.openSecret === undefined) {
    throw iamError('ServiceFailure', 'Virtual MFA is not available: this server cannot open sealed secrets.');
  }
  return deps.openSecret(deviceData(device).sealedSeed, device.arn);
}

/** The `User` shape of a device's user in ListVirtualMFADevices (as ListUsers answers a user). */
export function userSummary(user: IamEntityRecord): Record<string, unknown> {
  return { Path: user.path, UserName: user.name, UserId: user.id, Arn: user.arn, CreateDate: new Date(user.createdAt) };
}

/**
 * The errors of virtual MFA. IAM's exact messages are published only for some; the others are Ward's
 * wording, marked so.
 */
export const MfaErrors = {
  /** As IAM answers DeleteVirtualMFADevice for an unknown serial (moto's AWS-checked test suite). */
  noSuchDevice: (serialNumber: string) => iamError('NoSuchEntity', `VirtualMFADevice with serial number ${serialNumber} doesn't exist.`),
  /** A device that exists but is not enabled for the named user (Ward's wording). */
  notUsersDevice: (serialNumber: string, userName: string) =>
    iamError('NoSuchEntity', `MFA device with serial number ${serialNumber} is not enabled for user ${userName}.`),
  /** InvalidAuthenticationCode: the console's and the API's message for codes that do not check out. */
  invalidCode: () => iamError('InvalidAuthenticationCode', 'Authentication code for device is not valid.'),
  /** A device enabled for a user already (Ward's wording). */
  inUse: (serialNumber: string) => iamError('EntityAlreadyExists', `MFA device with serial number ${serialNumber} is already enabled.`),
  /** CreateVirtualMFADevice with a path and name taken (moto's wording, following IAM's). */
  exists: () => iamError('EntityAlreadyExists', 'MFADevice entity at the same path and name already exists.'),
  /** DeleteVirtualMFADevice while enabled: DeleteConflict (the model lists it; the wording is Ward's). */
  deleteEnabled: (serialNumber: string) =>
    iamError('DeleteConflict', `Cannot delete entity, MFA device with serial number ${serialNumber} is enabled; deactivate it first.`),
  quota: () => iamError('LimitExceeded', `Cannot exceed quota for MFADevicesPerUser: ${MAX_MFA_DEVICES_PER_USER}`),
} as const;
