import type { IamEntityRecord, StoreReads } from '../store/port.js';
import { IamErrors } from './errors.js';

/**
 * The user, group or role named `name` (any case), or NoSuchEntity in AWS's words ("The user with name x
 * cannot be found."). `tx` may be the store itself for a read outside a transaction.
 */
export async function entityOrThrow(
  tx: Pick<StoreReads, 'getEntity'>, accountId: string, kind: 'user' | 'group' | 'role', name: string,
): Promise<IamEntityRecord> {
  const entity = await tx.getEntity(accountId, kind, name);
  if (entity === undefined) throw IamErrors.noSuchEntity(kind, name);
  return entity;
}
