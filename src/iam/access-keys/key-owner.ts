import type { Caller } from '../../authn/caller.js';
import type { AccessKeyOwner, AccessKeyRecord, StoreReads } from '../../store/port.js';
import { iamError } from '../errors.js';
import { entityOrThrow } from '../lookups.js';

/**
 * Whose keys a call is about. With UserName: that user (NoSuchEntity if missing), named as the user
 * entity spells it. Without: "IAM determines the user name implicitly based on the AWS access key ID
 * signing the request" — the calling user, or the root user for a root caller ("this operation works
 * for access keys under the AWS account", API_CreateAccessKey). Any other caller (a role session, a
 * federated user) must name the user: AWS answers "Must specify userName when calling with non-User
 * credentials" — never the root user's keys.
 */
export async function keyOwner(tx: StoreReads, caller: Caller, accountId: string, userName: string | undefined): Promise<AccessKeyOwner> {
  const name = userName ?? (caller.kind === 'user' ? caller.userName : undefined);
  if (name === undefined) {
    if (caller.kind === 'root') return { kind: 'root' };
    throw iamError('ValidationError', 'Must specify userName when calling with non-User credentials');
  }
  const user = await entityOrThrow(tx, accountId, 'user', name);
  return { kind: 'user', userName: user.name };
}

/** The owner's user name as IAM answers it (none for the root user). */
export function ownerName(owner: AccessKeyOwner): string | undefined {
  return owner.kind === 'user' ? owner.userName : undefined;
}

/** "The Access Key with id X cannot be found." */
export function noSuchAccessKey(accessKeyId: string) {
  return iamError('NoSuchEntity', `The Access Key with id ${accessKeyId} cannot be found.`);
}

/**
 * The key `accessKeyId` when it belongs to `owner` in `accountId`; NoSuchEntity otherwise, so a caller
 * cannot tell another account's or another user's key from a missing one.
 */
export async function ownedKey(tx: StoreReads, accountId: string, owner: AccessKeyOwner, accessKeyId: string): Promise<AccessKeyRecord> {
  const key = await tx.getAccessKey(accessKeyId);
  if (key === undefined || key.accountId !== accountId || !sameOwner(key.owner, owner)) throw noSuchAccessKey(accessKeyId);
  return key;
}

function sameOwner(a: AccessKeyOwner, b: AccessKeyOwner): boolean {
  if (a.kind === 'root' || b.kind === 'root') return a.kind === b.kind;
  return a.userName.toLowerCase() === b.userName.toLowerCase();
}
