import type { IamDeps, OperationContext } from '../operation.js';
import { pageRequest, toPage } from '../paging.js';
import { accountOf, optionalString } from '../caller-account.js';
import { userOutput } from './user-view.js';

/**
 * ListUsers (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUsers.html): users whose path
 * starts with PathPrefix (default `/`, all), by name ignoring case, one page of MaxItems (default 100).
 * Like AWS, it leaves out tags and permissions boundaries.
 */
export async function listUsers(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const accountId = accountOf(caller);
  const { after, limit, maxItems } = pageRequest(input);
  const pathPrefix = optionalString(input, 'PathPrefix') ?? '/';
  const rows = await deps.store.listEntities(accountId, 'user', { ...(after !== undefined ? { after } : {}), limit, pathPrefix });
  const page = toPage(rows, maxItems, (entity) => entity.name.toLowerCase());
  return { Users: page.items.map((entity) => userOutput(entity, false)), IsTruncated: page.IsTruncated, Marker: page.Marker };
}
