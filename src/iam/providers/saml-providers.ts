import { AwsError } from '../../kernel/index.js';
import { accountOf, isoNow, optionalString, requiredString, write } from '../caller-account.js';
import { iamError } from '../errors.js';
import type { IamDeps, OperationTable } from '../operation.js';
import { type Tag, dataOf } from '../records.js';
import { applyTags, tagsOf, tagsOutput } from '../tags.js';
import { providerAccess } from './provider-access.js';
import { providerArn } from './provider-arn.js';
import type { SamlProviderData } from './records.js';
import { parseSamlMetadata } from './saml-metadata.js';

const KIND = 'saml-provider';

/** "SAML providers in an AWS account: 100" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). */
export const MAX_SAML_PROVIDERS = 100;

/** How long IAM keeps a provider valid when its metadata names no `validUntil`. */
const DEFAULT_VALIDITY_YEARS = 100;

/** NoSuchEntity "Manifest not found for arn ARN" (IAM's wording for a SAML provider, as clients report it). */
function notFound(arn: string): Error {
  return iamError('NoSuchEntity', `Manifest not found for arn ${arn}`);
}

/**
 * The provider's expiry: the metadata's `validUntil`, else the upload time plus 100 years — what IAM
 * answers for metadata without one (the aws CLI's get-saml-provider example: created
 * 2017-03-06T22:29:46, ValidUntil 2117-03-06T22:29:46.433).
 */
function validUntilOf(metadata: { readonly validUntil?: Date }, uploadedAt: number): string {
  if (metadata.validUntil !== undefined) return metadata.validUntil.toISOString();
  const date = new Date(uploadedAt);
  date.setUTCFullYear(date.getUTCFullYear() + DEFAULT_VALIDITY_YEARS);
  return date.toISOString();
}

/**
 * Assertion encryption (AssertionEncryptionMode `Required`, AddPrivateKey, RemovePrivateKey) would have
 * Ward hold the IdP's decryption keys and decrypt assertions; it does not, and says so rather than
 * pretending: NotImplemented (501), as for every operation Ward does not serve. `Allowed` — plain
 * assertions accepted — is what Ward does, so it is accepted.
 */
function refuseEncryption(input: Readonly<Record<string, unknown>>): 'Allowed' | undefined {
  const mode = optionalString(input, 'AssertionEncryptionMode');
  for (const member of ['AddPrivateKey', 'RemovePrivateKey']) {
    if (input[member] !== undefined) throw notImplemented(member);
  }
  if (mode === 'Required') throw notImplemented('AssertionEncryptionMode Required');
  return mode === 'Allowed' ? 'Allowed' : undefined;
}

function notImplemented(what: string): Error {
  return new AwsError('NotImplemented', `Ward does not decrypt SAML assertions: ${what} is not supported.`, { status: 501, type: 'Receiver' });
}

/** A SAMLProviderUUID: 26 upper-case base-32 characters (the model's `[A-Z0-9]{22,64}`). */
function newProviderUuid(deps: IamDeps): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return Array.from(deps.random.bytes(26), (b) => alphabet[b & 31]).join('');
}

/** GetSAMLProvider's tags: "The returned list of tags is sorted by tag key." (API reference). */
function sortedTags(tags: readonly Tag[] | undefined): Tag[] | undefined {
  const out = tagsOutput(tags);
  return out?.sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0));
}

/**
 * SAML 2.0 identity providers: CreateSAMLProvider, GetSAMLProvider, UpdateSAMLProvider,
 * DeleteSAMLProvider, ListSAMLProviders and their tags
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Operations.html). The metadata is kept as
 * uploaded for STS's AssumeRoleWithSAML.
 */
export function samlProviderOperations(deps: IamDeps): OperationTable {
  const { orThrow, named, onProvider, tagOperations } = providerAccess(deps, {
    kind: KIND, arnMember: 'SAMLProviderArn', operationStem: 'SAMLProvider', notFound,
  });

  return {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateSAMLProvider.html
    CreateSAMLProvider: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const name = requiredString(input, 'Name');
      const document = requiredString(input, 'SAMLMetadataDocument');
      const encryption = refuseEncryption(input);
      const tags = applyTags([], tagsOf(input));
      const metadata = parseSamlMetadata(document);
      const arn = providerArn(deps.partition, accountId, KIND, name);
      const now = deps.clock.now();
      // EntityAlreadyExists "Provider with name NAME already exists." (IAM's words, as
      // org-formation/aws-resource-providers#59 reports them). Names are unique ignoring case, as the store
      // keeps every kind's names (docs/architecture.md, "IAM's storage model").
      const exists = () => iamError('EntityAlreadyExists', `Provider with name ${name} already exists.`);
      await write(deps, async (tx) => {
        if (await tx.getEntity(accountId, KIND, name) !== undefined) throw exists();
        if (await tx.countEntities(accountId, KIND) >= MAX_SAML_PROVIDERS) {
          throw iamError('LimitExceeded', `Cannot exceed quota for SamlProvidersPerAccount: ${MAX_SAML_PROVIDERS}`);
        }
        const data: SamlProviderData = {
          metadataDocument: document,
          validUntil: validUntilOf(metadata, now),
          uuid: newProviderUuid(deps),
          ...(encryption !== undefined ? { assertionEncryptionMode: encryption } : {}),
          ...(tags.length > 0 ? { tags } : {}),
        };
        await tx.createEntity({ accountId, kind: KIND, name, id: arn, path: '/', arn, createdAt: isoNow(deps.clock), data: { ...data } });
      }, exists);
      const outTags = tagsOutput(tags);
      return { SAMLProviderArn: arn, ...(outTags !== undefined ? { Tags: outTags } : {}) };
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetSAMLProvider.html
    GetSAMLProvider: async ({ caller, input }) => {
      const provider = await named(caller, input);
      const data = dataOf<SamlProviderData>(provider);
      const tags = sortedTags(data.tags);
      return {
        SAMLProviderUUID: data.uuid,
        SAMLMetadataDocument: data.metadataDocument,
        CreateDate: new Date(provider.createdAt),
        ValidUntil: new Date(data.validUntil),
        ...(tags !== undefined ? { Tags: tags } : {}),
        ...(data.assertionEncryptionMode !== undefined ? { AssertionEncryptionMode: data.assertionEncryptionMode } : {}),
      };
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateSAMLProvider.html: a new metadata
    // document replaces the old one (and its validUntil).
    UpdateSAMLProvider: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const arn = requiredString(input, 'SAMLProviderArn');
      const document = optionalString(input, 'SAMLMetadataDocument');
      const encryption = refuseEncryption(input);
      const metadata = document !== undefined ? parseSamlMetadata(document) : undefined;
      const now = deps.clock.now();
      await write(deps, async (tx) => {
        const provider = await orThrow(tx, accountId, arn);
        const data: SamlProviderData = {
          ...dataOf<SamlProviderData>(provider),
          ...(document !== undefined && metadata !== undefined ? { metadataDocument: document, validUntil: validUntilOf(metadata, now) } : {}),
          ...(encryption !== undefined ? { assertionEncryptionMode: encryption } : {}),
        };
        await tx.updateEntity({ ...provider, data: { ...data } });
      });
      return { SAMLProviderArn: arn };
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteSAMLProvider.html: roles that trust the
    // provider are left as they are ("Any attempt to assume a role that references a non-existent
    // provider resource ARN fails").
    DeleteSAMLProvider: async ({ caller, input }) => onProvider(caller, input, async (tx, provider) => {
      await tx.deleteEntity(provider.accountId, KIND, provider.name);
    }),

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListSAMLProviders.html: no paging in the model;
    // at most 100 providers per account; no tags ("this operation does not return tags").
    ListSAMLProviders: async ({ caller }) => {
      const providers = await deps.store.listEntities(accountOf(caller), KIND);
      return {
        SAMLProviderList: providers.map((p) => ({
          Arn: p.arn, ValidUntil: new Date(dataOf<SamlProviderData>(p).validUntil), CreateDate: new Date(p.createdAt),
        })),
      };
    },

    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagSAMLProvider.html, API_UntagSAMLProvider.html,
    // API_ListSAMLProviderTags.html
    ...tagOperations,
  };
}
