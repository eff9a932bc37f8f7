import type { IamEntityRecord, StoreTransaction } from '../../store/port.js';
import { accountAlias } from '../account/index.js';
import { accountOf, isoNow, optionalString, requiredString, write } from '../caller-account.js';
import { iamError } from '../errors.js';
import type { IamDeps, OperationTable } from '../operation.js';
import { pageRequest, toPage } from '../paging.js';
import type { VirtualMfaDeviceData } from '../records.js';
import { applyTags, removeTags, retag, tagKeysOf, tagPage, tagsOf, tagsOutput } from '../tags.js';
import { keyUri, newSeed, qrCodePng } from './bootstrap.js';
import { MFA_KIND, MfaErrors, assignedUser, deviceData, deviceKey, findDevice, mfaSerialNumber, userSummary } from './device.js';

/** The device a `SerialNumber` names, or NoSuchEntity. */
async function deviceOrThrow(
  tx: Pick<StoreTransaction, 'getEntity'>, deps: IamDeps, accountId: string, serialNumber: string,
): Promise<IamEntityRecord> {
  const device = await findDevice(tx, deps.partition, accountId, serialNumber);
  if (device === undefined) throw MfaErrors.noSuchDevice(serialNumber);
  return device;
}

/** The longest serial number the model accepts (serialNumberType). */
const MAX_SERIAL_NUMBER = 256;

/** Which devices ListVirtualMFADevices answers. */
type AssignmentStatus = 'Assigned' | 'Unassigned' | 'Any';

/**
 * The virtual devices themselves: CreateVirtualMFADevice, DeleteVirtualMFADevice, ListVirtualMFADevices and
 * the device tags (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Operations.html).
 */
export function virtualDeviceOperations(deps: IamDeps): OperationTable {
  return {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateVirtualMFADevice.html: the seed and
    // its QR code are answered this once ("treated like any other secret access information"); the store
    // keeps the seed sealed, bound to the serial number.
    CreateVirtualMFADevice: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const name = requiredString(input, 'VirtualMFADeviceName');
      const path = optionalString(input, 'Path') ?? '/';
      const tags = applyTags([], tagsOf(input));
      const serialNumber = mfaSerialNumber(deps.partition, accountId, path, name);
      // The model bounds a serial number (serialNumberType, 9–256): a longer one could never be named again.
      if (serialNumber.length > MAX_SERIAL_NUMBER) {
        throw iamError('InvalidInput', `The serial number ${serialNumber} is longer than ${MAX_SERIAL_NUMBER} characters.`);
      }
      const seed = newSeed(deps.random);
      // The QR code is drawn before anything is stored, so a device never exists whose seed was not shown.
      const png = await qrCodePng(keyUri(name, (await accountAlias(deps.store, accountId)) ?? accountId, seed));
      await write(deps, async (tx) => {
        if (await tx.getEntity(accountId, MFA_KIND, deviceKey(path, name)) !== undefined) throw MfaErrors.exists();
        const data: VirtualMfaDeviceData = { sealedSeed: deps.sealSecret(seed, serialNumber), ...(tags.length > 0 ? { tags } : {}) };
        await tx.createEntity({
          accountId, kind: MFA_KIND, name: deviceKey(path, name), id: serialNumber, path, arn: serialNumber,
          createdAt: isoNow(deps.clock), data: { ...data },
        });
      }, () => MfaErrors.exists());
      const outTags = tagsOutput(tags);
      return {
        VirtualMFADevice: {
          SerialNumber: serialNumber,
          // BootstrapDatum is a blob: the protocol layer writes these bytes as base64 (the seed's Base32
          // text, then the PNG), which is what clients decode.
          Base32StringSeed: new TextEncoder().encode(seed),
          QRCodePNG: png,
          ...(outTags !== undefined ? { Tags: outTags } : {}),
        },
      };
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteVirtualMFADevice.html: "You must
    // deactivate a user's virtual MFA device before you can delete it" (DeleteConflict).
    DeleteVirtualMFADevice: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const serialNumber = requiredString(input, 'SerialNumber');
      await write(deps, async (tx) => {
        const device = await deviceOrThrow(tx, deps, accountId, serialNumber);
        if (deviceData(device).assignment !== undefined) throw MfaErrors.deleteEnabled(serialNumber);
        await tx.deleteEntity(accountId, MFA_KIND, device.name);
      });
      return {};
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListVirtualMFADevices.html: AssignmentStatus
    // defaults to Any; an assigned device carries its User and EnableDate; no seeds, no tags ("this
    // operation does not return tags"). Ordered by serial number ignoring case.
    ListVirtualMFADevices: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const status = (optionalString(input, 'AssignmentStatus') ?? 'Any') as AssignmentStatus;
      const request = pageRequest(input);
      const wanted = (device: IamEntityRecord): boolean => {
        const assigned = deviceData(device).assignment !== undefined;
        return status === 'Any' || (status === 'Assigned') === assigned;
      };
      const matched: IamEntityRecord[] = [];
      const scan = 1000;
      for (let after = request.after; matched.length < request.limit;) {
        const rows = await deps.store.listEntities(accountId, MFA_KIND, { ...(after !== undefined ? { after } : {}), limit: scan });
        for (const row of rows) {
          if (wanted(row) && matched.push(row) === request.limit) break;
        }
        const last = rows[rows.length - 1];
        if (rows.length < scan || last === undefined) break;
        after = last.name.toLowerCase();
      }
      const page = toPage(matched, request.maxItems, (device) => device.name.toLowerCase());
      const devices = [];
      for (const device of page.items) {
        const data = deviceData(device);
        const user = await assignedUser(deps.store, accountId, data);
        devices.push({
          SerialNumber: device.arn,
          ...(user !== undefined ? { User: userSummary(user) } : {}),
          ...(data.assignment !== undefined ? { EnableDate: new Date(data.assignment.enableDate) } : {}),
        });
      }
      return { VirtualMFADevices: devices, IsTruncated: page.IsTruncated, ...(page.Marker !== undefined ? { Marker: page.Marker } : {}) };
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagMFADevice.html (the shared tag rules,
    // src/iam/tags.ts; "Tags that can be attached to a virtual MFA device: 50").
    TagMFADevice: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const serialNumber = requiredString(input, 'SerialNumber');
      const added = tagsOf(input);
      await write(deps, async (tx) => retag(tx, await deviceOrThrow(tx, deps, accountId, serialNumber), (tags) => applyTags(tags, added)));
      return {};
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagMFADevice.html
    UntagMFADevice: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const serialNumber = requiredString(input, 'SerialNumber');
      const keys = tagKeysOf(input);
      await write(deps, async (tx) => retag(tx, await deviceOrThrow(tx, deps, accountId, serialNumber), (tags) => removeTags(tags, keys)));
      return {};
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListMFADeviceTags.html
    ListMFADeviceTags: async ({ caller, input }) => {
      const device = await deviceOrThrow(deps.store, deps, accountOf(caller), requiredString(input, 'SerialNumber'));
      return tagPage(deviceData(device).tags ?? [], input);
    },
  };
}
