import type { IamEntityKind, IamEntityRecord, StoreTransaction } from '../../store/port.js';
import { IamErrors } from '../errors.js';
import { ownerPath } from './owned.js';

/**
 * What DeleteUser must find gone first (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUser.html:
 * "Password (DeleteLoginProfile) ... Signing certificate ... SSH public key ... Git credentials
 * (DeleteServiceSpecificCredential)"), in that order, with DeleteConflict in IAM's wording
 * ("Cannot delete entity, must delete login profile first.").
 */
const CHECKS: readonly (readonly [IamEntityKind, string])[] = [
  ['login-profile', 'delete login profile'],
  ['signing-certificate', 'delete signing certificates'],
  ['ssh-public-key', 'delete SSH public keys'],
  ['service-specific-credential', 'delete service specific credentials'],
];

/** Throws DeleteConflict while `user` has a login profile, SSH keys, signing certificates or service credentials. */
export async function checkNoCredentials(tx: Pick<StoreTransaction, 'listEntities'>, user: IamEntityRecord): Promise<void> {
  for (const [kind, what] of CHECKS) {
    if ((await tx.listEntities(user.accountId, kind, { pathPrefix: ownerPath(user.id), limit: 1 })).length > 0) throw IamErrors.deleteConflict(what);
  }
}
