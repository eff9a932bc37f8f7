import { createPrivateKey } from 'node:crypto';
import type { IamEntityRecord, StoreTransaction } from '../../store/port.js';
import { accountOf, isoNow, optionalString, requiredString, write } from '../caller-account.js';
import { iamError } from '../errors.js';
import type { IamDeps, OperationTable } from '../operation.js';
import { pageRequest, toPage } from '../paging.js';
import { type ServerCertificateData, dataOf } from '../records.js';
import { applyTags, removeTags, retag, tagKeysOf, tagPage, tagsOf, tagsOutput } from '../tags.js';
import { parseCertificate, parseChain } from './certificate-pem.js';
import { credentialId } from './owned.js';

/**
 * Server certificates: UploadServerCertificate, GetServerCertificate, ListServerCertificates,
 * UpdateServerCertificate, DeleteServerCertificate and their tags
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadServerCertificate.html and the pages
 * beside it; "Managing server certificates in IAM",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html); 20 per account
 * ("IAM and AWS STS quotas"). The private key must match the certificate (KeyPairMismatch), is sealed at
 * rest with `IamDeps.sealSecret` under the certificate's id, and is never answered.
 */

const KIND = 'server-certificate';
export const MAX_SERVER_CERTIFICATES = 20;

/** `arn:aws:iam::111122223333:server-certificate/path/name`. */
export function serverCertificateArn(partition: string, accountId: string, path: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:server-certificate${path}${name}`;
}

function notFound(name: string): Error {
  return iamError('NoSuchEntity', `The Server Certificate with name ${name} cannot be found.`);
}

function exists(name: string): Error {
  return iamError('EntityAlreadyExists', `The Server Certificate with name ${name} already exists.`);
}

async function certificateOrThrow(tx: Pick<StoreTransaction, 'getEntity'>, accountId: string, name: string): Promise<IamEntityRecord> {
  const certificate = await tx.getEntity(accountId, KIND, name);
  if (certificate === undefined) throw notFound(name);
  return certificate;
}

/** `ServerCertificateMetadata`. */
function metadata(certificate: IamEntityRecord): Record<string, unknown> {
  return {
    Path: certificate.path, ServerCertificateName: certificate.name, ServerCertificateId: certificate.id, Arn: certificate.arn,
    UploadDate: new Date(certificate.createdAt), Expiration: new Date(dataOf<ServerCertificateData>(certificate).expiration),
  };
}

/** The server certificate operations. */
export function serverCertificateOperations(deps: IamDeps): OperationTable {
  return {
    UploadServerCertificate: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const name = requiredString(input, 'ServerCertificateName');
      const path = optionalString(input, 'Path') ?? '/';
      const body = requiredString(input, 'CertificateBody');
      const privateKey = requiredString(input, 'PrivateKey');
      const chain = optionalString(input, 'CertificateChain');
      const certificate = parseCertificate(body);
      if (chain !== undefined) parseChain(chain);
      let key;
      try {
        key = createPrivateKey({ key: privateKey, format: 'pem' });
      } catch {
        throw iamError('MalformedCertificate', 'Unable to parse private key.');
      }
      if (!certificate.checkPrivateKey(key)) throw iamError('KeyPairMismatch', 'The private key does not match the certificate.');
      const tags = applyTags([], tagsOf(input));
      const id = credentialId('ASCA', deps.random, 21);
      const record = await write(deps, async (tx) => {
        if (await tx.getEntity(accountId, KIND, name) !== undefined) throw exists(name);
        if (await tx.countEntities(accountId, KIND) >= MAX_SERVER_CERTIFICATES) {
          throw iamError('LimitExceeded', `Cannot exceed quota for ServerCertificatesPerAccount: ${MAX_SERVER_CERTIFICATES}`);
        }
        const data: ServerCertificateData = {
          body, ...(chain !== undefined ? { chain } : {}), sealedPrivateKey: deps.sealSecret(privateKey, id),
          expiration: new Date(certificate.validTo).toISOString(), ...(tags.length > 0 ? { tags } : {}),
        };
        const record: IamEntityRecord = {
          accountId, kind: KIND, name, id, path, arn: serverCertificateArn(deps.partition, accountId, path, name), createdAt: isoNow(deps.clock), data: { ...data },
        };
        await tx.createEntity(record);
        return record;
      }, () => exists(name));
      const outTags = tagsOutput(tags);
      return { ServerCertificateMetadata: metadata(record), ...(outTags !== undefined ? { Tags: outTags } : {}) };
    },

    GetServerCertificate: async ({ caller, input }) => {
      const certificate = await certificateOrThrow(deps.store, accountOf(caller), requiredString(input, 'ServerCertificateName'));
      const data = dataOf<ServerCertificateData>(certificate);
      const tags = tagsOutput(data.tags);
      return {
        ServerCertificate: {
          ServerCertificateMetadata: metadata(certificate), CertificateBody: data.body,
          ...(data.chain !== undefined ? { CertificateChain: data.chain } : {}), ...(tags !== undefined ? { Tags: tags } : {}),
        },
      };
    },

    ListServerCertificates: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const request = pageRequest(input);
      const pathPrefix = optionalString(input, 'PathPrefix') ?? '/';
      const rows = await deps.store.listEntities(accountId, KIND, { pathPrefix, limit: request.limit, ...(request.after !== undefined ? { after: request.after } : {}) });
      const page = toPage(rows, request.maxItems, (c) => c.name.toLowerCase());
      return {
        ServerCertificateMetadataList: page.items.map(metadata),
        IsTruncated: page.IsTruncated,
        ...(page.Marker !== undefined ? { Marker: page.Marker } : {}),
      };
    },

    // A new name and/or a new path; the id (and so the sealed key's binding) stays.
    UpdateServerCertificate: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const name = requiredString(input, 'ServerCertificateName');
      const newName = optionalString(input, 'NewServerCertificateName');
      const newPath = optionalString(input, 'NewPath');
      await write(deps, async (tx) => {
        const certificate = await certificateOrThrow(tx, accountId, name);
        const path = newPath ?? certificate.path;
        const renamed = newName ?? certificate.name;
        const updated = { ...certificate, name: renamed, path, arn: serverCertificateArn(deps.partition, accountId, path, renamed) };
        if (renamed !== certificate.name) {
          if (renamed.toLowerCase() !== certificate.name.toLowerCase() && await tx.getEntity(accountId, KIND, renamed) !== undefined) throw exists(renamed);
          await tx.renameEntity(accountId, KIND, certificate.name, updated);
        } else {
          await tx.updateEntity(updated);
        }
      }, () => exists(newName ?? name));
      return {};
    },

    DeleteServerCertificate: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const name = requiredString(input, 'ServerCertificateName');
      await write(deps, async (tx) => {
        if (!(await tx.deleteEntity(accountId, KIND, name))) throw notFound(name);
      });
      return {};
    },

    TagServerCertificate: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const tags = tagsOf(input);
      await write(deps, async (tx) => retag(tx, await certificateOrThrow(tx, accountId, requiredString(input, 'ServerCertificateName')), (old) => applyTags(old, tags)));
      return {};
    },

    UntagServerCertificate: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const keys = tagKeysOf(input);
      await write(deps, async (tx) => retag(tx, await certificateOrThrow(tx, accountId, requiredString(input, 'ServerCertificateName')), (old) => removeTags(old, keys)));
      return {};
    },

    ListServerCertificateTags: async ({ caller, input }) => {
      const certificate = await certificateOrThrow(deps.store, accountOf(caller), requiredString(input, 'ServerCertificateName'));
      return tagPage(dataOf<ServerCertificateData>(certificate).tags ?? [], input);
    },
  };
}
