import type { IamDeps, OperationTable } from '../operation.js';
import { createAccessKey, deleteAccessKey, getAccessKeyLastUsed, listAccessKeys, updateAccessKey } from './access-keys.js';

/** The access-keys operations of IAM. */
export function accessKeyOperations(deps: IamDeps): OperationTable {
  return {
    CreateAccessKey: (context) => createAccessKey(deps, context),
    UpdateAccessKey: (context) => updateAccessKey(deps, context),
    DeleteAccessKey: (context) => deleteAccessKey(deps, context),
    ListAccessKeys: (context) => listAccessKeys(deps, context),
    GetAccessKeyLastUsed: (context) => getAccessKeyLastUsed(deps, context),
  };
}
