import type { IamEntityRecord, IamLinkKind } from '../store/port.js';

/**
 * The `data` of each entity kind (see `IamEntityRecord`): what the domain keeps beyond the shared columns.
 * Every reader goes through these types so the JSON stays one shape.
 */

/** A tag as IAM has it. */
export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

/** `data` of a user. */
export interface UserData {
  readonly tags?: readonly Tag[];
  /** ARN of the managed policy set as the user's permissions boundary. */
  readonly permissionsBoundary?: string;
}

/** `data` of a group (groups have no tags in IAM). */
export type GroupData = Readonly<Record<string, never>>;

/** One version of a customer managed policy. */
export interface PolicyVersionData {
  /** `v1`, `v2`, ... never reused within a policy. */
  readonly versionId: string;
  /** The document as the caller sent it (JSON text). */
  readonly document: string;
  readonly createDate: string;
}

/** `data` of a customer managed policy. */
export interface PolicyData {
  readonly description?: string;
  readonly defaultVersionId: string;
  readonly versions: readonly PolicyVersionData[];
  /** The number the next version gets (`v${n}`). */
  readonly nextVersion: number;
  readonly updateDate: string;
  readonly tags?: readonly Tag[];
}

/** The entity's data as `T` (the store keeps it as written by the domain). */
export function dataOf<T>(entity: IamEntityRecord): T {
  return entity.data as T;
}

/** `data` of a role. */
export interface RoleData {
  readonly description?: string;
  /** Seconds, 3600–43200. */
  readonly maxSessionDuration: number;
  /** The trust policy as the caller sent it (JSON text). */
  readonly assumeRolePolicyDocument: string;
  /** ARN of the managed policy set as the role's permissions boundary. */
  readonly permissionsBoundary?: string;
  readonly tags?: readonly Tag[];
}

/** `data` of an instance profile (its role is an `instance-profile-role` link). */
export interface InstanceProfileData {
  readonly tags?: readonly Tag[];
}

/**
 * The link that records the permissions boundary of a user or a role: from the identity's lower-case name
 * to the boundary policy's ARN, kept in step with `permissionsBoundary` by `src/iam/boundaries.ts` so that
 * the policies service counts and lists a policy's boundary uses without reading every identity.
 */
export const BOUNDARY_LINK: Readonly<Record<'user' | 'role', IamLinkKind>> = { user: 'user-boundary', role: 'role-boundary' };
