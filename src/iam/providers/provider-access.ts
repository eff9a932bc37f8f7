import type { Caller } from '../../authn/caller.js';
import type { IamEntityRecord, StoreTransaction } from '../../store/port.js';
import { accountOf, requiredString, write } from '../caller-account.js';
import type { IamDeps, OperationTable } from '../operation.js';
import { type Tag, dataOf } from '../records.js';
import { applyTags, removeTags, retag, tagKeysOf, tagPage, tagsOf } from '../tags.js';
import { type ProviderKind, findProvider } from './provider-arn.js';

/** How one kind's operations name a provider, and what IAM answers when it does not exist. */
export interface ProviderKindRules {
  readonly kind: ProviderKind;
  /** The input member holding the provider's ARN (`OpenIDConnectProviderArn`, `SAMLProviderArn`). */
  readonly arnMember: string;
  /** `Tag…`, `Untag…`, `List…Tags`: the operations' name stem (`OpenIDConnectProvider`, `SAMLProvider`). */
  readonly operationStem: string;
  /** IAM's NoSuchEntity for that kind (its wording differs between OIDC and SAML). */
  readonly notFound: (arn: string) => Error;
}

/** What the OIDC and SAML operations share: finding the provider an input names, writing it, its tags. */
export interface ProviderAccess {
  /** The provider of `arn` in `accountId`, or the kind's NoSuchEntity. `tx` may be the store itself. */
  orThrow(tx: StoreTransaction, accountId: string, arn: string): Promise<IamEntityRecord>;
  /** The provider the input's ARN member names in the caller's account, read outside a transaction. */
  named(caller: Caller, input: Readonly<Record<string, unknown>>): Promise<IamEntityRecord>;
  /** One write, in one transaction, on the provider the input names; answers `{}`. */
  onProvider(
    caller: Caller, input: Readonly<Record<string, unknown>>, work: (tx: StoreTransaction, provider: IamEntityRecord) => Promise<void>,
  ): Promise<Record<string, unknown>>;
  /** `Tag<stem>`, `Untag<stem>` and `List<stem>Tags` (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Operations.html). */
  readonly tagOperations: OperationTable;
}

/** The shared reads and writes of one provider kind. */
export function providerAccess(deps: IamDeps, rules: ProviderKindRules): ProviderAccess {
  const orThrow = async (tx: StoreTransaction, accountId: string, arn: string): Promise<IamEntityRecord> => {
    const provider = await findProvider(tx, deps.partition, accountId, rules.kind, arn);
    if (provider === undefined) throw rules.notFound(arn);
    return provider;
  };
  const named: ProviderAccess['named'] = (caller, input) => orThrow(deps.store, accountOf(caller), requiredString(input, rules.arnMember));
  const onProvider: ProviderAccess['onProvider'] = async (caller, input, work) => {
    const accountId = accountOf(caller);
    const arn = requiredString(input, rules.arnMember);
    await write(deps, async (tx) => work(tx, await orThrow(tx, accountId, arn)));
    return {};
  };
  const stem = rules.operationStem;
  return {
    orThrow,
    named,
    onProvider,
    tagOperations: {
      [`Tag${stem}`]: async ({ caller, input }) => {
        const added = tagsOf(input);
        return onProvider(caller, input, (tx, provider) => retag(tx, provider, (tags) => applyTags(tags, added)));
      },
      [`Untag${stem}`]: async ({ caller, input }) => {
        const keys = tagKeysOf(input);
        return onProvider(caller, input, (tx, provider) => retag(tx, provider, (tags) => removeTags(tags, keys)));
      },
      [`List${stem}Tags`]: async ({ caller, input }) => tagPage(dataOf<{ tags?: readonly Tag[] }>(await named(caller, input)).tags ?? [], input),
    },
  };
}
