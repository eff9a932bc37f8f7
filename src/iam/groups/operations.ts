import type { IamDeps, OperationTable } from '../operation.js';
import { createGroup } from './create-group.js';
import { deleteGroup } from './delete-group.js';
import { addUserToGroup, removeUserFromGroup } from './membership.js';
import { getGroup, listGroups, listGroupsForUser } from './read-groups.js';
import { updateGroup } from './update-group.js';

/** The groups operations of IAM. */
export function groupOperations(deps: IamDeps): OperationTable {
  return {
    CreateGroup: (context) => createGroup(deps, context),
    GetGroup: (context) => getGroup(deps, context),
    UpdateGroup: (context) => updateGroup(deps, context),
    DeleteGroup: (context) => deleteGroup(deps, context),
    ListGroups: (context) => listGroups(deps, context),
    AddUserToGroup: (context) => addUserToGroup(deps, context),
    RemoveUserFromGroup: (context) => removeUserFromGroup(deps, context),
    ListGroupsForUser: (context) => listGroupsForUser(deps, context),
  };
}
