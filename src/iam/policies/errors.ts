import { iamError } from '../errors.js';

/**
 * The policy errors of IAM, in AWS's words. Sources: IAM API reference (DeletePolicy, DeletePolicyVersion,
 * CreatePolicyVersion, AttachUserPolicy), and the messages AWS answers as users report them
 * (hashicorp/terraform-provider-aws#32906, redradrat/aws-iam-operator#13, aws/eks-hybrid#741).
 */
export const PolicyErrors = {
  /** GetPolicy, DeletePolicy, Detach*Policy: "Policy arn:aws:iam::123456789012:policy/x was not found." */
  notFound: (arn: string) => iamError('NoSuchEntity', `Policy ${arn} was not found.`),
  /** Attach*Policy: "Policy arn:... does not exist or is not attachable." (AWS's response quoted in getmoto/moto#6482). */
  notAttachable: (arn: string) => iamError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`),
  /** GetPolicyVersion, DeletePolicyVersion, SetDefaultPolicyVersion with an unknown version. */
  noSuchVersion: (arn: string, versionId: string) =>
    iamError('NoSuchEntity', `Policy ${arn} version ${versionId} does not exist or is not attachable.`),
  /** CreatePolicy with a name the account already has (any case). */
  alreadyExists: (name: string) =>
    iamError('EntityAlreadyExists', `A policy called ${name} already exists. Duplicate names are not allowed.`),
  /** DeletePolicy while attached to (or the boundary of) an identity (as quoted in serverless/components#312). */
  attached: () => iamError('DeleteConflict', 'Cannot delete a policy attached to entities.'),
  /** DeletePolicy while non-default versions remain. */
  hasVersions: () => iamError('DeleteConflict',
    "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy."),
  /** DeletePolicyVersion of the default version. */
  defaultVersion: () => iamError('DeleteConflict', 'Cannot delete the default version of a policy.'),
  /** CreatePolicyVersion on a policy with 5 versions (AWS's text as quoted in 99designs/iamy#21). */
  tooManyVersions: () => iamError('LimitExceeded',
    'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.'),
  /**
   * A write to an AWS managed policy: AWS owns it, so no caller of any account may change it; IAM answers
   * AccessDenied naming the caller, the action and the policy.
   */
  awsManaged: (caller: string, action: string, arn: string) =>
    iamError('AccessDenied', `User: ${caller} is not authorized to perform: iam:${action} on resource: policy ${arn}`),
} as const;
