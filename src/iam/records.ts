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
  /**
   * Serial numbers of the MFA devices enabled for the user, in the order enabled (at most 8; DeleteUser
   * refuses while there is one). Kept in step with each device's {@link VirtualMfaDeviceData.assignment}
   * by `src/iam/mfa/`; carried along by a rename since it is part of the user's data.
   */
  readonly mfaDevices?: readonly string[];
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

/** To whom a virtual MFA device is enabled, and since when. */
export interface MfaAssignmentData {
  /** The user's unique id (`AIDA…`): what ties the device to the user, a rename notwithstanding. */
  readonly userId: string;
  /** The user's name when enabled (a hint: the user may have been renamed since; `userId` decides). */
  readonly userName: string;
  /** ISO 8601. */
  readonly enableDate: string;
}

/**
 * `data` of a virtual MFA device (kind `mfa-device`): the entity's name is the serial number after
 * `mfa/` (path without its leading slash, then the device name), its id and ARN the serial number.
 */
export interface VirtualMfaDeviceData {
  /**
   * The Base32 TOTP seed sealed by `IamDeps.sealSecret` with the serial number as associated data.
   * INVARIANT: the seed is never stored in plain text; CreateVirtualMFADevice shows it once.
   */
  readonly sealedSeed: string;
  /** Present while the device is enabled for a user. */
  readonly assignment?: MfaAssignmentData;
  /**
   * The last TOTP time step (Unix time / 30 s) a code was accepted for: Enable, Resync or an STS check.
   * INVARIANT: a code of this step or an earlier one is never accepted again (replay).
   */
  readonly lastTimeStep?: number;
  /** Time steps the device's clock runs ahead (+) or behind (−), as measured by Enable or Resync. */
  readonly drift?: number;
  readonly tags?: readonly Tag[];
}

/**
 * Per-user credentials (`src/iam/credentials/`) are entities of their own kind, not data on the user:
 * the entity's name is the credential's id (the user's unique id for a login profile) and its path is
 * `/<owner's unique id>/` (`/root/` for the root user's signing certificates), so one user's items are a
 * `pathPrefix` listing on the path index, survive a rename of the user untouched, and are counted for
 * quotas in the same transaction as the write; the user's own record (read on every authorization) stays
 * small. Their `arn` column holds the credential's id (they have no ARN in AWS).
 */

/** `data` of a login profile (kind `login-profile`; name: the user's unique id). */
export interface LoginProfileData {
  /** The user's name when last written (a hint for listings; the path, the user's id, decides). */
  readonly userName: string;
  /**
   * `scrypt$N$r$p$salt$hash` (base64): see `src/iam/credentials/password-hash.ts`.
   * INVARIANT: a password is never stored, logged or answered in plain text.
   */
  readonly passwordHash: string;
  readonly passwordResetRequired: boolean;
  /** ISO 8601: when the password was last set (MaxPasswordAge counts from here). */
  readonly passwordSetDate: string;
  /** Hashes of earlier passwords, newest first (at most 24: PasswordReusePrevention's largest value). */
  readonly previousHashes?: readonly string[];
}

/** `data` of an account's password policy (kind `password-policy`; one per account). */
export interface PasswordPolicyData {
  readonly minimumPasswordLength: number;
  readonly requireSymbols: boolean;
  readonly requireNumbers: boolean;
  readonly requireUppercaseCharacters: boolean;
  readonly requireLowercaseCharacters: boolean;
  readonly allowUsersToChangePassword: boolean;
  readonly maxPasswordAge?: number;
  readonly passwordReusePrevention?: number;
  readonly hardExpiry?: boolean;
}

/** `data` of an SSH public key (kind `ssh-public-key`; name: `APKA…`). */
export interface SshPublicKeyData {
  readonly userName: string;
  /** `ssh-rsa AAAA…` (type and base64 blob, no comment). */
  readonly ssh: string;
  /** The same key as SPKI PEM. */
  readonly pem: string;
  /** MD5 of the key blob, colon-separated hex, as AWS answers it. */
  readonly fingerprint: string;
  readonly status: 'Active' | 'Inactive';
}

/** `data` of a signing certificate (kind `signing-certificate`; name: its id, derived from its SHA-256). */
export interface SigningCertificateData {
  /** The owner's name when uploaded (absent for the root user's). */
  readonly userName?: string;
  readonly body: string;
  readonly status: 'Active' | 'Inactive';
}

/** `data` of a server certificate (kind `server-certificate`; name and path as uploaded). */
export interface ServerCertificateData {
  readonly body: string;
  readonly chain?: string;
  /**
   * The private key (PEM) sealed by `IamDeps.sealSecret` with the certificate's id as associated data.
   * INVARIANT: never stored in plain text and never answered.
   */
  readonly sealedPrivateKey: string;
  /** ISO 8601: the certificate's notAfter. */
  readonly expiration: string;
  readonly tags?: readonly Tag[];
}

/** `data` of a service-specific credential (kind `service-specific-credential`; name: `ACCA…`). */
export interface ServiceSpecificCredentialData {
  readonly userName: string;
  readonly serviceName: string;
  /** CodeCommit and Keyspaces: the generated user name (`bob-at-111122223333`). */
  readonly serviceUserName?: string;
  /** Bedrock API keys: the alias the key is shown under. */
  readonly serviceCredentialAlias?: string;
  /** The password or secret, hashed (scrypt) like a login password: shown once, never stored in plain text. */
  readonly secretHash: string;
  readonly status: 'Active' | 'Inactive';
  readonly expirationDate?: string;
}
