import { policySize, policySizeLimit } from '../../policy/index.js';
import type { InlinePolicyRecord, StoreTransaction } from '../../store/port.js';
import { iamError } from '../errors.js';
import type { IamDeps, OperationContext, OperationTable } from '../operation.js';
import { listAll, pageRequest, toPage } from '../paging.js';
import { accountOf, requiredString } from '../caller-account.js';
import { entityOrThrow } from '../lookups.js';
import { checkPolicyDocument, encodePolicyDocument } from './documents.js';

type OwnerKind = InlinePolicyRecord['ownerKind'];

const TITLE: Readonly<Record<OwnerKind, string>> = { user: 'User', group: 'Group', role: 'Role' };
const NAME_MEMBER: Readonly<Record<OwnerKind, string>> = { user: 'UserName', group: 'GroupName', role: 'RoleName' };
const POLICY_KIND = { user: 'inline-user', group: 'inline-group', role: 'inline-role' } as const;

function allInlinePolicies(tx: StoreTransaction, accountId: string, kind: OwnerKind, owner: string): Promise<InlinePolicyRecord[]> {
  return listAll((page) => tx.listInlinePolicies(accountId, kind, owner, page), (policy) => policy.policyName.toLowerCase());
}

/**
 * IAM limits the inline policies of one identity together: the sum of their sizes, white space not
 * counted, may not pass 2,048 characters for a user, 5,120 for a group, 10,240 for a role
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html, "IAM and STS character
 * limits": "The total size of all inline policies per user/role/group"). AWS answers `LimitExceeded`
 * "Maximum policy size of 2048 bytes exceeded for user bob" (as reported from PutUserPolicy,
 * PutGroupPolicy "... 5120 bytes exceeded for group travis-ci" in HumanCellAtlas/data-store#1963, and
 * PutRolePolicy "... 10240 bytes exceeded for role ..." in aws-amplify/amplify-backend#2615).
 */
function maxSizeExceeded(kind: OwnerKind, owner: string, limit: number) {
  return iamError('LimitExceeded', `Maximum policy size of ${limit} bytes exceeded for ${kind} ${owner}`);
}

function inlineOperations(deps: IamDeps, kind: OwnerKind): OperationTable {
  const { store } = deps;
  const title = TITLE[kind];
  const member = NAME_MEMBER[kind];
  const policyKind = POLICY_KIND[kind];
  const limit = policySizeLimit(policyKind) ?? 0;
  const notFound = (name: string) => iamError('NoSuchEntity', `The ${kind} policy with name ${name} cannot be found.`);

  return {
    /** https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html (Group, Role alike). */
    [`Put${title}Policy`]: async (context: OperationContext) => {
      const accountId = accountOf(context.caller);
      const ownerName = requiredString(context.input, member);
      const policyName = requiredString(context.input, 'PolicyName');
      const document = requiredString(context.input, 'PolicyDocument');
      await store.transaction(async (tx) => {
        const owner = await entityOrThrow(tx, accountId, kind, ownerName);
        checkPolicyDocument(document, policyKind);
        // INVARIANT: the inline policies of one identity stay within the aggregate size limit.
        let total = policySize(document, policyKind);
        for (const other of await allInlinePolicies(tx, accountId, kind, owner.name)) {
          if (other.policyName.toLowerCase() !== policyName.toLowerCase()) total += policySize(other.document, policyKind);
        }
        if (total > limit) throw maxSizeExceeded(kind, owner.name, limit);
        await tx.putInlinePolicy({ accountId, ownerKind: kind, ownerName: owner.name, policyName, document });
      });
      return {};
    },

    [`Get${title}Policy`]: async (context: OperationContext) => {
      const accountId = accountOf(context.caller);
      const ownerName = requiredString(context.input, member);
      const policyName = requiredString(context.input, 'PolicyName');
      return store.read(async (tx) => {
        const owner = await entityOrThrow(tx, accountId, kind, ownerName);
        const policy = await tx.getInlinePolicy(accountId, kind, owner.name, policyName);
        if (policy === undefined) throw notFound(policyName);
        return { [member]: owner.name, PolicyName: policy.policyName, PolicyDocument: encodePolicyDocument(policy.document) };
      });
    },

    [`List${title}Policies`]: async (context: OperationContext) => {
      const accountId = accountOf(context.caller);
      const ownerName = requiredString(context.input, member);
      const { after, limit: pageLimit, maxItems } = pageRequest(context.input);
      return store.read(async (tx) => {
        const owner = await entityOrThrow(tx, accountId, kind, ownerName);
        const rows = await tx.listInlinePolicies(accountId, kind, owner.name, { limit: pageLimit, ...(after !== undefined ? { after } : {}) });
        const page = toPage(rows, maxItems, (r) => r.policyName.toLowerCase());
        return {
          PolicyNames: page.items.map((r) => r.policyName),
          IsTruncated: page.IsTruncated,
          ...(page.Marker !== undefined ? { Marker: page.Marker } : {}),
        };
      });
    },

    [`Delete${title}Policy`]: async (context: OperationContext) => {
      const accountId = accountOf(context.caller);
      const ownerName = requiredString(context.input, member);
      const policyName = requiredString(context.input, 'PolicyName');
      await store.transaction(async (tx) => {
        const owner = await entityOrThrow(tx, accountId, kind, ownerName);
        if (!(await tx.deleteInlinePolicy(accountId, kind, owner.name, policyName))) throw notFound(policyName);
      });
      return {};
    },
  };
}

/** Inline policies of users, groups and roles: Put/Get/List/Delete. */
export function inlinePolicyOperations(deps: IamDeps): OperationTable {
  return { ...inlineOperations(deps, 'user'), ...inlineOperations(deps, 'group'), ...inlineOperations(deps, 'role') };
}
