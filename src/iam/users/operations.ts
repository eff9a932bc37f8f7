import type { IamDeps, OperationTable } from '../operation.js';
import { createUser } from './create-user.js';
import { deleteUser } from './delete-user.js';
import { getUser } from './get-user.js';
import { listUsers } from './list-users.js';
import { listUserTags, tagUser, untagUser } from './user-tags.js';
import { updateUser } from './update-user.js';

/** The users operations of IAM. */
export function userOperations(deps: IamDeps): OperationTable {
  return {
    CreateUser: (context) => createUser(deps, context),
    GetUser: (context) => getUser(deps, context),
    UpdateUser: (context) => updateUser(deps, context),
    DeleteUser: (context) => deleteUser(deps, context),
    ListUsers: (context) => listUsers(deps, context),
    TagUser: (context) => tagUser(deps, context),
    UntagUser: (context) => untagUser(deps, context),
    ListUserTags: (context) => listUserTags(deps, context),
  };
}
