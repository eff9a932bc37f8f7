import { policySizeLimit } from '../../policy/index.js';
import type { StoreReads } from '../../store/port.js';
import { MAX_ACCESS_KEYS_PER_USER } from '../access-keys/index.js';
import { accountOf } from '../caller-account.js';
import { ownerKey, ownerPath } from '../credentials/index.js';
import { MAX_GROUPS_PER_USER } from '../groups/index.js';
import type { IamDeps, OperationTable } from '../operation.js';
import { listAllEntities } from '../paging.js';
import { dataOf, type VirtualMfaDeviceData } from '../records.js';
import { awsManagedPolicies } from '../policies/index.js';
import { globalEndpointTokenVersion } from './sts-preferences.js';

/**
 * The quotas GetAccountSummary reports: AWS's defaults from "IAM and AWS STS quotas"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html) — the ones Ward enforces
 * are imported from where they are enforced. Users, roles and groups per account are reported but not
 * enforced (docs/architecture.md, "IAM's storage model").
 */
const QUOTAS = {
  UsersQuota: 5000,
  GroupsQuota: 300,
  RolesQuota: 1000,
  PoliciesQuota: 1500,
  InstanceProfilesQuota: 1000,
  ServerCertificatesQuota: 20,
  GroupsPerUserQuota: MAX_GROUPS_PER_USER,
  AccessKeysPerUserQuota: MAX_ACCESS_KEYS_PER_USER,
  SigningCertificatesPerUserQuota: 2,
  // "Managed policies attached to an IAM user / group / role: 10"; "Versions of a managed policy: 5"
  // (enforced by src/iam/policies/, whose index does not export the constants).
  AttachedPoliciesPerUserQuota: 10,
  AttachedPoliciesPerGroupQuota: 10,
  AttachedPoliciesPerRoleQuota: 10,
  VersionsPerPolicyQuota: 5,
  PolicySizeQuota: policySizeLimit('managed') ?? 6144,
  UserPolicySizeQuota: policySizeLimit('inline-user') ?? 2048,
  GroupPolicySizeQuota: policySizeLimit('inline-group') ?? 5120,
  RolePolicySizeQuota: policySizeLimit('inline-role') ?? 10240,
  AssumeRolePolicySizeQuota: policySizeLimit('trust') ?? 2048,
  PolicyVersionsInUseQuota: 10000,
} as const;

const ATTACHMENTS = ['user-policy', 'group-policy', 'role-policy'] as const;

/**
 * How many managed-policy attachments the account has, over its customer managed policies and the AWS
 * managed catalogue (PolicyVersionsInUse: each attachment puts one policy version in use). Costs three
 * counts per policy, not a read of every identity.
 */
async function attachmentsInUse(tx: StoreReads, deps: IamDeps, accountId: string): Promise<number> {
  const arns = awsManagedPolicies(deps.partition).map((p) => p.arn);
  (await listAllEntities(tx, accountId, 'policy')).forEach((p) => arns.push(p.arn));
  let count = 0;
  for (const arn of arns) {
    for (const kind of ATTACHMENTS) count += await tx.countLinksTo(accountId, kind, arn);
  }
  return count;
}

/** Virtual MFA devices enabled for a user. */
async function devicesInUse(tx: StoreReads, accountId: string): Promise<number> {
  let inUse = 0;
  (await listAllEntities(tx, accountId, 'mfa-device')).forEach((device) => {
    if (dataOf<VirtualMfaDeviceData>(device).assignment !== undefined) inUse++;
  });
  return inUse;
}

/**
 * GetAccountSummary (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html): the
 * keys of the API reference's and the aws CLI's examples, counted from the store in one transaction.
 * `AccountAccessKeysPresent` is 1 when the root user has an access key, `AccountSigningCertificatesPresent`
 * when it has a signing certificate. `MFADevicesInUse` reads the devices (at most 8 per user, so it is
 * bounded by the users the account has); `AccountMFAEnabled` stays 0: root MFA is a console matter.
 * `GlobalEndpointTokenVersion` is the account's SetSecurityTokenServicePreferences choice, 1 by default.
 */
export function accountSummaryOperations(deps: IamDeps): OperationTable {
  return {
    GetAccountSummary: async ({ caller }) => {
      const accountId = accountOf(caller);
      const summary = await deps.store.read(async (tx) => {
        const count = (kind: Parameters<StoreReads['countEntities']>[1]) => tx.countEntities(accountId, kind);
        const rootKeys = await tx.listAccessKeys(accountId, { kind: 'root' });
        return {
          Users: await count('user'),
          Groups: await count('group'),
          Roles: await count('role'),
          Policies: await count('policy'),
          InstanceProfiles: await count('instance-profile'),
          Providers: await count('oidc-provider') + await count('saml-provider'),
          ServerCertificates: await count('server-certificate'),
          MFADevices: await count('mfa-device'),
          MFADevicesInUse: await devicesInUse(tx, accountId),
          AccountMFAEnabled: 0,
          AccountAccessKeysPresent: rootKeys.length > 0 ? 1 : 0,
          AccountSigningCertificatesPresent:
            (await tx.listEntities(accountId, 'signing-certificate', { pathPrefix: ownerPath(ownerKey({ kind: 'root' })), limit: 1 })).length > 0 ? 1 : 0,
          PolicyVersionsInUse: await attachmentsInUse(tx, deps, accountId),
          GlobalEndpointTokenVersion: await globalEndpointTokenVersion(tx, accountId),
          ...QUOTAS,
        };
      });
      return { SummaryMap: summary };
    },
  };
}
