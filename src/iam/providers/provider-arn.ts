import { parseArn } from '../../kernel/index.js';
import type { IamEntityRecord, StoreTransaction } from '../../store/port.js';
import { iamError } from '../errors.js';

/** The two kinds of identity provider IAM keeps. */
export type ProviderKind = 'oidc-provider' | 'saml-provider';

/**
 * `arn:PARTITION:iam::ACCOUNT:oidc-provider/HOST/PATH` and `arn:PARTITION:iam::ACCOUNT:saml-provider/NAME`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html, "IAM ARNs"; the OIDC form is
 * the one `aws iam create-open-id-connect-provider` answers in the API reference's example).
 */
export function providerArn(partition: string, accountId: string, kind: ProviderKind, name: string): string {
  return `arn:${partition}:iam::${accountId}:${kind}/${name}`;
}

/**
 * The provider an ARN names in `accountId`, or undefined. An ARN that is not an IAM provider ARN of that
 * kind is InvalidInput "ARN X is not valid." (the wording IAM uses for malformed policy ARNs); one of
 * another account, partition or spelling names no provider (the lookup ignores case as the store does,
 * the ARN must then match exactly).
 */
export async function findProvider(
  tx: StoreTransaction, partition: string, accountId: string, kind: ProviderKind, arn: string,
): Promise<IamEntityRecord | undefined> {
  const parsed = parseArn(arn);
  const prefix = `${kind}/`;
  if (parsed === undefined || parsed.service !== 'iam' || parsed.region !== '' || !parsed.resource.startsWith(prefix) ||
      parsed.resource.length === prefix.length) {
    throw iamError('InvalidInput', `ARN ${arn} is not valid.`);
  }
  if (parsed.partition !== partition || parsed.account !== accountId) return undefined;
  const entity = await tx.getEntity(accountId, kind, parsed.resource.slice(prefix.length));
  return entity !== undefined && entity.arn === arn ? entity : undefined;
}

/** A list-of-strings member of the input (the protocol layer has checked each item's length). */
export function stringList(input: Readonly<Record<string, unknown>>, name: string): string[] {
  const value = input[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
