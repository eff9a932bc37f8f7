import { IdPrefix, newEntityId } from '../../kernel/index.js';
import { type IamEntityRecord, StoreConflict, type StoreReads, type StoreTransaction } from '../../store/port.js';
import type { IamDeps, OperationContext, OperationTable } from '../operation.js';
import { pageRequest, toPage } from '../paging.js';
import type { PolicyData, PolicyVersionData } from '../records.js';
import { awsManagedPolicies } from './aws-managed-catalogue.js';
import { boundaryUsageCount } from './boundaries.js';
import { accountOf, callerArn, isoNow, optionalString, requiredString } from '../caller-account.js';
import { checkManagedPolicyDocument, encodePolicyDocument } from './documents.js';
import { PolicyErrors } from './errors.js';
import {
  type ManagedPolicy, attachmentCount, customerPolicy, findManagedPolicy, policyShape,
} from './managed-policy.js';
import { customerPolicyArn, requirePolicyArn } from './policy-arn.js';
import { applyTags, removeTags, retag, tagKeysOf, tagPage, tagsOf } from '../tags.js';

/** At most 5 versions per managed policy (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). */
export const MAX_POLICY_VERSIONS = 5;

const versionNumber = (id: string): number => Number.parseInt(id.slice(1), 10);

/** The managed policy an ARN names, or `NoSuchEntity` "Policy ... was not found." (`InvalidInput` for a bad ARN). */
async function requirePolicy(tx: StoreReads, deps: IamDeps, accountId: string, arn: string): Promise<ManagedPolicy> {
  requirePolicyArn(arn);
  const policy = await findManagedPolicy(tx, deps.partition, accountId, arn);
  if (policy === undefined) throw PolicyErrors.notFound(arn);
  return policy;
}

/** A customer managed policy to change: AWS managed ones answer AccessDenied, unknown ones NoSuchEntity. */
async function requireCustomerPolicy(
  tx: StoreTransaction, deps: IamDeps, context: OperationContext, accountId: string, arn: string, action: string,
): Promise<ManagedPolicy & { entity: IamEntityRecord }> {
  const policy = await requirePolicy(tx, deps, accountId, arn);
  if (policy.entity === undefined) throw PolicyErrors.awsManaged(callerArn(context.caller), action, arn);
  return policy as ManagedPolicy & { entity: IamEntityRecord };
}

async function savePolicy(tx: StoreTransaction, entity: IamEntityRecord, data: PolicyData): Promise<void> {
  await tx.updateEntity({ ...entity, data: { ...data } });
}

function versionShape(policy: ManagedPolicy, version: PolicyVersionData, withDocument: boolean): Record<string, unknown> {
  return {
    ...(withDocument ? { Document: encodePolicyDocument(version.document) } : {}),
    VersionId: version.versionId,
    IsDefaultVersion: version.versionId === policy.defaultVersionId,
    CreateDate: new Date(version.createDate),
  };
}

/**
 * Customer managed policies with versions and tags, and the AWS managed catalogue (read-only)
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html and the pages of each operation).
 */
export function managedPolicyOperations(deps: IamDeps): OperationTable {
  const { store } = deps;

  return {
    CreatePolicy: async (context) => {
      const { input } = context;
      const accountId = accountOf(context.caller);
      const name = requiredString(input, 'PolicyName');
      const path = optionalString(input, 'Path') ?? '/';
      const document = requiredString(input, 'PolicyDocument');
      checkManagedPolicyDocument(document);
      const tags = applyTags([], tagsOf(input));
      const description = optionalString(input, 'Description');
      const now = isoNow(deps.clock);
      const data: PolicyData = {
        ...(description !== undefined ? { description } : {}),
        defaultVersionId: 'v1',
        versions: [{ versionId: 'v1', document, createDate: now }],
        nextVersion: 2,
        updateDate: now,
        ...(tags.length > 0 ? { tags } : {}),
      };
      const entity: IamEntityRecord = {
        accountId, kind: 'policy', name, id: newEntityId(IdPrefix.ManagedPolicy, deps.random), path,
        arn: customerPolicyArn(deps.partition, accountId, path, name), createdAt: now, data: { ...data },
      };
      await store.transaction(async (tx) => {
        try {
          await tx.createEntity(entity);
        } catch (error) {
          if (error instanceof StoreConflict) throw PolicyErrors.alreadyExists(name);
          throw error;
        }
      });
      return { Policy: policyShape(customerPolicy(entity), { attachments: 0, boundaries: 0 }, 'full') };
    },

    GetPolicy: async (context) => {
      const accountId = accountOf(context.caller);
      const arn = requiredString(context.input, 'PolicyArn');
      return store.read(async (tx) => {
        const policy = await requirePolicy(tx, deps, accountId, arn);
        const counts = { attachments: await attachmentCount(tx, accountId, policy.arn), boundaries: await boundaryUsageCount(tx, accountId, policy.arn) };
        return { Policy: policyShape(policy, counts, 'full') };
      });
    },

    DeletePolicy: async (context) => {
      const accountId = accountOf(context.caller);
      const arn = requiredString(context.input, 'PolicyArn');
      await store.transaction(async (tx) => {
        const policy = await requireCustomerPolicy(tx, deps, context, accountId, arn, 'DeletePolicy');
        if (await attachmentCount(tx, accountId, arn) > 0 || await boundaryUsageCount(tx, accountId, arn) > 0) throw PolicyErrors.attached();
        if (policy.versions.length > 1) throw PolicyErrors.hasVersions();
        await tx.deleteEntity(accountId, 'policy', policy.entity.name);
      });
      return {};
    },

    ListPolicies: async (context) => {
      const { input } = context;
      const accountId = accountOf(context.caller);
      const scope = optionalString(input, 'Scope') ?? 'All';
      const onlyAttached = input.OnlyAttached === true;
      const usageFilter = optionalString(input, 'PolicyUsageFilter');
      const pathPrefix = optionalString(input, 'PathPrefix') ?? '/';
      const { after, maxItems } = pageRequest(input);
      return store.read(async (tx) => {
        const rows: { key: string; shape: Record<string, unknown> }[] = [];
        // Keys: `a/<name>` for AWS managed policies (listed first), `c/<name>` for the account's own.
        const consider = async (policy: ManagedPolicy, key: string): Promise<void> => {
          const counts = { attachments: await attachmentCount(tx, accountId, policy.arn), boundaries: await boundaryUsageCount(tx, accountId, policy.arn) };
          // PermissionsBoundary: only policies some user or role has as its boundary; OnlyAttached: only
          // policies in use (as a permissions policy, or as either use when no usage filter is given).
          const keep = usageFilter === 'PermissionsBoundary' ? counts.boundaries > 0
            : !onlyAttached || counts.attachments > 0 || (usageFilter === undefined && counts.boundaries > 0);
          if (keep) rows.push({ key, shape: policyShape(policy, counts, 'list') });
        };
        if (scope !== 'Local' && (after === undefined || after.startsWith('a/'))) {
          for (const aws of awsManagedPolicies(deps.partition)) {
            const key = `a/${aws.name.toLowerCase()}`;
            if ((after !== undefined && key <= after) || !aws.path.startsWith(pathPrefix)) continue;
            const policy = await findManagedPolicy(tx, deps.partition, accountId, aws.arn);
            if (policy !== undefined) await consider(policy, key);
            if (rows.length > maxItems) break;
          }
        }
        if (scope !== 'AWS' && rows.length <= maxItems) {
          let cursor = after?.startsWith('c/') === true ? after.slice(2) : undefined;
          for (;;) {
            const page = await tx.listEntities(accountId, 'policy', { pathPrefix, limit: maxItems + 1, ...(cursor !== undefined ? { after: cursor } : {}) });
            for (const entity of page) {
              await consider(customerPolicy(entity), `c/${entity.name.toLowerCase()}`);
              if (rows.length > maxItems) break;
            }
            if (rows.length > maxItems || page.length < maxItems + 1) break;
            cursor = (page[page.length - 1] as IamEntityRecord).name.toLowerCase();
          }
        }
        const page = toPage(rows, maxItems, (r) => r.key);
        return { Policies: page.items.map((r) => r.shape), IsTruncated: page.IsTruncated, ...(page.Marker !== undefined ? { Marker: page.Marker } : {}) };
      });
    },

    CreatePolicyVersion: async (context) => {
      const { input } = context;
      const accountId = accountOf(context.caller);
      const arn = requiredString(input, 'PolicyArn');
      const document = requiredString(input, 'PolicyDocument');
      const setAsDefault = input.SetAsDefault === true;
      const result = await store.transaction(async (tx) => {
        const policy = await requireCustomerPolicy(tx, deps, context, accountId, arn, 'CreatePolicyVersion');
        checkManagedPolicyDocument(document);
        if (policy.versions.length >= MAX_POLICY_VERSIONS) throw PolicyErrors.tooManyVersions();
        const data = policy.entity.data as unknown as PolicyData;
        const now = isoNow(deps.clock);
        const version: PolicyVersionData = { versionId: `v${data.nextVersion}`, document, createDate: now };
        const next: PolicyData = {
          ...data,
          versions: [...data.versions, version],
          nextVersion: data.nextVersion + 1,
          defaultVersionId: setAsDefault ? version.versionId : data.defaultVersionId,
          updateDate: now,
        };
        await savePolicy(tx, policy.entity, next);
        return { PolicyVersion: versionShape({ ...policy, defaultVersionId: next.defaultVersionId }, version, false) };
      });
      return result;
    },

    GetPolicyVersion: async (context) => {
      const accountId = accountOf(context.caller);
      const arn = requiredString(context.input, 'PolicyArn');
      const versionId = requiredString(context.input, 'VersionId');
      return store.read(async (tx) => {
        const policy = await requirePolicy(tx, deps, accountId, arn);
        const version = policy.versions.find((v) => v.versionId === versionId);
        if (version === undefined) throw PolicyErrors.noSuchVersion(arn, versionId);
        return { PolicyVersion: versionShape(policy, version, true) };
      });
    },

    ListPolicyVersions: async (context) => {
      const accountId = accountOf(context.caller);
      const arn = requiredString(context.input, 'PolicyArn');
      const { after, maxItems } = pageRequest(context.input);
      return store.read(async (tx) => {
        const policy = await requirePolicy(tx, deps, accountId, arn);
        // Newest first, as IAM lists them.
        let versions = [...policy.versions].sort((a, b) => versionNumber(b.versionId) - versionNumber(a.versionId));
        if (after !== undefined) versions = versions.filter((v) => versionNumber(v.versionId) < versionNumber(after));
        const page = toPage(versions, maxItems, (v) => v.versionId);
        return {
          Versions: page.items.map((v) => versionShape(policy, v, false)),
          IsTruncated: page.IsTruncated,
          ...(page.Marker !== undefined ? { Marker: page.Marker } : {}),
        };
      });
    },

    DeletePolicyVersion: async (context) => {
      const accountId = accountOf(context.caller);
      const arn = requiredString(context.input, 'PolicyArn');
      const versionId = requiredString(context.input, 'VersionId');
      await store.transaction(async (tx) => {
        const policy = await requireCustomerPolicy(tx, deps, context, accountId, arn, 'DeletePolicyVersion');
        if (!policy.versions.some((v) => v.versionId === versionId)) throw PolicyErrors.noSuchVersion(arn, versionId);
        if (versionId === policy.defaultVersionId) throw PolicyErrors.defaultVersion();
        const data = policy.entity.data as unknown as PolicyData;
        await savePolicy(tx, policy.entity, { ...data, versions: data.versions.filter((v) => v.versionId !== versionId) });
      });
      return {};
    },

    SetDefaultPolicyVersion: async (context) => {
      const accountId = accountOf(context.caller);
      const arn = requiredString(context.input, 'PolicyArn');
      const versionId = requiredString(context.input, 'VersionId');
      await store.transaction(async (tx) => {
        const policy = await requireCustomerPolicy(tx, deps, context, accountId, arn, 'SetDefaultPolicyVersion');
        if (!policy.versions.some((v) => v.versionId === versionId)) throw PolicyErrors.noSuchVersion(arn, versionId);
        const data = policy.entity.data as unknown as PolicyData;
        await savePolicy(tx, policy.entity, { ...data, defaultVersionId: versionId });
      });
      return {};
    },

    TagPolicy: async (context) => {
      const accountId = accountOf(context.caller);
      const arn = requiredString(context.input, 'PolicyArn');
      const added = tagsOf(context.input);
      await store.transaction(async (tx) => {
        const policy = await requireCustomerPolicy(tx, deps, context, accountId, arn, 'TagPolicy');
        await retag(tx, policy.entity, (tags) => applyTags(tags, added));
      });
      return {};
    },

    UntagPolicy: async (context) => {
      const accountId = accountOf(context.caller);
      const arn = requiredString(context.input, 'PolicyArn');
      const keys = tagKeysOf(context.input);
      await store.transaction(async (tx) => {
        const policy = await requireCustomerPolicy(tx, deps, context, accountId, arn, 'UntagPolicy');
        await retag(tx, policy.entity, (tags) => removeTags(tags, keys));
      });
      return {};
    },

    ListPolicyTags: async (context) => {
      const accountId = accountOf(context.caller);
      const arn = requiredString(context.input, 'PolicyArn');
      return store.read(async (tx) => tagPage((await requirePolicy(tx, deps, accountId, arn)).tags, context.input));
    },
  };
}
