import { IdPrefix, newEntityId } from '../../kernel/index.js';
import { type IamEntityRecord, StoreConflict } from '../../store/port.js';
import { IamErrors } from '../errors.js';
import type { IamDeps, OperationContext } from '../operation.js';
import { accountOf, isoNow, optionalString, requiredString } from '../caller-account.js';
import { groupArn, groupOutput } from './group-view.js';

/**
 * CreateGroup (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateGroup.html): Path defaults to
 * `/`; group names are unique ignoring case ("Group with name X already exists.").
 */
export async function createGroup(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const accountId = accountOf(caller);
  const groupName = requiredString(input, 'GroupName');
  const path = optionalString(input, 'Path') ?? '/';
  const entity: IamEntityRecord = {
    accountId,
    kind: 'group',
    name: groupName,
    id: newEntityId(IdPrefix.Group, deps.random),
    path,
    arn: groupArn(deps.partition, accountId, path, groupName),
    createdAt: isoNow(deps.clock),
    data: {},
  };
  await deps.store.transaction(async (tx) => {
    try {
      await tx.createEntity(entity);
    } catch (error) {
      if (error instanceof StoreConflict) throw IamErrors.entityAlreadyExists('group', groupName);
      throw error;
    }
  });
  return { Group: groupOutput(entity) };
}
