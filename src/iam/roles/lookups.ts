import type { IamEntityRecord, StoreReads } from '../../store/port.js';
import { iamError } from '../errors.js';

/** "Instance Profile X cannot be found." — IAM's NoSuchEntity text for instance profiles, as clients report it. */
export function noSuchInstanceProfile(name: string): Error {
  return iamError('NoSuchEntity', `Instance Profile ${name} cannot be found.`);
}

/** The instance profile named `name` (any case), or NoSuchEntity. */
export async function instanceProfileOrThrow(tx: StoreReads, accountId: string, name: string): Promise<IamEntityRecord> {
  const profile = await tx.getEntity(accountId, 'instance-profile', name);
  if (profile === undefined) throw noSuchInstanceProfile(name);
  return profile;
}
