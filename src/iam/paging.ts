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
