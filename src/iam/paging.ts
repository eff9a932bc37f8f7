import type { IamEntityKind, IamEntityRecord, PageRequest, StoreReads } from '../store/port.js';
import { iamError } from './errors.js';

/** AWS's default page size for IAM List calls. */
export const DEFAULT_MAX_ITEMS = 100;
/** The largest MaxItems IAM accepts (the model says 1000). */
export const MAX_MAX_ITEMS = 1000;

/** A page as IAM answers it: the items, `IsTruncated`, and a `Marker` when truncated. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly IsTruncated: boolean;
  readonly Marker?: string;
}

/**
 * Reads `Marker`/`MaxItems` into the store's page request. Markers are opaque to clients: the base64url
 * of the last key returned, so a listing resumes after it even when items were added or removed.
 */
export function pageRequest(input: { readonly Marker?: unknown; readonly MaxItems?: unknown }): { after?: string; limit: number; maxItems: number } {
  const maxItems = typeof input.MaxItems === 'number' ? input.MaxItems : DEFAULT_MAX_ITEMS;
  let after: string | undefined;
  if (typeof input.Marker === 'string' && input.Marker !== '') {
    try {
      after = Buffer.from(input.Marker, 'base64url').toString('utf8');
    } catch {
      after = undefined;
    }
    if (after === undefined || after === '' || Buffer.from(after, 'utf8').toString('base64url') !== input.Marker) {
      throw iamError('InvalidInput', 'Invalid Marker.');
    }
  }
  // One more than asked tells whether there is a next page.
  return { ...(after !== undefined ? { after } : {}), limit: maxItems + 1, maxItems };
}

/** Cuts what the store returned (up to `maxItems + 1`) into an IAM page; `keyOf` is the listing's order key. */
export function toPage<T>(rows: readonly T[], maxItems: number, keyOf: (item: T) => string): Page<T> {
  if (rows.length <= maxItems) return { items: rows, IsTruncated: false };
  const items = rows.slice(0, maxItems);
  const last = items[items.length - 1];
  return { items, IsTruncated: true, ...(last !== undefined ? { Marker: Buffer.from(keyOf(last), 'utf8').toString('base64url') } : {}) };
}

/** How many items {@link listAll} asks the store for at a time. */
const LIST_ALL_PAGE = 1000;

/** Every item of one of the store's paged listings, page after page; `keyOf` gives the key a page resumes after. */
export async function listAll<T>(page: (request: PageRequest) => Promise<T[]>, keyOf: (item: T) => string): Promise<T[]> {
  const all: T[] = [];
  let after: string | undefined;
  for (;;) {
    const items = await page({ limit: LIST_ALL_PAGE, ...(after !== undefined ? { after } : {}) });
    all.push(...items);
    if (items.length < LIST_ALL_PAGE) return all;
    after = keyOf(items[items.length - 1] as T);
  }
}

/** Every entity of a kind in the account, in the store's order (lower-case name). */
export function listAllEntities(tx: StoreReads, accountId: string, kind: IamEntityKind): Promise<IamEntityRecord[]> {
  return listAll((request) => tx.listEntities(accountId, kind, request), (entity) => entity.name.toLowerCase());
}
