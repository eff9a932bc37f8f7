/**
 * Who signed a request, once the credential has been resolved. A discriminated union: later kinds
 * (IAM users, role sessions, federated users) join it as the IAM and STS issues land.
 */
export type Caller = RootCaller | UserCaller | AnonymousCaller;

/** The root user of an account. */
export interface RootCaller {
  readonly kind: 'root';
  readonly accountId: string;
  /** `arn:PARTITION:iam::ACCOUNT:root`. */
  readonly arn: string;
  /** For the root user, AWS's `aws:userid` is the account id. */
  readonly userId: string;
  readonly accessKeyId: string;
}

/** An IAM user, signing with one of its access keys. */
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
}

/** A request that carried no signature (only the unsigned STS operations accept it). */
export interface AnonymousCaller {
  readonly kind: 'anonymous';
}

/** The root caller of `accountId` in `partition`. */
export function rootCaller(partition: string, accountId: string, accessKeyId: string): RootCaller {
  return { kind: 'root', accountId, arn: `arn:${partition}:iam::${accountId}:root`, userId: accountId, accessKeyId };
}
