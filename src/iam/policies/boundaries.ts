import type { IamEntityRecord, StoreReads } from '../../store/port.js';
import { BOUNDARY_LINK } from '../records.js';

/**
 * Who uses a policy as a permissions boundary, read from the boundary links that users and roles keep
 * (`src/iam/boundaries.ts`): a count or a listing costs what the answer holds, not what the account holds.
 */

/** How many users and roles use `arn` as their permissions boundary. */
export async function boundaryUsageCount(tx: StoreReads, accountId: string, arn: string): Promise<number> {
  return await tx.countLinksTo(accountId, BOUNDARY_LINK.user, arn) + await tx.countLinksTo(accountId, BOUNDARY_LINK.role, arn);
}

/** The users (or roles) that use `arn` as their permissions boundary, by lower-case name. */
export async function boundaryHolders(tx: StoreReads, accountId: string, kind: 'user' | 'role', arn: string): Promise<IamEntityRecord[]> {
  const holders: IamEntityRecord[] = [];
  for (const link of await tx.listLinksTo(accountId, BOUNDARY_LINK[kind], arn)) {
    const entity = await tx.getEntity(accountId, kind, link.from);
    if (entity !== undefined) holders.push(entity);
  }
  return holders;
}
