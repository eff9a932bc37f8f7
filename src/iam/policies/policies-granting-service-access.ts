import { parsePolicy } from '../../policy/index.js';
import type { PolicySource } from '../authorization/index.js';
import { accountOf, requiredString } from '../caller-account.js';
import { IamErrors } from '../errors.js';
import type { IamDeps, OperationTable } from '../operation.js';
import { MAX_MAX_ITEMS, pageRequest } from '../paging.js';
import { loadIdentityByArn } from './identity-by-arn.js';
import { serviceAccessOf } from './service-namespace.js';

/** One policy of the identity, as the answer names it, and which namespaces it grants access to. */
interface IdentityPolicy {
  readonly entry: Readonly<Record<string, string>>;
  readonly grants: (namespace: string) => boolean;
}


const ENTITY_TYPE = { user: 'USER', group: 'GROUP', role: 'ROLE' } as const;

/**
 * **Decision** (paging): AWS pages this call with `Marker` but takes no `MaxItems` and documents no page
 * size (botocore has no paginator for it). Ward ends a page after the namespace that brings it to
 * {@link MAX_MAX_ITEMS} policies, so one answer stays bounded however many policies an identity has (a
 * user with ten groups of ten policies each, asked for 200 namespaces); the Marker is opaque, as
 * `paging.ts` writes them (the base64url of the last namespace's index).
 */
const PAGE_POLICIES = MAX_MAX_ITEMS;

/**
 * The answer's entry for one stored policy: a managed policy by name and ARN, an inline one by name and
 * the user, group or role that embeds it ("This field is null for managed policies", API_PolicyGrantingServiceAccess).
 */
function entryOf(source: PolicySource): Readonly<Record<string, string>> {
  if (source.kind === 'managed') {
    return { PolicyName: source.id.slice(source.id.lastIndexOf('/') + 1), PolicyType: 'MANAGED', PolicyArn: source.id };
  }
  const owner = source.owner ?? { kind: 'user' as const, name: '' };
  return { PolicyName: source.id, PolicyType: 'INLINE', EntityType: ENTITY_TYPE[owner.kind], EntityName: owner.name };
}

/**
 * The identity's permissions policies in the answer's order: managed ones first, each once (a user may get
 * the same one from itself and from a group, and the answer does not say from where), then inline ones
 * (the user's or role's own, then each group's), as in the API reference's example. Boundaries are left
 * out ("Policies that are attached to users and roles as permissions boundaries are not returned").
 */
function identityPolicies(sources: readonly PolicySource[]): IdentityPolicy[] {
  const seen = new Set<string>();
  const managed: IdentityPolicy[] = [];
  const inline: IdentityPolicy[] = [];
  for (const source of sources) {
    const policy = parsePolicy(source.document).policy;
    // Stored documents were validated when written; one that no longer parses grants nothing.
    if (policy === undefined) continue;
    if (source.kind === 'inline') inline.push({ entry: entryOf(source), grants: serviceAccessOf(policy) });
    else if (!seen.has(source.id)) {
      seen.add(source.id);
      managed.push({ entry: entryOf(source), grants: serviceAccessOf(policy) });
    }
  }
  return [...managed, ...inline];
}

/** Where a page starts: 0, or one past the namespace index the Marker names. */
function startOf(input: Readonly<Record<string, unknown>>, namespaces: number): number {
  const { after } = pageRequest(input);
  if (after === undefined) return 0;
  const index = /^\d+$/.test(after) ? Number(after) : NaN;
  if (!(index >= 0 && index < namespaces - 1)) throw IamErrors.invalidInput('Invalid Marker.');
  return index + 1;
}

/**
 * ListPoliciesGrantingServiceAccess
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPoliciesGrantingServiceAccess.html): for
 * each namespace asked, in the order asked, the permissions policies of the identity that grant access to
 * it (service-namespace.ts) — for a user its own inline and managed policies and its groups'; for a group
 * or a role only its own. Resource-based policies, SCPs, boundaries and trust policies are not considered.
 * An identity of the caller's account that does not exist, or whose path differs from the ARN's, is
 * `NoSuchEntity` in IAM's usual words.
 */
export function policiesGrantingServiceAccessOperations(deps: IamDeps): OperationTable {
  return {
    ListPoliciesGrantingServiceAccess: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const arn = requiredString(input, 'Arn');
      const namespaces = Array.isArray(input.ServiceNamespaces) ? input.ServiceNamespaces.filter((n): n is string => typeof n === 'string') : [];
      // "ARN x is not valid.": IAM's wording for a malformed ARN elsewhere (aws-samples/aws-cdk-examples#287);
      // AWS publishes none for this operation.
      const { loaded } = await loadIdentityByArn(deps, accountId, arn, (text) => IamErrors.invalidInput(`ARN ${text} is not valid.`));
      const start = startOf(input, namespaces.length);
      const policies = identityPolicies(loaded.identity);

      const entries: Record<string, unknown>[] = [];
      let listed = 0;
      let index = start;
      while (index < namespaces.length && listed < PAGE_POLICIES) {
        const namespace = namespaces[index] as string;
        const granting = policies.filter((p) => p.grants(namespace)).map((p) => p.entry);
        entries.push({ ServiceNamespace: namespace, Policies: granting });
        listed += granting.length;
        index++;
      }
      const truncated = index < namespaces.length;
      return {
        PoliciesGrantingServiceAccess: entries,
        IsTruncated: truncated,
        ...(truncated ? { Marker: Buffer.from(String(index - 1), 'utf8').toString('base64url') } : {}),
      };
    },
  };
}
