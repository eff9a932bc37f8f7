import { parseArn } from '../../kernel/index.js';
import { iamError } from '../errors.js';

/** What a managed policy ARN names: an AWS managed policy or a customer managed one of an account. */
export interface PolicyArnParts {
  readonly owner: 'aws' | 'customer';
  readonly partition: string;
  readonly accountId: string;
  /** `/` or `/a/b/`. */
  readonly path: string;
  readonly name: string;
}

/**
 * Splits `arn:PARTITION:iam::ACCOUNT:policy/PATH/NAME`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns).
 * Undefined when the text is not an IAM policy ARN.
 */
export function parsePolicyArn(text: string): PolicyArnParts | undefined {
  const arn = parseArn(text);
  if (arn === undefined || arn.service !== 'iam' || arn.region !== '' || !arn.resource.startsWith('policy/')) return undefined;
  const owner = arn.account === 'aws' ? 'aws' : /^\d{12}$/.test(arn.account) ? 'customer' : undefined;
  if (owner === undefined) return undefined;
  const rest = arn.resource.slice('policy'.length);
  const cut = rest.lastIndexOf('/');
  const name = rest.slice(cut + 1);
  if (name === '') return undefined;
  return { owner, partition: arn.partition, accountId: arn.account, path: rest.slice(0, cut + 1), name };
}

/** Like {@link parsePolicyArn}, answering IAM's `InvalidInput` "ARN x is not valid." for anything else. */
export function requirePolicyArn(text: string): PolicyArnParts {
  const parts = parsePolicyArn(text);
  if (parts === undefined) throw iamError('InvalidInput', `ARN ${text} is not valid.`);
  return parts;
}

/** The ARN of a customer managed policy. */
export function customerPolicyArn(partition: string, accountId: string, path: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:policy${path}${name}`;
}
