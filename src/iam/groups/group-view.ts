import type { IamEntityRecord } from '../../store/port.js';

/** `arn:PARTITION:iam::ACCOUNT:group/PATH/NAME` (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html). */
export function groupArn(partition: string, accountId: string, path: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:group${path}${name}`;
}

/** A group as IAM's `Group` shape. */
export function groupOutput(entity: IamEntityRecord): Record<string, unknown> {
  return { Path: entity.path, GroupName: entity.name, GroupId: entity.id, Arn: entity.arn, CreateDate: new Date(entity.createdAt) };
}
