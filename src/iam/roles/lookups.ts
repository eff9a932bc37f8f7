import type { IamEntityRecord, StoreTransaction } from '../../store/port.js';
import { IamErrors, iamError } from '../errors.js';

/** The role named `name` (any case), or NoSuchEntity "The role with name X cannot be found.". */
export async function roleOrThrow(tx: StoreTransaction, accountId: string, name: string): Promise<IamEntityRecord> {
  const role = await tx.getEntity(accountId, 'role', name);
  if (role === undefined) throw IamErrors.noSuchEntity('role', name);
  return role;
}

/** The user named `name` (any case), or NoSuchEntity "The user with name X cannot be found.". */
export async function userOrThrow(tx: StoreTransaction, accountId: string, name: string): Promise<IamEntityRecord> {
  const user = await tx.getEntity(accountId, 'user', name);
  if (user === undefined) throw IamErrors.noSuchEntity('user', name);
  return user;
}

/** "Instance Profile X cannot be found." — IAM's NoSuchEntity text for instance profiles, as clients report it. */
export function noSuchInstanceProfile(name: string): Error {
  return iamError('NoSuchEntity', `Instance Profile ${name} cannot be found.`);
}

/** The instance profile named `name` (any case), or NoSuchEntity. */
export async function instanceProfileOrThrow(tx: StoreTransaction, accountId: string, name: string): Promise<IamEntityRecord> {
  const profile = await tx.getEntity(accountId, 'instance-profile', name);
  if (profile === undefined) throw noSuchInstanceProfile(name);
  return profile;
}
