import type { StoreTransaction } from '../../store/port.js';
import { accountOf, requiredString, write } from '../caller-account.js';
import { iamError } from '../errors.js';
import type { IamDeps, OperationTable } from '../operation.js';
import { pageRequest, toPage } from '../paging.js';

/**
 * Account aliases (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccountAlias.html,
 * https://docs.aws.amazon.com/signin/latest/userguide/CreateAccountAlias.html): one per account ("Aliases
 * for an AWS account: 1", IAM quotas), unique across every account of this Ward as AWS's are across AWS.
 *
 * **Decision** (storage): the store port has no alias table, so an alias lives in two settings written
 * together: `account-alias/<account>` → alias and `account-alias-owner/<alias>` → account. The port has
 * no way to delete a setting; an empty value means "none".
 * INVARIANT: an alias has at most one owner. Both settings are read and written in ONE serializable
 * transaction, so two accounts racing for the same alias cannot both win: on SQLite transactions are
 * serialized; on PostgreSQL the loser's upsert of `account-alias-owner/<alias>` conflicts with the
 * winner's and its transaction is retried, then sees the owner and answers EntityAlreadyExists.
 */
const aliasKey = (accountId: string) => `account-alias/${accountId}`;
const ownerKey = (alias: string) => `account-alias-owner/${alias}`;

/** The account's alias, if it has one. */
export async function accountAlias(tx: StoreTransaction, accountId: string): Promise<string | undefined> {
  const alias = await tx.getSetting(aliasKey(accountId));
  return alias === undefined || alias === '' ? undefined : alias;
}

/**
 * The model's pattern (`^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$`) is checked by the protocol layer; the
 * one rule it cannot say — an alias "cannot be a 12-digit number" (IAM name requirements,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html) — is checked here, so that
 * no alias reads as another account's id. AWS's message for it is not published.
 */
function checkAlias(alias: string): void {
  if (/^\d{12}$/.test(alias)) throw iamError('InvalidInput', `The account alias ${alias} cannot be a 12-digit number.`);
}

/** CreateAccountAlias, DeleteAccountAlias, ListAccountAliases. */
export function accountAliasOperations(deps: IamDeps): OperationTable {
  return {
    // A name held by any account (this one included) is EntityAlreadyExists "The account alias NAME already
    // exists." (IAM's words, awslabs/aws-deployment-framework#465); a free name replaces the account's
    // current alias, as AWS does (observed on a live account, floci-io/floci#2103).
    CreateAccountAlias: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const alias = requiredString(input, 'AccountAlias');
      checkAlias(alias);
      await write(deps, async (tx) => {
        const owner = await tx.getSetting(ownerKey(alias));
        if (owner !== undefined && owner !== '') throw iamError('EntityAlreadyExists', `The account alias ${alias} already exists.`);
        const previous = await accountAlias(tx, accountId);
        if (previous !== undefined) await tx.setSetting(ownerKey(previous), '');
        await tx.setSetting(ownerKey(alias), accountId);
        await tx.setSetting(aliasKey(accountId), alias);
      });
      return {};
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteAccountAlias.html: only the account's
    // own alias; any other name is NoSuchEntity.
    DeleteAccountAlias: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const alias = requiredString(input, 'AccountAlias');
      await write(deps, async (tx) => {
        if (await accountAlias(tx, accountId) !== alias) throw iamError('NoSuchEntity', `The account alias ${alias} cannot be found.`);
        await tx.setSetting(ownerKey(alias), '');
        await tx.setSetting(aliasKey(accountId), '');
      });
      return {};
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAccountAliases.html: zero or one alias,
    // paged like every List call.
    ListAccountAliases: async ({ caller, input }) => {
      const request = pageRequest(input);
      const alias = await accountAlias(deps.store, accountOf(caller));
      const rows = alias !== undefined && (request.after === undefined || alias > request.after) ? [alias] : [];
      const page = toPage(rows, request.maxItems, (a) => a);
      return { AccountAliases: [...page.items], IsTruncated: page.IsTruncated, ...(page.Marker !== undefined ? { Marker: page.Marker } : {}) };
    },
  };
}
