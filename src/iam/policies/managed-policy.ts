import type { IamEntityRecord, IamLinkKind, StoreReads } from '../../store/port.js';
import { type PolicyData, type Tag, dataOf } from '../records.js';
import { tagsOutput } from '../tags.js';
import { awsManagedPolicy } from './aws-managed-catalogue.js';
import { parsePolicyArn } from './policy-arn.js';

/** One version of a managed policy, customer or AWS managed alike. */
export interface ManagedPolicyVersion {
  readonly versionId: string;
  readonly document: string;
  readonly createDate: string;
}

/** A managed policy as the operations see it, whoever manages it. */
export interface ManagedPolicy {
  readonly owner: 'aws' | 'customer';
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  readonly path: string;
  readonly description?: string;
  readonly defaultVersionId: string;
  readonly versions: readonly ManagedPolicyVersion[];
  readonly createDate: string;
  readonly updateDate: string;
  readonly tags: readonly Tag[];
  /** The customer managed policy's entity (undefined for AWS managed policies). */
  readonly entity?: IamEntityRecord;
}

/** The attachment link kinds, one per identity kind. */
export const ATTACHMENT_KINDS: readonly IamLinkKind[] = ['group-policy', 'user-policy', 'role-policy'];

/** A customer managed policy entity seen as a {@link ManagedPolicy}. */
export function customerPolicy(entity: IamEntityRecord): ManagedPolicy {
  const data = dataOf<PolicyData>(entity);
  return {
    owner: 'customer',
    name: entity.name,
    id: entity.id,
    arn: entity.arn,
    path: entity.path,
    ...(data.description !== undefined ? { description: data.description } : {}),
    defaultVersionId: data.defaultVersionId,
    versions: data.versions,
    createDate: entity.createdAt,
    updateDate: data.updateDate,
    tags: data.tags ?? [],
    entity,
  };
}

/**
 * The managed policy an ARN names, as seen from `accountId` in `partition`: an AWS managed policy of the
 * catalogue or one of the account's customer managed policies (the ARN must match exactly, path
 * included). Undefined otherwise, also for another account's policies.
 */
export async function findManagedPolicy(
  tx: StoreReads, partition: string, accountId: string, arn: string,
): Promise<ManagedPolicy | undefined> {
  const parts = parsePolicyArn(arn);
  if (parts === undefined || parts.partition !== partition) return undefined;
  if (parts.owner === 'aws') {
    const aws = awsManagedPolicy(arn, partition);
    if (aws === undefined) return undefined;
    return {
      owner: 'aws',
      name: aws.name,
      id: aws.id,
      arn: aws.arn,
      path: aws.path,
      ...(aws.description !== undefined ? { description: aws.description } : {}),
      defaultVersionId: aws.versionId,
      versions: [{ versionId: aws.versionId, document: aws.documentText, createDate: aws.updateDate }],
      createDate: aws.createDate,
      updateDate: aws.updateDate,
      tags: [],
    };
  }
  if (parts.accountId !== accountId) return undefined;
  const entity = await tx.getEntity(accountId, 'policy', parts.name);
  if (entity === undefined || entity.arn !== arn) return undefined;
  return customerPolicy(entity);
}

/** How many users, groups and roles of the account have the policy attached. */
export async function attachmentCount(tx: StoreReads, accountId: string, arn: string): Promise<number> {
  let count = 0;
  for (const kind of ATTACHMENT_KINDS) count += await tx.countLinksTo(accountId, kind, arn);
  return count;
}

/** The `Policy` structure of IAM's API (GetPolicy, CreatePolicy; ListPolicies leaves out Description and Tags). */
export function policyShape(
  policy: ManagedPolicy, counts: { attachments: number; boundaries: number }, detail: 'full' | 'list',
): Record<string, unknown> {
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: counts.attachments,
    PermissionsBoundaryUsageCount: counts.boundaries,
    IsAttachable: true,
    ...(detail === 'full' && policy.description !== undefined ? { Description: policy.description } : {}),
    CreateDate: new Date(policy.createDate),
    UpdateDate: new Date(policy.updateDate),
    ...(detail === 'full' && policy.tags.length > 0 ? { Tags: tagsOutput(policy.tags) } : {}),
  };
}

/**
 * The default version's document (JSON text) of the managed policy `policyArn` as seen from `accountId`:
 * an AWS managed policy of the catalogue or one of the account's customer managed policies. Undefined when
 * there is no such policy.
 */
export async function resolveManagedPolicyDocument(
  tx: StoreReads, partition: string, accountId: string, policyArn: string,
): Promise<string | undefined> {
  const policy = await findManagedPolicy(tx, partition, accountId, policyArn);
  return policy?.versions.find((v) => v.versionId === policy.defaultVersionId)?.document;
}
