import type { IamEntityRecord, StoreTransaction } from '../../store/port.js';
import { accountOf, isoNow, requiredString, write } from '../caller-account.js';
import { iamError } from '../errors.js';
import type { IamDeps, OperationTable } from '../operation.js';
import { dataOf } from '../records.js';
import { applyTags, tagsOf, tagsOutput } from '../tags.js';
import {
  MAX_CLIENT_IDS, MAX_OIDC_PROVIDERS, checkClientIds, checkThumbprints, clientIdQuota, oidcProviderName,
} from './oidc-rules.js';
import { providerAccess } from './provider-access.js';
import { findProvider, providerArn, stringList } from './provider-arn.js';
import type { OidcProviderData } from './records.js';

const KIND = 'oidc-provider';

/** NoSuchEntity "OpenIDConnect Provider not found for arn ARN" (IAM's wording, as clients report it). */
function notFound(arn: string): Error {
  return iamError('NoSuchEntity', `OpenIDConnect Provider not found for arn ${arn}`);
}

/** Rewrites a provider's data inside `tx`. */
async function update(tx: StoreTransaction, provider: IamEntityRecord, change: Partial<OidcProviderData>): Promise<void> {
  await tx.updateEntity({ ...provider, data: { ...dataOf<OidcProviderData>(provider), ...change } });
}

/**
 * OpenID Connect identity providers: CreateOpenIDConnectProvider, GetOpenIDConnectProvider,
 * DeleteOpenIDConnectProvider, ListOpenIDConnectProviders, AddClientIDToOpenIDConnectProvider,
 * RemoveClientIDFromOpenIDConnectProvider, UpdateOpenIDConnectProviderThumbprint and their tags
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Operations.html).
 */
export function oidcProviderOperations(deps: IamDeps): OperationTable {
  const { named, onProvider, tagOperations } = providerAccess(deps, {
    kind: KIND, arnMember: 'OpenIDConnectProviderArn', operationStem: 'OpenIDConnectProvider', notFound,
  });

  return {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html
    CreateOpenIDConnectProvider: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const url = requiredString(input, 'Url');
      const name = oidcProviderName(url);
      const clientIds = checkClientIds(stringList(input, 'ClientIDList'));
      const thumbprints = checkThumbprints(stringList(input, 'ThumbprintList'));
      const tags = applyTags([], tagsOf(input));
      const arn = providerArn(deps.partition, accountId, KIND, name);
      // "You cannot register the same provider multiple times in a single Amazon Web Services account":
      // EntityAlreadyExists "Provider with url URL already exists." (IAM's words, as terraform reports them).
      const exists = () => iamError('EntityAlreadyExists', `Provider with url ${url} already exists.`);
      await write(deps, async (tx) => {
        if (await tx.getEntity(accountId, KIND, name) !== undefined) throw exists();
        if (await tx.countEntities(accountId, KIND) >= MAX_OIDC_PROVIDERS) {
          throw iamError('LimitExceeded', `Cannot exceed quota for OpenIdConnectProvidersPerAccount: ${MAX_OIDC_PROVIDERS}`);
        }
        const data: OidcProviderData = { url, clientIds, thumbprints, ...(tags.length > 0 ? { tags } : {}) };
        await tx.createEntity({ accountId, kind: KIND, name, id: arn, path: '/', arn, createdAt: isoNow(deps.clock), data: { ...data } });
      }, exists);
      const outTags = tagsOutput(tags);
      return { OpenIDConnectProviderArn: arn, ...(outTags !== undefined ? { Tags: outTags } : {}) };
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetOpenIDConnectProvider.html: `Url` is the
    // provider's URL without its scheme, as the API reference's example answers ("server.example.com").
    GetOpenIDConnectProvider: async ({ caller, input }) => {
      const provider = await named(caller, input);
      const data = dataOf<OidcProviderData>(provider);
      const tags = tagsOutput(data.tags);
      return {
        Url: provider.name,
        ClientIDList: [...data.clientIds],
        ThumbprintList: [...data.thumbprints],
        CreateDate: new Date(provider.createdAt),
        ...(tags !== undefined ? { Tags: tags } : {}),
      };
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteOpenIDConnectProvider.html: "This
    // operation is idempotent; it does not fail or return an error if you call the operation for a provider
    // that does not exist." A malformed ARN is still InvalidInput.
    DeleteOpenIDConnectProvider: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const arn = requiredString(input, 'OpenIDConnectProviderArn');
      await write(deps, async (tx) => {
        const provider = await findProvider(tx, deps.partition, accountId, KIND, arn);
        if (provider !== undefined) await tx.deleteEntity(accountId, KIND, provider.name);
      });
      return {};
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListOpenIDConnectProviders.html: no paging in
    // the model; at most 100 providers per account.
    ListOpenIDConnectProviders: async ({ caller }) => {
      const providers = await deps.store.listEntities(accountOf(caller), KIND);
      return { OpenIDConnectProviderList: providers.map((p) => ({ Arn: p.arn })) };
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddClientIDToOpenIDConnectProvider.html:
    // idempotent for an id already registered; the 101st is LimitExceeded.
    AddClientIDToOpenIDConnectProvider: async ({ caller, input }) => {
      const clientId = requiredString(input, 'ClientID');
      return onProvider(caller, input, async (tx, provider) => {
        const { clientIds } = dataOf<OidcProviderData>(provider);
        if (clientIds.includes(clientId)) return;
        if (clientIds.length >= MAX_CLIENT_IDS) throw clientIdQuota();
        await update(tx, provider, { clientIds: [...clientIds, clientId] });
      });
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_RemoveClientIDFromOpenIDConnectProvider.html:
    // idempotent for an id not registered.
    RemoveClientIDFromOpenIDConnectProvider: async ({ caller, input }) => {
      const clientId = requiredString(input, 'ClientID');
      return onProvider(caller, input, async (tx, provider) => {
        const { clientIds } = dataOf<OidcProviderData>(provider);
        if (clientIds.includes(clientId)) await update(tx, provider, { clientIds: clientIds.filter((id) => id !== clientId) });
      });
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateOpenIDConnectProviderThumbprint.html:
    // "The list that you pass with this operation completely replaces the existing list of thumbprints."
    UpdateOpenIDConnectProviderThumbprint: async ({ caller, input }) => {
      const thumbprints = checkThumbprints(stringList(input, 'ThumbprintList'));
      return onProvider(caller, input, (tx, provider) => update(tx, provider, { thumbprints }));
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagOpenIDConnectProvider.html,
    // API_UntagOpenIDConnectProvider.html, API_ListOpenIDConnectProviderTags.html
    ...tagOperations,
  };
}
