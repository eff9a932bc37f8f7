import type { Caller } from '../../authn/caller.js';
import type { RandomSource } from '../../kernel/index.js';
import type { IamEntityKind, IamEntityRecord, StoreTransaction } from '../../store/port.js';
import { optionalString } from '../caller-account.js';
import { iamError } from '../errors.js';
import { entityOrThrow } from '../lookups.js';

/**
 * What the per-user credential kinds share: ids, the owner named by `UserName` (or, where the API lets it
 * be left out, the caller), and one owner's items as a path listing (see `src/iam/records.ts`).
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** An id as AWS shapes these (`APKA…`, `ACCA…`, `ASCA…`): the prefix, then upper-case base-32, `length` in all. */
export function credentialId(prefix: string, random: RandomSource, length: number): string {
  const bytes = random.bytes(length - prefix.length);
  let out = prefix;
  for (const byte of bytes) out += BASE32[byte & 31];
  return out;
}

/** The path that files one owner's items: `/<unique id>/`. */
export function ownerPath(ownerId: string): string {
  return `/${ownerId}/`;
}

/** Whose item: an IAM user (its record) or the account's root user. */
export type Owner = { readonly kind: 'user'; readonly user: IamEntityRecord } | { readonly kind: 'root' };

/** The owner's key in paths: the user's unique id, or `root`. */
export function ownerKey(owner: Owner): string {
  return owner.kind === 'user' ? owner.user.id : 'root';
}

/**
 * The user `UserName` names (NoSuchEntity when none); without it, the caller itself, as AWS answers
 * ("IAM determines the user name implicitly based on the AWS access key ID signing the request"): a user,
 * or the root user where `rootAllowed` (signing certificates), else ValidationError as for a missing member.
 */
export async function ownerOf(
  tx: Pick<StoreTransaction, 'getEntity'>, accountId: string, caller: Caller, input: Readonly<Record<string, unknown>>, rootAllowed = false,
): Promise<Owner> {
  const userName = optionalString(input, 'UserName');
  if (userName !== undefined) return { kind: 'user', user: await entityOrThrow(tx, accountId, 'user', userName) };
  if (caller.kind === 'user') return { kind: 'user', user: await entityOrThrow(tx, accountId, 'user', caller.userName) };
  if (caller.kind === 'root' && rootAllowed) return { kind: 'root' };
  throw iamError('ValidationError', "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null");
}

/** Every item of `kind` an owner has, by id (quotas are small: 2 to 5 a user). */
export function itemsOf(tx: Pick<StoreTransaction, 'listEntities'>, accountId: string, kind: IamEntityKind, ownerId: string): Promise<IamEntityRecord[]> {
  return tx.listEntities(accountId, kind, { pathPrefix: ownerPath(ownerId) });
}

/** The item `id` of this owner, or undefined (another user's item is as good as none). */
export async function itemOf(
  tx: Pick<StoreTransaction, 'getEntity'>, accountId: string, kind: IamEntityKind, ownerId: string, id: string,
): Promise<IamEntityRecord | undefined> {
  const item = await tx.getEntity(accountId, kind, id);
  return item !== undefined && item.path === ownerPath(ownerId) ? item : undefined;
}

/** `Status` of an Update call: Active or Inactive (the model's enum; checked here too for in-process callers). */
export function statusOf(input: Readonly<Record<string, unknown>>): 'Active' | 'Inactive' {
  const status = input.Status;
  if (status === 'Active' || status === 'Inactive') return status;
  throw iamError('ValidationError', `1 validation error detected: Value '${String(status)}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`);
}

/** The user name an item is answered with: the owner's current name. */
export function ownerName(owner: Owner): string | undefined {
  return owner.kind === 'user' ? owner.user.name : undefined;
}
