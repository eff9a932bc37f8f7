import { createHash } from 'node:crypto';
import { IdPrefix } from '../../kernel/index.js';
import AdministratorAccess from './aws-managed/AdministratorAccess.json' with { type: 'json' };
import PowerUserAccess from './aws-managed/PowerUserAccess.json' with { type: 'json' };
import ReadOnlyAccess from './aws-managed/ReadOnlyAccess.json' with { type: 'json' };
import IAMFullAccess from './aws-managed/IAMFullAccess.json' with { type: 'json' };
import IAMReadOnlyAccess from './aws-managed/IAMReadOnlyAccess.json' with { type: 'json' };
import IAMUserChangePassword from './aws-managed/IAMUserChangePassword.json' with { type: 'json' };
import AmazonS3ReadOnlyAccess from './aws-managed/AmazonS3ReadOnlyAccess.json' with { type: 'json' };
import AmazonS3FullAccess from './aws-managed/AmazonS3FullAccess.json' with { type: 'json' };
import AmazonEC2ReadOnlyAccess from './aws-managed/AmazonEC2ReadOnlyAccess.json' with { type: 'json' };
import AmazonEC2FullAccess from './aws-managed/AmazonEC2FullAccess.json' with { type: 'json' };
import SecurityAudit from './aws-managed/SecurityAudit.json' with { type: 'json' };
import Billing from './aws-managed/Billing.json' with { type: 'json' };
import DatabaseAdministrator from './aws-managed/DatabaseAdministrator.json' with { type: 'json' };
import DataScientist from './aws-managed/DataScientist.json' with { type: 'json' };
import NetworkAdministrator from './aws-managed/NetworkAdministrator.json' with { type: 'json' };
import SupportUser from './aws-managed/SupportUser.json' with { type: 'json' };
import SystemAdministrator from './aws-managed/SystemAdministrator.json' with { type: 'json' };
import ViewOnlyAccess from './aws-managed/ViewOnlyAccess.json' with { type: 'json' };

/**
 * One AWS managed policy as `aws-managed/<name>.json` keeps it (see docs/aws-managed-policies.md for
 * where the documents come from and how to refresh them).
 */
export interface AwsManagedPolicyRecord {
  readonly name: string;
  /** `/` or `/job-function/`, ... */
  readonly path: string;
  /** The ARN after `arn:PARTITION:iam::aws:`, e.g. `policy/job-function/Billing`. */
  readonly arnSuffix: string;
  readonly description?: string;
  /** The default version's id, as AWS has it (`v12`). */
  readonly versionId: string;
  /** ISO 8601: when AWS created the policy, and when its default version was created. */
  readonly createDate: string;
  readonly updateDate: string;
  readonly document: unknown;
}

/** An AWS managed policy as served in one partition. */
export interface AwsManagedPolicy extends AwsManagedPolicyRecord {
  readonly arn: string;
  /**
   * `ANPA` + 17 base-32 characters derived from the name. AWS's real ids are not published with the
   * documents, so Ward derives a stable one (the same on every node and every start).
   */
  readonly id: string;
  /** The default version's document as JSON text (`arn:aws:` rewritten to the partition's). */
  readonly documentText: string;
}

const RECORDS: readonly AwsManagedPolicyRecord[] = [
  AdministratorAccess,
  PowerUserAccess,
  ReadOnlyAccess,
  IAMFullAccess,
  IAMReadOnlyAccess,
  IAMUserChangePassword,
  AmazonS3ReadOnlyAccess,
  AmazonS3FullAccess,
  AmazonEC2ReadOnlyAccess,
  AmazonEC2FullAccess,
  SecurityAudit,
  Billing,
  DatabaseAdministrator,
  DataScientist,
  NetworkAdministrator,
  SupportUser,
  SystemAdministrator,
  ViewOnlyAccess,
];

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function stableId(name: string): string {
  const digest = createHash('sha256').update(`aws-managed-policy:${name}`).digest();
  let id: string = IdPrefix.ManagedPolicy;
  for (let i = 0; i < 17; i++) id += BASE32[(digest[i] ?? 0) & 31];
  return id;
}

const byPartition = new Map<string, { list: readonly AwsManagedPolicy[]; byArn: ReadonlyMap<string, AwsManagedPolicy> }>();

function catalogue(partition: string): { list: readonly AwsManagedPolicy[]; byArn: ReadonlyMap<string, AwsManagedPolicy> } {
  let entry = byPartition.get(partition);
  if (entry === undefined) {
    const list = RECORDS.map((r): AwsManagedPolicy => {
      const text = JSON.stringify(r.document);
      return {
        ...r,
        arn: `arn:${partition}:iam::aws:${r.arnSuffix}`,
        id: stableId(r.name),
        documentText: partition === 'aws' ? text : text.replaceAll('arn:aws:', `arn:${partition}:`),
      };
    }).sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1));
    entry = { list, byArn: new Map(list.map((p) => [p.arn, p])) };
    byPartition.set(partition, entry);
  }
  return entry;
}

/** The AWS managed policy with that ARN (`arn:PARTITION:iam::aws:policy/...`), if Ward serves it. */
export function awsManagedPolicy(arn: string, partition = arn.split(':')[1] ?? 'aws'): AwsManagedPolicy | undefined {
  return catalogue(partition).byArn.get(arn);
}

/** Every AWS managed policy Ward serves in a partition, ordered by lower-case name. */
export function awsManagedPolicies(partition: string): readonly AwsManagedPolicy[] {
  return catalogue(partition).list;
}
