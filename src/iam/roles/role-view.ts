import type { IamEntityRecord } from '../../store/port.js';
import { type RoleData, dataOf } from '../records.js';
import { boundaryView } from '../boundaries.js';
import { tagsOutput } from '../tags.js';
import { encodePolicyDocument } from './trust-policy.js';

/**
 * Which members of the Role structure an operation answers. AWS's API reference says what each leaves out:
 * - `create`: CreateRole's example answers no MaxSessionDuration and no RoleLastUsed
 *   (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html);
 * - `list`: ListRoles leaves out PermissionsBoundary, RoleLastUsed and Tags
 *   (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html);
 * - `profile`: a role inside an InstanceProfile carries its identity and trust policy only;
 * - `full`: GetRole and UpdateRoleDescription answer everything.
 */
export type RoleViewKind = 'create' | 'full' | 'list' | 'profile';

/** The role as IAM answers it (`Role` shape; the trust policy URL-encoded, dates as Date). */
export function roleView(role: IamEntityRecord, kind: RoleViewKind): Record<string, unknown> {
  const data = dataOf<RoleData>(role);
  const view: Record<string, unknown> = {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: role.arn,
    CreateDate: new Date(role.createdAt),
    AssumeRolePolicyDocument: encodePolicyDocument(data.assumeRolePolicyDocument),
  };
  if (kind === 'profile') return view;
  if (data.description !== undefined) view.Description = data.description;
  if (kind !== 'create') view.MaxSessionDuration = data.maxSessionDuration;
  if (kind === 'list') return view;
  const boundary = boundaryView(data.permissionsBoundary);
  if (boundary !== undefined) view.PermissionsBoundary = boundary;
  const tags = tagsOutput(data.tags);
  if (tags !== undefined) view.Tags = tags;
  // Ward does not record role use yet: AWS answers an empty RoleLastUsed for a role never used.
  if (kind === 'full') view.RoleLastUsed = {};
  return view;
}
