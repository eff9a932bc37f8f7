import type { IamEntityRecord } from '../../store/port.js';
import { accountOf, isoNow, requiredString, write } from '../caller-account.js';
import { iamError } from '../errors.js';
import type { IamDeps, OperationTable } from '../operation.js';
import { pageRequest, toPage } from '../paging.js';
import { type SigningCertificateData, dataOf } from '../records.js';
import { certificateIdOf, parseCertificate } from './certificate-pem.js';
import { type Owner, itemOf, itemsOf, ownerKey, ownerOf, ownerPath, statusOf } from './owned.js';

/**
 * X.509 signing certificates: UploadSigningCertificate, ListSigningCertificates, UpdateSigningCertificate,
 * DeleteSigningCertificate (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSigningCertificate.html
 * and the pages beside it). Without UserName the caller's own, the root user's included ("you can use this
 * operation to manage AWS account root user credentials"); 2 per user ("IAM and AWS STS quotas").
 * A certificate's id is derived from its DER, so one certificate is in an account once: uploading it
 * again, for any user, is DuplicateCertificate (its model documentation: "the same certificate is
 * associated with an IAM user in the account").
 */

const KIND = 'signing-certificate';
export const MAX_SIGNING_CERTIFICATES_PER_USER = 2;

function notFound(id: string): Error {
  return iamError('NoSuchEntity', `The Certificate with id ${id} cannot be found.`);
}

/** `Certificate` (SigningCertificate) as AWS answers it; the root user's name is left empty. */
function certificateOutput(owner: Owner, certificate: IamEntityRecord): Record<string, unknown> {
  const data = dataOf<SigningCertificateData>(certificate);
  return {
    UserName: owner.kind === 'user' ? owner.user.name : '', CertificateId: certificate.name, CertificateBody: data.body,
    Status: data.status, UploadDate: new Date(certificate.createdAt),
  };
}

/** The signing certificate operations. */
export function signingCertificateOperations(deps: IamDeps): OperationTable {
  return {
    UploadSigningCertificate: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const body = requiredString(input, 'CertificateBody');
      const id = certificateIdOf(parseCertificate(body));
      const duplicate = () => iamError('DuplicateCertificate', 'The request was rejected because the same certificate is associated with an IAM user in the account.');
      const { owner, record } = await write(deps, async (tx) => {
        const owner = await ownerOf(tx, accountId, caller, input, true);
        if (await tx.getEntity(accountId, KIND, id) !== undefined) throw duplicate();
        if ((await itemsOf(tx, accountId, KIND, ownerKey(owner))).length >= MAX_SIGNING_CERTIFICATES_PER_USER) {
          throw iamError('LimitExceeded', `Cannot exceed quota for SigningCertificatesPerUser: ${MAX_SIGNING_CERTIFICATES_PER_USER}`);
        }
        const data: SigningCertificateData = { ...(owner.kind === 'user' ? { userName: owner.user.name } : {}), body, status: 'Active' };
        const record: IamEntityRecord = { accountId, kind: KIND, name: id, id: `${accountId}:${id}`, path: ownerPath(ownerKey(owner)), arn: id, createdAt: isoNow(deps.clock), data: { ...data } };
        await tx.createEntity(record);
        return { owner, record };
      }, duplicate);
      return { Certificate: certificateOutput(owner, record) };
    },

    ListSigningCertificates: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const owner = await ownerOf(deps.store, accountId, caller, input, true);
      const request = pageRequest(input);
      const rows = await deps.store.listEntities(accountId, KIND, {
        pathPrefix: ownerPath(ownerKey(owner)), limit: request.limit, ...(request.after !== undefined ? { after: request.after } : {}),
      });
      const page = toPage(rows, request.maxItems, (c) => c.name.toLowerCase());
      return {
        Certificates: page.items.map((c) => certificateOutput(owner, c)),
        IsTruncated: page.IsTruncated,
        ...(page.Marker !== undefined ? { Marker: page.Marker } : {}),
      };
    },

    UpdateSigningCertificate: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const id = requiredString(input, 'CertificateId');
      const status = statusOf(input);
      await write(deps, async (tx) => {
        const owner = await ownerOf(tx, accountId, caller, input, true);
        const certificate = await itemOf(tx, accountId, KIND, ownerKey(owner), id);
        if (certificate === undefined) throw notFound(id);
        await tx.updateEntity({ ...certificate, data: { ...dataOf<SigningCertificateData>(certificate), status } });
      });
      return {};
    },

    DeleteSigningCertificate: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const id = requiredString(input, 'CertificateId');
      await write(deps, async (tx) => {
        const owner = await ownerOf(tx, accountId, caller, input, true);
        if (await itemOf(tx, accountId, KIND, ownerKey(owner), id) === undefined) throw notFound(id);
        await tx.deleteEntity(accountId, KIND, id);
      });
      return {};
    },
  };
}
