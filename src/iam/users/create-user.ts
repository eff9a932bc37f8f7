import { IdPrefix, newEntityId } from '../../kernel/index.js';
import { type IamEntityRecord, StoreConflict } from '../../store/port.js';
import { IamErrors } from '../errors.js';
import type { IamDeps, OperationContext } from '../operation.js';
import type { UserData } from '../records.js';
import { accountOf, isoNow, optionalString, requiredString } from '../caller-account.js';
import { checkBoundaryPolicy, linkNewBoundary } from '../boundaries.js';
import { applyTags, tagsOf } from '../tags.js';
import { userArn, userOutput } from './user-view.js';

/**
 * CreateUser (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html): Path defaults to
 * `/`; names are unique ignoring case (EntityAlreadyExists); tags follow the tag rules; a permissions
 * boundary must name an attachable managed policy (AWS managed ones from the catalogue Ward serves).
 */
export async function createUser(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const accountId = accountOf(caller);
  const userName = requiredString(input, 'UserName');
  const path = optionalString(input, 'Path') ?? '/';
  const boundary = optionalString(input, 'PermissionsBoundary');
  const tags = applyTags([], tagsOf(input));
  const data: UserData = { ...(tags.length > 0 ? { tags } : {}), ...(boundary !== undefined ? { permissionsBoundary: boundary } : {}) };
  const entity: IamEntityRecord = {
    accountId,
    kind: 'user',
    name: userName,
    id: newEntityId(IdPrefix.User, deps.random),
    path,
    arn: userArn(deps.partition, accountId, path, userName),
    createdAt: isoNow(deps.clock),
    data: { ...data },
  };
  await deps.store.transaction(async (tx) => {
    if (boundary !== undefined) await checkBoundaryPolicy(tx, deps, accountId, boundary);
    try {
      await tx.createEntity(entity);
    } catch (error) {
      if (error instanceof StoreConflict) throw IamErrors.entityAlreadyExists('user', userName);
      throw error;
    }
    await linkNewBoundary(tx, entity);
  });
  return { User: userOutput(entity, true) };
}
