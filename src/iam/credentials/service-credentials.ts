import { randomBytes } from 'node:crypto';
import type { IamEntityRecord } from '../../store/port.js';
import { accountOf, isoNow, optionalInteger, optionalString, requiredString, write } from '../caller-account.js';
import { iamError } from '../errors.js';
import type { IamDeps, OperationTable } from '../operation.js';
import { pageRequest, toPage } from '../paging.js';
import { type ServiceSpecificCredentialData, dataOf } from '../records.js';
import { hashPassword } from './password-hash.js';
import { credentialId, itemOf, itemsOf, ownerKey, ownerOf, ownerPath, statusOf } from './owned.js';

/**
 * Service-specific credentials: CreateServiceSpecificCredential, ListServiceSpecificCredentials,
 * UpdateServiceSpecificCredential, ResetServiceSpecificCredential, DeleteServiceSpecificCredential
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceSpecificCredential.html and the
 * pages beside it; "IAM and AWS STS quotas": 2 per user per service). CodeCommit and Keyspaces get a user
 * name (`bob-at-111122223333`) and a password; Bedrock API keys an alias and a secret, and an expiry from
 * CredentialAgeDays. The password or secret is shown in the Create and Reset answers only and stored as
 * an scrypt hash (what a service needs to check one presented to it).
 */

const KIND = 'service-specific-credential';
export const MAX_PER_USER_PER_SERVICE = 2;

/** The services IAM issues these credentials for; the kind of credential each gets. */
const SERVICES: Readonly<Record<string, 'password' | 'api-key'>> = {
  'codecommit.amazonaws.com': 'password',
  'cassandra.amazonaws.com': 'password',
  'bedrock.amazonaws.com': 'api-key',
};

function notFound(id: string): Error {
  return iamError('NoSuchEntity', `No such credential ${id} exists`);
}

function notSupported(service: string): Error {
  return iamError('NotSupportedService', `Service ${service} is not supported for service specific credentials.`);
}

/** A new password or secret: 32 random bytes in base64 (44 characters, as AWS's example shows). */
function newSecret(): string {
  return randomBytes(32).toString('base64');
}

/** `ServiceSpecificCredentialMetadata`; with `secret`, the full `ServiceSpecificCredential` Create and Reset answer. */
function credentialOutput(userName: string, credential: IamEntityRecord, secret?: string): Record<string, unknown> {
  const data = dataOf<ServiceSpecificCredentialData>(credential);
  return {
    UserName: userName, Status: data.status, ServiceName: data.serviceName, ServiceSpecificCredentialId: credential.name,
    CreateDate: new Date(credential.createdAt),
    ...(data.serviceUserName !== undefined ? { ServiceUserName: data.serviceUserName } : {}),
    ...(data.serviceCredentialAlias !== undefined ? { ServiceCredentialAlias: data.serviceCredentialAlias } : {}),
    ...(data.expirationDate !== undefined ? { ExpirationDate: new Date(data.expirationDate) } : {}),
    ...(secret !== undefined ? (data.serviceUserName !== undefined ? { ServicePassword: secret } : { ServiceCredentialSecret: secret }) : {}),
  };
}

/** The service-specific credential operations. */
export function serviceCredentialOperations(deps: IamDeps): OperationTable {
  /** The credential `ServiceSpecificCredentialId` of the user `UserName` (or the caller) names. */
  const credentialOf = async (accountId: string, caller: Parameters<typeof accountOf>[0], input: Readonly<Record<string, unknown>>) => {
    const id = requiredString(input, 'ServiceSpecificCredentialId');
    const owner = await ownerOf(deps.store, accountId, caller, input);
    const credential = await itemOf(deps.store, accountId, KIND, ownerKey(owner), id);
    if (credential === undefined || owner.kind !== 'user') throw notFound(id);
    return { user: owner.user, credential };
  };

  return {
    CreateServiceSpecificCredential: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const userName = requiredString(input, 'UserName');
      const serviceName = requiredString(input, 'ServiceName');
      const kind = SERVICES[serviceName];
      if (kind === undefined) throw notSupported(serviceName);
      const ageDays = optionalInteger(input, 'CredentialAgeDays');
      const secret = newSecret();
      const secretHash = await hashPassword(secret);
      const id = credentialId('ACCA', deps.random, 21);
      const now = deps.clock.now();
      const { user, record } = await write(deps, async (tx) => {
        const owner = await ownerOf(tx, accountId, caller, { UserName: userName });
        if (owner.kind !== 'user') throw notFound(id);
        const existing = await itemsOf(tx, accountId, KIND, owner.user.id);
        if (existing.filter((c) => dataOf<ServiceSpecificCredentialData>(c).serviceName === serviceName).length >= MAX_PER_USER_PER_SERVICE) {
          throw iamError('LimitExceeded', `Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: ${MAX_PER_USER_PER_SERVICE}`);
        }
        const named = kind === 'password'
          ? { serviceUserName: `${owner.user.name}-at-${accountId}` }
          : { serviceCredentialAlias: `BedrockAPIKey-${id.slice(-4).toLowerCase()}-at-${accountId}` };
        const data: ServiceSpecificCredentialData = {
          userName: owner.user.name, serviceName, ...named, secretHash, status: 'Active',
          ...(ageDays !== undefined ? { expirationDate: new Date(now + ageDays * 86_400_000).toISOString() } : {}),
        };
        const record: IamEntityRecord = { accountId, kind: KIND, name: id, id, path: ownerPath(owner.user.id), arn: id, createdAt: isoNow(deps.clock), data: { ...data } };
        await tx.createEntity(record);
        return { user: owner.user, record };
      });
      return { ServiceSpecificCredential: credentialOutput(user.name, record, secret) };
    },

    // One user's (UserName, else the caller), or with AllUsers every user's; ServiceName filters.
    ListServiceSpecificCredentials: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const serviceName = optionalString(input, 'ServiceName');
      if (serviceName !== undefined && SERVICES[serviceName] === undefined) throw notSupported(serviceName);
      const request = pageRequest(input);
      const allUsers = input.AllUsers === true;
      const owner = allUsers ? undefined : await ownerOf(deps.store, accountId, caller, input, true);
      if (owner?.kind === 'root') return { ServiceSpecificCredentials: [], IsTruncated: false };
      const after = request.after;
      const rows: IamEntityRecord[] = [];
      // The filter on service is applied to pages read in turn, so a page is full whenever more exist.
      let cursor = after;
      for (;;) {
        const batch = await deps.store.listEntities(accountId, KIND, {
          ...(owner?.kind === 'user' ? { pathPrefix: ownerPath(ownerKey(owner)) } : {}), limit: request.limit, ...(cursor !== undefined ? { after: cursor } : {}),
        });
        rows.push(...batch.filter((c) => serviceName === undefined || dataOf<ServiceSpecificCredentialData>(c).serviceName === serviceName));
        const last = batch[batch.length - 1];
        if (batch.length < request.limit || rows.length >= request.limit || last === undefined) break;
        cursor = last.name.toLowerCase();
      }
      const page = toPage(rows.slice(0, request.limit), request.maxItems, (c) => c.name.toLowerCase());
      return {
        ServiceSpecificCredentials: page.items.map((c) => credentialOutput(owner?.kind === 'user' ? owner.user.name : dataOf<ServiceSpecificCredentialData>(c).userName, c)),
        IsTruncated: page.IsTruncated,
        ...(page.Marker !== undefined ? { Marker: page.Marker } : {}),
      };
    },

    UpdateServiceSpecificCredential: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const status = statusOf(input);
      const { credential } = await credentialOf(accountId, caller, input);
      await write(deps, async (tx) => {
        const current = await tx.getEntity(accountId, KIND, credential.name);
        if (current === undefined) throw notFound(credential.name);
        await tx.updateEntity({ ...current, data: { ...dataOf<ServiceSpecificCredentialData>(current), status } });
      });
      return {};
    },

    // A new password (or secret) replaces the old at once; shown in this answer only.
    ResetServiceSpecificCredential: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const { user, credential } = await credentialOf(accountId, caller, input);
      const secret = newSecret();
      const secretHash = await hashPassword(secret);
      const updated = await write(deps, async (tx) => {
        const current = await tx.getEntity(accountId, KIND, credential.name);
        if (current === undefined) throw notFound(credential.name);
        const record = { ...current, data: { ...dataOf<ServiceSpecificCredentialData>(current), secretHash } };
        await tx.updateEntity(record);
        return record;
      });
      return { ServiceSpecificCredential: credentialOutput(user.name, updated, secret) };
    },

    DeleteServiceSpecificCredential: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const { credential } = await credentialOf(accountId, caller, input);
      await write(deps, async (tx) => {
        if (!(await tx.deleteEntity(accountId, KIND, credential.name))) throw notFound(credential.name);
      });
      return {};
    },
  };
}
