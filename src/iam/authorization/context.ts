import type { RootCaller, UserCaller } from '../../authn/caller.js';
import type { ContextInputValue } from '../../evaluation/index.js';
import type { Tag } from '../records.js';
import { CATALOG_RESOURCE_TYPES } from './catalog.js';
import { catalogAction, entityTags, type ResolvedResource } from './resource.js';

/** What the request context of one call is built from. */
export interface ContextSource {
  readonly caller: RootCaller | UserCaller;
  /** The calling IAM user's tags (aws:PrincipalTag/*). */
  readonly principalTags: readonly Tag[];
  readonly service: string;
  readonly action: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly resource: ResolvedResource;
  readonly sourceIp: string;
  readonly secureTransport: boolean;
  readonly now: Date;
  /** The target entity's permissions boundary, when it has one (for iam:PermissionsBoundary). */
  readonly targetBoundary?: string;
}

function isTag(value: unknown): value is Tag {
  return typeof value === 'object' && value !== null && typeof (value as Tag).Key === 'string' && typeof (value as Tag).Value === 'string';
}

// Seconds isoSeconds formatted lately: the requests of one second (and the sessions issued in it) share the text.
const SECONDS = new Map<number, string>();
const SECONDS_KEPT = 256;

/** `2026-11-25T19:32:56Z`: AWS's time keys (aws:CurrentTime, aws:TokenIssueTime) have no fraction of a second. */
export function isoSeconds(time: Date | number): string {
  const second = Math.floor((typeof time === 'number' ? time : time.getTime()) / 1000);
  let text = SECONDS.get(second);
  if (text === undefined) {
    // An invalid time throws here (toISOString's RangeError), as it always did, and is not kept.
    text = `${new Date(second * 1000).toISOString().slice(0, 19)}Z`;
    if (SECONDS.size >= SECONDS_KEPT) SECONDS.clear();
    SECONDS.set(second, text);
  }
  return text;
}

// The request-context prefixes of a resource type's tag keys (`aws:ResourceTag`, `iam:ResourceTag`), by
// `service:type`; derived from the static catalog, so computed once per resource type.
const RESOURCE_TAG_PREFIXES = new Map<string, readonly string[]>();

function resourceTagPrefixes(typeKey: string): readonly string[] {
  let prefixes = RESOURCE_TAG_PREFIXES.get(typeKey);
  if (prefixes === undefined) {
    const typeKeys = CATALOG_RESOURCE_TYPES[typeKey]?.conditionKeys ?? [];
    prefixes = typeKeys.filter((k) => k.endsWith('ResourceTag/${TagKey}')).map((k) => k.slice(0, k.indexOf('/')));
    if (CATALOG_RESOURCE_TYPES[typeKey] !== undefined) RESOURCE_TAG_PREFIXES.set(typeKey, prefixes);
  }
  return prefixes;
}

/**
 * The request context AWS builds for an IAM or STS call, per "AWS global condition context keys"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html) and the IAM
 * condition keys of the service authorization reference
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html#awsidentityandaccessmanagementiam-policy-keys):
 *
 * - always: aws:SourceIp, aws:SecureTransport, aws:CurrentTime, aws:EpochTime, aws:userid,
 *   aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:PrincipalIsAWSService and
 *   aws:ViaAWSService (false: a direct call); for IAM users aws:username and aws:PrincipalTag/KEY for each
 *   of the user's tags. Long-term keys carry no aws:MultiFactorAuthPresent, aws:TokenIssueTime or
 *   aws:MultiFactorAuthAge;
 * - from the input: aws:RequestTag/KEY and aws:TagKeys (`Tags`; `TagKeys` of the Untag operations);
 * - aws:ResourceTag/KEY (and iam:ResourceTag/KEY) for the target's tags, where its resource type has them;
 * - iam:PermissionsBoundary (the requested boundary, else the target's current one) and iam:PolicyARN
 *   (the PolicyArn being attached or detached), for the actions the reference lists them on.
 *
 * Keys that do not apply are absent, as in AWS: a condition on them is false unless negated or IfExists.
 */
export function buildRequestContext(source: ContextSource): Record<string, ContextInputValue> {
  const { caller, input, resource } = source;
  const context: Record<string, ContextInputValue> = {
    'aws:SourceIp': source.sourceIp,
    'aws:SecureTransport': source.secureTransport,
    'aws:CurrentTime': isoSeconds(source.now),
    'aws:EpochTime': Math.floor(source.now.getTime() / 1000),
    'aws:userid': caller.userId,
    'aws:PrincipalArn': caller.arn,
    'aws:PrincipalAccount': caller.accountId,
    'aws:PrincipalType': caller.kind === 'user' ? 'User' : 'Account',
    // Direct calls by a signed principal: never an AWS service, nor a service acting for the principal.
    'aws:PrincipalIsAWSService': false,
    'aws:ViaAWSService': false,
  };
  if (caller.kind === 'user') {
    context['aws:username'] = caller.userName;
    for (const tag of source.principalTags) context[`aws:PrincipalTag/${tag.Key}`] = tag.Value;
  }

  const requestTags = Array.isArray(input.Tags) ? input.Tags.filter(isTag) : [];
  for (const tag of requestTags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
  const untagKeys = Array.isArray(input.TagKeys) ? input.TagKeys.filter((k): k is string => typeof k === 'string') : [];
  if (requestTags.length > 0 || untagKeys.length > 0) context['aws:TagKeys'] = [...requestTags.map((t) => t.Key), ...untagKeys];

  const resourceTagKeys = resource.type !== undefined ? resourceTagPrefixes(`${source.service}:${resource.type}`) : [];
  if (resourceTagKeys.length > 0) {
    for (const tag of entityTags(resource.entity)) {
      for (const prefix of resourceTagKeys) context[`${prefix}/${tag.Key}`] = tag.Value;
    }
  }

  const actionKeys = catalogAction(source.service, source.action)?.conditionKeys ?? [];
  if (actionKeys.includes('iam:PermissionsBoundary')) {
    const requested = typeof input.PermissionsBoundary === 'string' ? input.PermissionsBoundary : undefined;
    const boundary = requested ?? source.targetBoundary;
    if (boundary !== undefined) context['iam:PermissionsBoundary'] = boundary;
  }
  if (actionKeys.includes('iam:PolicyARN') && typeof input.PolicyArn === 'string') context['iam:PolicyARN'] = input.PolicyArn;
  return context;
}
