import type { IamDeps, OperationContext } from '../operation.js';
import { accountOf, optionalString } from '../caller-account.js';
import { entityOrThrow } from '../lookups.js';
import { userOutput } from './user-view.js';

/**
 * GetUser (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUser.html). Without UserName,
 * "IAM determines the user name implicitly based on the access key ID used to sign the request": the
 * calling user, or for the root user what AWS answers there: the account id as UserId, the root ARN and
 * the account's creation date, with no UserName or Path.
 */
export async function getUser(deps: IamDeps, { caller, input }: OperationContext): Promise<Record<string, unknown>> {
  const accountId = accountOf(caller);
  const named = optionalString(input, 'UserName');
  if (named === undefined && caller.kind === 'root') {
    const account = await deps.store.getAccount(accountId);
    return { User: { UserId: accountId, Arn: caller.arn, CreateDate: new Date(account?.createdAt ?? 0) } };
  }
  const userName = named ?? (caller.kind === 'user' ? caller.userName : '');
  const entity = await entityOrThrow(deps.store, accountId, 'user', userName);
  return { User: userOutput(entity, true) };
}
