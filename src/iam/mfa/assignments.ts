import type { Caller } from '../../authn/caller.js';
import type { IamEntityRecord, StoreTransaction } from '../../store/port.js';
import { accountOf, isoNow, optionalString, requiredString, write } from '../caller-account.js';
import { entityOrThrow } from '../lookups.js';
import type { IamDeps, OperationTable } from '../operation.js';
import { pageRequest, toPage } from '../paging.js';
import type { UserData, VirtualMfaDeviceData } from '../records.js';
import {
  MAX_MFA_DEVICES_PER_USER, MfaErrors, assignedUser, deviceData, findDevice, openSeed, userDevices,
} from './device.js';
import { SYNC_WINDOW, matchConsecutive, timeStepAt } from './totp.js';

/** The user an MFA call names, or, without `UserName`, the calling IAM user (none for other callers). */
function namedUser(caller: Caller, input: Readonly<Record<string, unknown>>): string | undefined {
  return optionalString(input, 'UserName') ?? (caller.kind === 'user' ? caller.userName : undefined);
}

/** The device a serial names, enabled for `user`; NoSuchEntity otherwise. */
async function usersDevice(
  tx: Pick<StoreTransaction, 'getEntity'>, deps: IamDeps, user: IamEntityRecord, serialNumber: string,
): Promise<IamEntityRecord> {
  const device = await findDevice(tx, deps.partition, user.accountId, serialNumber);
  if (device === undefined) throw MfaErrors.noSuchDevice(serialNumber);
  if (deviceData(device).assignment?.userId !== user.id) throw MfaErrors.notUsersDevice(serialNumber, user.name);
  return device;
}

/** Rewrites a device's data inside `tx`. */
async function updateDevice(tx: StoreTransaction, device: IamEntityRecord, data: VirtualMfaDeviceData): Promise<void> {
  await tx.updateEntity({ ...device, data: { ...data } });
}

/** Rewrites the list of a user's MFA devices inside `tx`. */
async function setUserDevices(tx: StoreTransaction, user: IamEntityRecord, devices: readonly string[]): Promise<void> {
  const { mfaDevices: _old, ...rest } = user.data as UserData;
  await tx.updateEntity({ ...user, data: devices.length > 0 ? { ...rest, mfaDevices: devices } : { ...rest } });
}

/**
 * Checks the two consecutive codes of Enable and Resync against the device's seed: the step of the second
 * code, or InvalidAuthenticationCode. Codes at or before the last accepted step are refused too.
 */
function syncedStep(deps: IamDeps, device: IamEntityRecord, input: Readonly<Record<string, unknown>>): number {
  const step = matchConsecutive(
    openSeed(deps, device), requiredString(input, 'AuthenticationCode1'), requiredString(input, 'AuthenticationCode2'),
    timeStepAt(deps.clock.now()), SYNC_WINDOW, deviceData(device).lastTimeStep,
  );
  if (step === undefined) throw MfaErrors.invalidCode();
  return step;
}

/**
 * Assigning virtual devices to IAM users: EnableMFADevice, ResyncMFADevice, DeactivateMFADevice,
 * GetMFADevice, ListMFADevices ("Assign MFA devices in the AWS CLI or AWS API",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_cliapi.html). The root user's
 * devices are enabled in the console only, so Ward's root user has none.
 */
export function assignmentOperations(deps: IamDeps): OperationTable {
  return {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableMFADevice.html: two codes "emitted by
    // the device", the second "a subsequent" one. A device serves one user; a user has at most 8 devices.
    EnableMFADevice: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const userName = requiredString(input, 'UserName');
      const serialNumber = requiredString(input, 'SerialNumber');
      await write(deps, async (tx) => {
        const user = await entityOrThrow(tx, accountId, 'user', userName);
        const device = await findDevice(tx, deps.partition, accountId, serialNumber);
        if (device === undefined) throw MfaErrors.noSuchDevice(serialNumber);
        const data = deviceData(device);
        if (data.assignment !== undefined) throw MfaErrors.inUse(serialNumber);
        const devices = userDevices(user);
        if (devices.length >= MAX_MFA_DEVICES_PER_USER) throw MfaErrors.quota();
        const step = syncedStep(deps, device, input);
        await updateDevice(tx, device, {
          ...data,
          assignment: { userId: user.id, userName: user.name, enableDate: isoNow(deps.clock) },
          lastTimeStep: step,
          drift: step - timeStepAt(deps.clock.now()),
        });
        await setUserDevices(tx, user, [...devices, device.arn]);
      });
      return {};
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ResyncMFADevice.html and "Resynchronize
    // virtual and hardware MFA devices" (id_credentials_mfa_sync.html): two consecutive codes re-measure the
    // device's clock drift.
    ResyncMFADevice: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const userName = requiredString(input, 'UserName');
      const serialNumber = requiredString(input, 'SerialNumber');
      await write(deps, async (tx) => {
        const user = await entityOrThrow(tx, accountId, 'user', userName);
        const device = await usersDevice(tx, deps, user, serialNumber);
        const step = syncedStep(deps, device, input);
        await updateDevice(tx, device, { ...deviceData(device), lastTimeStep: step, drift: step - timeStepAt(deps.clock.now()) });
      });
      return {};
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeactivateMFADevice.html: the device goes
    // back to Unassigned (it can be enabled again, or deleted). Its last accepted step stays: a code seen
    // once is never accepted again.
    DeactivateMFADevice: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const serialNumber = requiredString(input, 'SerialNumber');
      const userName = namedUser(caller, input);
      await write(deps, async (tx) => {
        if (userName === undefined) throw MfaErrors.noSuchDevice(serialNumber);
        const user = await entityOrThrow(tx, accountId, 'user', userName);
        const device = await usersDevice(tx, deps, user, serialNumber);
        const { assignment: _assignment, drift: _drift, ...rest } = deviceData(device);
        await updateDevice(tx, device, rest);
        await setUserDevices(tx, user, userDevices(user).filter((serial) => serial !== device.arn));
      });
      return {};
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetMFADevice.html: the device's user and
    // enable date (Certifications are for FIDO keys only). A device not enabled for anyone, or not for
    // the named user, is NoSuchEntity.
    GetMFADevice: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const serialNumber = requiredString(input, 'SerialNumber');
      const userName = optionalString(input, 'UserName');
      const device = await findDevice(deps.store, deps.partition, accountId, serialNumber);
      if (device === undefined) throw MfaErrors.noSuchDevice(serialNumber);
      const data = deviceData(device);
      if (userName !== undefined) {
        const user = await entityOrThrow(deps.store, accountId, 'user', userName);
        if (data.assignment?.userId !== user.id) throw MfaErrors.notUsersDevice(serialNumber, user.name);
      }
      const user = await assignedUser(deps.store, accountId, data);
      if (user === undefined || data.assignment === undefined) throw MfaErrors.noSuchDevice(serialNumber);
      return { UserName: user.name, SerialNumber: device.arn, EnableDate: new Date(data.assignment.enableDate) };
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListMFADevices.html: without UserName, "IAM
    // determines the user name implicitly based on the Amazon Web Services access key ID signing the
    // request". In the order enabled.
    ListMFADevices: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const userName = namedUser(caller, input);
      const request = pageRequest(input);
      if (userName === undefined) return { MFADevices: [], IsTruncated: false };
      const user = await entityOrThrow(deps.store, accountId, 'user', userName);
      const serials = userDevices(user);
      const start = request.after === undefined ? 0 : serials.indexOf(request.after) + 1;
      const page = toPage(serials.slice(start, start + request.limit), request.maxItems, (serial) => serial);
      const devices = [];
      for (const serial of page.items) {
        const device = await findDevice(deps.store, deps.partition, accountId, serial);
        const enableDate = device !== undefined ? deviceData(device).assignment?.enableDate : undefined;
        if (enableDate !== undefined) devices.push({ UserName: user.name, SerialNumber: serial, EnableDate: new Date(enableDate) });
      }
      return { MFADevices: devices, IsTruncated: page.IsTruncated, ...(page.Marker !== undefined ? { Marker: page.Marker } : {}) };
    },
  };
}
