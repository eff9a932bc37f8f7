import { type PolicyKind, parsePolicy, policySize, policySizeLimit } from '../../policy/index.js';
import { IamErrors } from '../errors.js';

/**
 * Checks a policy document as IAM does before storing it: the grammar and the rules of its kind
 * (no Principal in identity policies, ...), then its size. The first problem becomes AWS's
 * `MalformedPolicyDocument` with the policy package's message ("Syntax errors in policy.", "Policy document
 * should not specify a principal.", ...). Size is checked by the caller, because what it limits depends on
 * the operation (a managed policy alone; an identity's inline policies together).
 */
export function checkPolicyDocument(text: string, kind: PolicyKind): void {
  const { problems } = parsePolicy(text, { kind });
  const first = problems[0];
  if (first !== undefined) throw IamErrors.malformedPolicyDocument(first.message);
}

/**
 * A managed policy's document: grammar, then IAM's size limit of 6,144 characters without white space
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html, "Managed policy size";
 * IAM answers `LimitExceeded` "Cannot exceed quota for PolicySize: 6144").
 */
export function checkManagedPolicyDocument(text: string): void {
  checkPolicyDocument(text, 'managed');
  const limit = policySizeLimit('managed') ?? 6144;
  if (policySize(text, 'managed') > limit) throw IamErrors.quotaExceeded('PolicySize', limit);
}

/**
 * A policy document as IAM puts it on the wire: percent-encoded as RFC 3986 does (every byte but
 * `A-Z a-z 0-9 - _ . ~`), e.g. `%7B%22Version%22%3A%222012-10-17%22...%22Resource%22%3A%22%2A%22`. The aws
 * CLI and boto3 decode it; SDK v3 returns it as sent (aws/aws-sdk-java#730, aws/aws-sdk-go#1513 show AWS's
 * encoding, `*` and `/` included).
 */
export function encodePolicyDocument(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
