import type { IamEntityRecord } from '../../store/port.js';
import { type UserData, dataOf } from '../records.js';
import { boundaryView } from '../boundaries.js';
import { tagsOutput } from '../tags.js';

/** `arn:PARTITION:iam::ACCOUNT:user/PATH/NAME` (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html). */
export function userArn(partition: string, accountId: string, path: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:user${path}${name}`;
}

/**
 * A user as IAM's `User` shape. `full` adds what only CreateUser and GetUser answer: tags and the
 * permissions boundary (ListUsers and GetGroup leave them out, as AWS does: API_ListUsers "does not
 * return ... tags or permissions boundary").
 */
export function userOutput(entity: IamEntityRecord, full: boolean): Record<string, unknown> {
  const data = dataOf<UserData>(entity);
  return {
    Path: entity.path,
    UserName: entity.name,
    UserId: entity.id,
    Arn: entity.arn,
    CreateDate: new Date(entity.createdAt),
    ...(full && data.permissionsBoundary !== undefined ? { PermissionsBoundary: boundaryView(data.permissionsBoundary) } : {}),
    ...(full ? { Tags: tagsOutput(data.tags) } : {}),
  };
}
