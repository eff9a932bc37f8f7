import { newAccessKeyId } from '../../kernel/index.js';
import { type AccessKeyRecord, StoreConflict } from '../../store/port.js';
import { IamErrors, iamError } from '../errors.js';
import type { IamDeps, OperationContext } from '../operation.js';
import { pageRequest, toPage } from '../paging.js';
import { accountOf, isoNow, optionalString, requiredString } from '../users/index.js';
import { keyOwner, noSuchAccessKey, ownedKey, ownerName } from './key-owner.js';

/** "Access keys assigned to an IAM user: 2" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). */
export const MAX_ACCESS_KEYS_PER_USER = 2;

/**
 * CreateAccessKey (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html): a new
 * Active key; "this is the only time that the secret access key can be viewed or downloaded". The secret
 * is sealed before it reaches the store; the quota is checked in the insert's serializable transaction.
 */
export async function createAccessKey(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const accountId = accountOf(caller);
  const userName = optionalString(input, 'UserName');
  const accessKeyId = newAccessKeyId(deps.random);
  const secretAccessKey = deps.newSecretAccessKey();
  const sealedSecret = deps.sealSecret(secretAccessKey, accessKeyId);
  const createdAt = isoNow(deps.clock);
  const record = await deps.store.transaction(async (tx) => {
    const owner = await keyOwner(tx, caller, accountId, userName);
    if ((await tx.listAccessKeys(accountId, owner)).length >= MAX_ACCESS_KEYS_PER_USER) {
      throw IamErrors.quotaExceeded('AccessKeysPerUser', MAX_ACCESS_KEYS_PER_USER);
    }
    const key: AccessKeyRecord = { accessKeyId, accountId, owner, sealedSecret, status: 'Active', createdAt };
    try {
      await tx.createAccessKey(key);
    } catch (error) {
      // 2^80 ids: a collision is a fault of the random source, not of the caller.
      if (error instanceof StoreConflict) throw iamError('ServiceFailure', 'Could not create a unique access key id; try again.');
      throw error;
    }
    return key;
  });
  return {
    AccessKey: {
      UserName: ownerName(record.owner),
      AccessKeyId: accessKeyId,
      Status: 'Active',
      SecretAccessKey: secretAccessKey,
      CreateDate: new Date(createdAt),
    },
  };
}

/**
 * UpdateAccessKey (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccessKey.html): Active
 * or Inactive; an inactive key stops signing at once (the store announces the write at commit, and the
 * server drops the cached credential before the call answers).
 */
export async function updateAccessKey(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const accountId = accountOf(caller);
  const accessKeyId = requiredString(input, 'AccessKeyId');
  const status = requiredString(input, 'Status');
  if (status !== 'Active' && status !== 'Inactive') {
    // The model's enum also has Expired, which only AWS sets.
    throw IamErrors.invalidInput(`Status ${status} is not valid for an access key: use Active or Inactive.`);
  }
  await deps.store.transaction(async (tx) => {
    const owner = await keyOwner(tx, caller, accountId, optionalString(input, 'UserName'));
    await ownedKey(tx, accountId, owner, accessKeyId);
    if (!(await tx.updateAccessKeyStatus(accessKeyId, status))) throw noSuchAccessKey(accessKeyId);
  });
  return {};
}

/** DeleteAccessKey (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteAccessKey.html). */
export async function deleteAccessKey(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const accountId = accountOf(caller);
  const accessKeyId = requiredString(input, 'AccessKeyId');
  await deps.store.transaction(async (tx) => {
    const owner = await keyOwner(tx, caller, accountId, optionalString(input, 'UserName'));
    await ownedKey(tx, accountId, owner, accessKeyId);
    if (!(await tx.deleteAccessKey(accessKeyId))) throw noSuchAccessKey(accessKeyId);
  });
  return {};
}

/**
 * ListAccessKeys (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAccessKeys.html): metadata
 * only, never a secret; by creation time, paged (at most 2 keys, but the paging parameters still work).
 */
export async function listAccessKeys(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const accountId = accountOf(caller);
  const { after, maxItems } = pageRequest(input);
  const keys = await deps.store.read(async (tx) => {
    const owner = await keyOwner(tx, caller, accountId, optionalString(input, 'UserName'));
    return tx.listAccessKeys(accountId, owner);
  });
  const start = after === undefined ? 0 : keys.findIndex((k) => k.accessKeyId === after) + 1;
  const page = toPage(keys.slice(start, start + maxItems + 1), maxItems, (k) => k.accessKeyId);
  return {
    AccessKeyMetadata: page.items.map((k) => ({
      UserName: ownerName(k.owner),
      AccessKeyId: k.accessKeyId,
      Status: k.status,
      CreateDate: new Date(k.createdAt),
    })),
    IsTruncated: page.IsTruncated,
    Marker: page.Marker,
  };
}

/**
 * GetAccessKeyLastUsed (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccessKeyLastUsed.html):
 * when the key last signed a request that authenticated, with the service and region of that request's
 * credential scope. A key never used answers as AWS does: ServiceName and Region `N/A` and no
 * LastUsedDate. Uses are recorded in memory and written in batches (src/server/key-usage.ts), so the
 * answer may lag by one flush interval. A key outside the caller's account is NoSuchEntity.
 */
export async function getAccessKeyLastUsed(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const accountId = accountOf(caller);
  const accessKeyId = requiredString(input, 'AccessKeyId');
  const key = await deps.store.getAccessKey(accessKeyId);
  if (key === undefined || key.accountId !== accountId) throw noSuchAccessKey(accessKeyId);
  const used = key.lastUsed;
  return {
    UserName: ownerName(key.owner),
    AccessKeyLastUsed: used === undefined
      ? { ServiceName: 'N/A', Region: 'N/A' }
      : { LastUsedDate: new Date(used.date), ServiceName: used.serviceName, Region: used.region },
  };
}
