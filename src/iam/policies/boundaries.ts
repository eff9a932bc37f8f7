import type { IamEntityRecord, StoreTransaction } from '../../store/port.js';
import type { RoleData, UserData } from '../records.js';
import { dataOf } from '../records.js';

const PAGE = 500;

/** The users and roles that have a policy as their permissions boundary. */
export interface BoundaryUsage {
  readonly users: IamEntityRecord[];
  readonly roles: IamEntityRecord[];
}

/**
 * Who uses which policy as a permissions boundary, by policy ARN.
 * The store has no index on a boundary (it lives in the entity's `data`), so this reads every user and role
 * of the account, a page at a time: its cost grows with the account. A store query by boundary ARN would
 * make it proportional to the answer (see the report of this change).
 */
export async function boundaryUsage(tx: StoreTransaction, accountId: string): Promise<ReadonlyMap<string, BoundaryUsage>> {
  const usage = new Map<string, BoundaryUsage>();
  const entry = (arn: string): BoundaryUsage => {
    let found = usage.get(arn);
    if (found === undefined) {
      found = { users: [], roles: [] };
      usage.set(arn, found);
    }
    return found;
  };
  for (const kind of ['user', 'role'] as const) {
    let after: string | undefined;
    for (;;) {
      const page = await tx.listEntities(accountId, kind, { limit: PAGE, ...(after !== undefined ? { after } : {}) });
      for (const entity of page) {
        const arn = dataOf<UserData | RoleData>(entity).permissionsBoundary;
        if (arn !== undefined) (kind === 'user' ? entry(arn).users : entry(arn).roles).push(entity);
      }
      if (page.length < PAGE) break;
      after = (page[page.length - 1] as IamEntityRecord).name.toLowerCase();
    }
  }
  return usage;
}

/** How many users and roles use `arn` as their permissions boundary. */
export async function boundaryUsageCount(tx: StoreTransaction, accountId: string, arn: string): Promise<number> {
  const found = (await boundaryUsage(tx, accountId)).get(arn);
  return found === undefined ? 0 : found.users.length + found.roles.length;
}
