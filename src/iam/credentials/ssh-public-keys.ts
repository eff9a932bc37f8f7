import type { IamEntityRecord } from '../../store/port.js';
import { accountOf, isoNow, requiredString, write } from '../caller-account.js';
import { iamError } from '../errors.js';
import type { IamDeps, OperationTable } from '../operation.js';
import { pageRequest, toPage } from '../paging.js';
import { type SshPublicKeyData, dataOf } from '../records.js';
import { credentialId, itemOf, itemsOf, ownerKey, ownerOf, ownerPath, statusOf } from './owned.js';
import { parseSshPublicKey } from './ssh-key-format.js';

/**
 * SSH public keys for CodeCommit: UploadSSHPublicKey, GetSSHPublicKey, ListSSHPublicKeys,
 * UpdateSSHPublicKey, DeleteSSHPublicKey (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSSHPublicKey.html
 * and the pages beside it); 5 keys per user ("IAM and AWS STS quotas",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
 */

const KIND = 'ssh-public-key';
export const MAX_SSH_KEYS_PER_USER = 5;

function notFound(id: string): Error {
  return iamError('NoSuchEntity', `The Public Key with id ${id} cannot be found.`);
}

/** `SSHPublicKey` (Upload, Get) in the encoding asked for. */
function keyOutput(userName: string, key: IamEntityRecord, encoding: 'SSH' | 'PEM'): Record<string, unknown> {
  const data = dataOf<SshPublicKeyData>(key);
  return {
    UserName: userName, SSHPublicKeyId: key.name, Fingerprint: data.fingerprint,
    SSHPublicKeyBody: encoding === 'PEM' ? data.pem : data.ssh, Status: data.status, UploadDate: new Date(key.createdAt),
  };
}

/** The SSH public key operations. */
export function sshPublicKeyOperations(deps: IamDeps): OperationTable {
  return {
    UploadSSHPublicKey: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const userName = requiredString(input, 'UserName');
      const parsed = parseSshPublicKey(requiredString(input, 'SSHPublicKeyBody'));
      const id = credentialId('APKA', deps.random, 20);
      const key = await write(deps, async (tx) => {
        const owner = await ownerOf(tx, accountId, caller, { UserName: userName });
        const existing = await itemsOf(tx, accountId, KIND, ownerKey(owner));
        if (existing.some((k) => dataOf<SshPublicKeyData>(k).fingerprint === parsed.fingerprint)) {
          throw iamError('DuplicateSSHPublicKey', 'The request was rejected because the SSH public key is already associated with the specified IAM user.');
        }
        if (existing.length >= MAX_SSH_KEYS_PER_USER) throw iamError('LimitExceeded', `Cannot exceed quota for SSHPublicKeysPerUser: ${MAX_SSH_KEYS_PER_USER}`);
        const data: SshPublicKeyData = { userName, ...parsed, status: 'Active' };
        const record: IamEntityRecord = { accountId, kind: KIND, name: id, id, path: ownerPath(ownerKey(owner)), arn: id, createdAt: isoNow(deps.clock), data: { ...data } };
        await tx.createEntity(record);
        return { record, userName: owner.kind === 'user' ? owner.user.name : userName };
      });
      return { SSHPublicKey: keyOutput(key.userName, key.record, 'SSH') };
    },

    GetSSHPublicKey: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const id = requiredString(input, 'SSHPublicKeyId');
      const encoding = requiredString(input, 'Encoding');
      if (encoding !== 'SSH' && encoding !== 'PEM') {
        throw iamError('UnrecognizedPublicKeyEncoding', 'The request was rejected because the public key encoding format is unsupported or unrecognized.');
      }
      const owner = await ownerOf(deps.store, accountId, caller, { UserName: requiredString(input, 'UserName') });
      const key = await itemOf(deps.store, accountId, KIND, ownerKey(owner), id);
      if (key === undefined || owner.kind !== 'user') throw notFound(id);
      return { SSHPublicKey: keyOutput(owner.user.name, key, encoding) };
    },

    // UserName defaults to the caller's (API_ListSSHPublicKeys); the root user has none.
    ListSSHPublicKeys: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const owner = await ownerOf(deps.store, accountId, caller, input, true);
      const request = pageRequest(input);
      const rows = owner.kind === 'user'
        ? await deps.store.listEntities(accountId, KIND, { pathPrefix: ownerPath(owner.user.id), limit: request.limit, ...(request.after !== undefined ? { after: request.after } : {}) })
        : [];
      const page = toPage(rows, request.maxItems, (k) => k.name.toLowerCase());
      return {
        SSHPublicKeys: page.items.map((k) => ({
          UserName: owner.kind === 'user' ? owner.user.name : '', SSHPublicKeyId: k.name, Status: dataOf<SshPublicKeyData>(k).status, UploadDate: new Date(k.createdAt),
        })),
        IsTruncated: page.IsTruncated,
        ...(page.Marker !== undefined ? { Marker: page.Marker } : {}),
      };
    },

    UpdateSSHPublicKey: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const id = requiredString(input, 'SSHPublicKeyId');
      const status = statusOf(input);
      await write(deps, async (tx) => {
        const owner = await ownerOf(tx, accountId, caller, { UserName: requiredString(input, 'UserName') });
        const key = await itemOf(tx, accountId, KIND, ownerKey(owner), id);
        if (key === undefined) throw notFound(id);
        await tx.updateEntity({ ...key, data: { ...dataOf<SshPublicKeyData>(key), status } });
      });
      return {};
    },

    DeleteSSHPublicKey: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const id = requiredString(input, 'SSHPublicKeyId');
      await write(deps, async (tx) => {
        const owner = await ownerOf(tx, accountId, caller, { UserName: requiredString(input, 'UserName') });
        if (await itemOf(tx, accountId, KIND, ownerKey(owner), id) === undefined) throw notFound(id);
        await tx.deleteEntity(accountId, KIND, id);
      });
      return {};
    },
  };
}
