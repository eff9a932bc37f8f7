/**
 * Who signed a request, once the credential has been resolved: the root user, an IAM user, a role
 * session (AssumeRole), a federated user (GetFederationToken), or nobody. Root and IAM users signing with
 * GetSessionToken credentials keep their kind and ARN and carry `session`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_request.html#stsapi_comparison).
 */
export type Caller = RootCaller | UserCaller | RoleSessionCaller | FederatedUserCaller | AnonymousCaller;

/** A session tag (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html). */
export interface SessionTag {
  readonly Key: string;
  readonly Value: string;
}

/** What temporary credentials carry about their session, read from the sealed session token. */
export interface SessionFacts {
  /** Issue and expiry times, milliseconds since the epoch (aws:TokenIssueTime). */
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** Set when the session was authenticated with MFA: the authentication time (aws:MultiFactorAuthAge). */
  readonly mfaAuthTime?: number;
  /** The inline session policy (`Policy`) as passed. */
  readonly policy?: string;
  /** Managed session policies (`PolicyArns`). */
  readonly policyArns?: readonly string[];
  /** Session tags, inherited transitive tags included (they win over the role's tags for aws:PrincipalTag). */
  readonly tags?: readonly SessionTag[];
  /** Keys of `tags` that pass on to a chained role session. */
  readonly transitiveTagKeys?: readonly string[];
  /** aws:SourceIdentity: set once, sticky through role chaining. */
  readonly sourceIdentity?: string;
  /** True when a role session assumed this role (role chaining: capped at 1 hour). */
  readonly chained?: boolean;
  /**
   * aws:FederatedProvider: the identity provider that authenticated the session (the OIDC provider's ARN
   * or issuer, the SAML provider's ARN), for AssumeRoleWithWebIdentity / AssumeRoleWithSAML sessions.
   */
  readonly federatedProvider?: string;
}

/** The root user of an account. */
export interface RootCaller {
  readonly kind: 'root';
  readonly accountId: string;
  /** `arn:PARTITION:iam::ACCOUNT:root`. */
  readonly arn: string;
  /** For the root user, AWS's `aws:userid` is the account id. */
  readonly userId: string;
  readonly accessKeyId: string;
  /** Present for GetSessionToken credentials of the root user. */
  readonly session?: SessionFacts;
}

/** An IAM user, signing with one of its access keys (or with its GetSessionToken credentials). */
export interface UserCaller {
  readonly kind: 'user';
  readonly accountId: string;
  /** `arn:PARTITION:iam::ACCOUNT:user/PATH/NAME`. */
  readonly arn: string;
  /** The user's unique id (`AIDA…`): AWS's `aws:userid` for an IAM user. */
  readonly userId: string;
  readonly userName: string;
  readonly path: string;
  readonly accessKeyId: string;
  /** Present for GetSessionToken credentials of the user. */
  readonly session?: SessionFacts;
}

/** A role session (AssumeRole): `arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION`. */
export interface RoleSessionCaller {
  readonly kind: 'assumed-role';
  readonly accountId: string;
  /** The session's ARN: `arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION` (no role path). */
  readonly arn: string;
  /** `AROA…:SESSION` (aws:userid of a role session). */
  readonly userId: string;
  /** The role's ARN, path included (aws:PrincipalArn). */
  readonly roleArn: string;
  readonly roleId: string;
  readonly roleName: string;
  readonly sessionName: string;
  readonly accessKeyId: string;
  readonly session: SessionFacts;
}

/** A federated user (GetFederationToken): `arn:PARTITION:sts::ACCOUNT:federated-user/NAME`. */
export interface FederatedUserCaller {
  readonly kind: 'federated-user';
  readonly accountId: string;
  readonly arn: string;
  /** `ACCOUNT:NAME` (aws:userid of a federated user). */
  readonly userId: string;
  /** The federated user's name (GetFederationToken's `Name`). */
  readonly federatedName: string;
  /** The IAM user whose credentials asked for the token; undefined when the root user did. */
  readonly userName?: string;
  readonly accessKeyId: string;
  readonly session: SessionFacts;
}

/** A request that carried no signature (only the unsigned STS operations accept it). */
export interface AnonymousCaller {
  readonly kind: 'anonymous';
}

/** Callers that signed with temporary credentials (an `ASIA…` key and a session token). */
export type SessionCaller = RoleSessionCaller | FederatedUserCaller | (RootCaller & { readonly session: SessionFacts }) | (UserCaller & { readonly session: SessionFacts });

/** The session facts of a caller signing with temporary credentials; undefined for long-term keys. */
export function sessionOf(caller: Caller): SessionFacts | undefined {
  return caller.kind === 'anonymous' ? undefined : caller.session;
}

/** The root caller of `accountId` in `partition`. */
export function rootCaller(partition: string, accountId: string, accessKeyId: string): RootCaller {
  return { kind: 'root', accountId, arn: `arn:${partition}:iam::${accountId}:root`, userId: accountId, accessKeyId };
}
