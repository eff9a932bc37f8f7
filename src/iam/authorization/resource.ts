import type { Caller } from '../../authn/caller.js';
import { parseArn } from '../../kernel/index.js';
import type { IamEntityKind, IamEntityRecord } from '../../store/port.js';
import { type Tag, dataOf } from '../records.js';
import { CATALOG_ACTIONS, CATALOG_RESOURCE_TYPES, type CatalogAction } from './catalog.js';
import type { EntityReads } from './reads.js';

/** The resource a call is authorized against, and what Ward knows of it for the request context. */
export interface ResolvedResource {
  /** The resource ARN, or `*` for operations with no resource type (ListUsers, ...). */
  readonly arn: string;
  /** The account that owns the resource (the caller's for `*` and for AWS managed policies). */
  readonly account: string;
  /** The catalog's resource type (`user`, `policy`, ...); undefined for `*`. */
  readonly type?: string;
  /** The existing target entity, when the resource names one Ward holds. */
  readonly entity?: IamEntityRecord;
}

/** How a resource type's ARN is found in an operation's input. */
interface TypeInput {
  /** The input member naming the resource (a name, or an ARN when `arnMember`). */
  readonly member: string;
  /** True when `member` holds the whole ARN. */
  readonly arnMember?: boolean;
  /** The store entity kind, for path and tag lookups. */
  readonly entityKind?: IamEntityKind;
  /** The operation that creates the entity: the ARN comes from the requested `Path`. */
  readonly createdBy?: string;
  /** The entity's name from the member's value, when they differ (an OIDC provider's `Url`). */
  readonly nameOf?: (value: string) => string;
  /** May default to the calling IAM user when the member is absent (GetUser, CreateAccessKey, ...). */
  readonly selfDefault?: boolean;
}

/**
 * Where each IAM/STS resource type's name or ARN sits in the operations' inputs (botocore's member names),
 * per the service authorization reference's ARN formats
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html#awsidentityandaccessmanagementiam-resources-for-iam-policies).
 */
const TYPE_INPUTS: Readonly<Record<string, readonly TypeInput[]>> = {
  'iam:user': [
    { member: 'UserName', entityKind: 'user', createdBy: 'CreateUser', selfDefault: true },
    { member: 'PolicySourceArn', arnMember: true, entityKind: 'user' },
    // ListPoliciesGrantingServiceAccess (and GenerateServiceLastAccessedDetails) name the identity by `Arn`.
    { member: 'Arn', arnMember: true, entityKind: 'user' },
  ],
  'iam:group': [
    { member: 'GroupName', entityKind: 'group', createdBy: 'CreateGroup' }, { member: 'PolicySourceArn', arnMember: true, entityKind: 'group' },
    { member: 'Arn', arnMember: true, entityKind: 'group' },
  ],
  'iam:role': [
    { member: 'RoleName', entityKind: 'role', createdBy: 'CreateRole' }, { member: 'PolicySourceArn', arnMember: true, entityKind: 'role' },
    { member: 'Arn', arnMember: true, entityKind: 'role' },
  ],
  'iam:instance-profile': [{ member: 'InstanceProfileName', entityKind: 'instance-profile', createdBy: 'CreateInstanceProfile' }],
  'iam:policy': [{ member: 'PolicyArn', arnMember: true, entityKind: 'policy' }, { member: 'PolicyName', createdBy: 'CreatePolicy' }],
  'iam:oidc-provider': [
    { member: 'OpenIDConnectProviderArn', arnMember: true, entityKind: 'oidc-provider' },
    // The provider's name is its URL without the scheme (src/iam/providers/oidc-rules.ts), host and path.
    { member: 'Url', createdBy: 'CreateOpenIDConnectProvider', nameOf: (url) => url.replace(/^https:\/\//i, '') },
  ],
  'iam:saml-provider': [
    { member: 'SAMLProviderArn', arnMember: true, entityKind: 'saml-provider' },
    { member: 'Name', createdBy: 'CreateSAMLProvider' },
  ],
  'iam:mfa': [{ member: 'SerialNumber', arnMember: true }, { member: 'VirtualMFADeviceName', createdBy: 'CreateVirtualMFADevice' }],
  'iam:server-certificate': [{ member: 'ServerCertificateName', createdBy: 'UploadServerCertificate' }],
  'sts:role': [{ member: 'RoleArn', arnMember: true }],
  'sts:federated-user': [{ member: 'Name' }],
};

/** The catalog's entry for `service:Action`; undefined for an action the reference does not list. */
export function catalogAction(service: string, action: string): CatalogAction | undefined {
  return CATALOG_ACTIONS[`${service}:${action}`];
}

function stringMember(input: Readonly<Record<string, unknown>>, member: string): string | undefined {
  const value = input[member];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `/a/b/` + `name` → `a/b/name` (the `…NameWithPath` of the reference's ARN formats). */
function nameWithPath(path: string, name: string): string {
  return `${path.replace(/^\/+/, '')}${name}`;
}

/** Fills a catalog ARN template, split at its variables (see {@link templatePieces}): a concatenation. */
function fillTemplate(pieces: readonly TemplatePiece[], partition: string, accountId: string, resource: string): string {
  let arn = '';
  for (const piece of pieces) arn += piece === PARTITION ? partition : piece === ACCOUNT ? accountId : piece === RESOURCE ? resource : piece;
  return arn;
}

/** A template's text, or one of its variables. */
type TemplatePiece = string | typeof PARTITION | typeof ACCOUNT | typeof RESOURCE;
const PARTITION = 0;
const ACCOUNT = 1;
const RESOURCE = 2;

/**
 * `arn:${Partition}:iam::${Account}:user/${UserNameWithPath}` → its text and its three variables, in order:
 * partition, account, and the one resource variable (the first other `${...}`).
 */
function templatePieces(template: string): TemplatePiece[] {
  const pieces: TemplatePiece[] = [];
  const wanted = new Set<TemplatePiece>([PARTITION, ACCOUNT, RESOURCE]);
  let last = 0;
  for (const match of template.matchAll(/\$\{[A-Za-z]+\}/g)) {
    const variable = match[0] === '${Partition}' && wanted.has(PARTITION) ? PARTITION
      : match[0] === '${Account}' && wanted.has(ACCOUNT) ? ACCOUNT
        : RESOURCE;
    if (!wanted.delete(variable)) continue;
    pieces.push(template.slice(last, match.index), variable);
    last = match.index + match[0].length;
  }
  pieces.push(template.slice(last));
  return pieces;
}

/**
 * The entity's name from the resource part of an IAM ARN, `prefix` being the type's (`policy/`,
 * `oidc-provider/`): the last segment where the type's ARN has a path (`policy/path/name` → `name`), else
 * everything after the prefix (`oidc-provider/host/path` → `host/path`).
 */
function entityName(template: string, prefix: string, resource: string): string {
  return template.endsWith('WithPath}') ? resource.slice(resource.lastIndexOf('/') + 1) : resource.slice(prefix.length);
}

/** A catalog resource type's name, ARN template and the template's resource prefix (`role/`, `policy/`, ...). */
interface TypeShape {
  readonly type: string;
  readonly template: string;
  /** The template split at its variables, for {@link fillTemplate}. */
  readonly pieces: readonly TemplatePiece[];
  readonly prefix: string;
}

// Derived from the static catalog, so computed once per resource type and never invalidated.
const TYPE_SHAPES = new Map<string, TypeShape | undefined>();

function typeShape(typeKey: string): TypeShape | undefined {
  if (TYPE_SHAPES.has(typeKey)) return TYPE_SHAPES.get(typeKey);
  const template = CATALOG_RESOURCE_TYPES[typeKey]?.arn;
  let shape: TypeShape | undefined;
  if (template !== undefined) {
    const templateResource = template.split(':').slice(5).join(':');
    shape = {
      type: typeKey.slice(typeKey.indexOf(':') + 1), template, pieces: templatePieces(template),
      prefix: templateResource.slice(0, Math.max(0, templateResource.indexOf('${'))),
    };
  }
  TYPE_SHAPES.set(typeKey, shape);
  return shape;
}

// An action's resource types in resolution order (required ones first), as `service:type` keys, by `service:Action`.
const ORDERED_TYPES = new Map<string, readonly string[]>();

function orderedTypeKeys(service: string, action: string): readonly string[] {
  const actionKey = `${service}:${action}`;
  let ordered = ORDERED_TYPES.get(actionKey);
  if (ordered === undefined) {
    const entry = catalogAction(service, action);
    const types = entry?.resourceTypes ?? [];
    ordered = [...types.filter((t) => t.required), ...types.filter((t) => !t.required)].map((t) => `${service}:${t.name}`);
    // Only the catalog's actions are kept: callers name any action, and the map must not grow with them.
    if (entry !== undefined) ORDERED_TYPES.set(actionKey, ordered);
  }
  return ordered;
}

/** What resolution reads of a call (the call itself is passed in: no per-request copy with the partition). */
interface ResourceRequest {
  readonly caller: Caller;
  readonly service: string;
  readonly action: string;
  readonly input: Readonly<Record<string, unknown>>;
}

/** The resource for one candidate of a resource type, or undefined when the input does not name it. */
async function resolveCandidate(
  reads: EntityReads | undefined,
  typeKey: string,
  candidate: TypeInput,
  partition: string,
  request: ResourceRequest,
  allowSelf: boolean,
): Promise<ResolvedResource | undefined> {
  const { caller, action, input } = request;
  const accountId = caller.kind === 'anonymous' ? '' : caller.accountId;
  const shape = typeShape(typeKey);
  if (shape === undefined) return undefined;
  const { type, template, pieces, prefix } = shape;
  if (candidate.arnMember === true) {
    const arn = stringMember(input, candidate.member);
    if (arn === undefined) return undefined;
    const parsed = parseArn(arn);
    // The member names a resource of this type only if its ARN has the type's form (PolicySourceArn may be a user, group or role).
    if (parsed !== undefined && !parsed.resource.startsWith(prefix)) return undefined;
    // AWS managed policies (account `aws`) are readable by every account: they count as the caller's.
    const account = parsed === undefined || parsed.account === 'aws' || parsed.account === '' ? accountId : parsed.account;
    let entity: IamEntityRecord | undefined;
    if (reads !== undefined && candidate.entityKind !== undefined && parsed !== undefined && parsed.account === accountId) {
      const found = await reads.getEntity(accountId, candidate.entityKind, entityName(template, prefix, parsed.resource));
      if (found !== undefined && found.arn === arn) entity = found;
    }
    return { arn, account, type, ...(entity !== undefined ? { entity } : {}) };
  }
  const value = stringMember(input, candidate.member);
  let name = value !== undefined && candidate.nameOf !== undefined ? candidate.nameOf(value) : value;
  const self = allowSelf && candidate.selfDefault === true;
  if (name === undefined && self && caller.kind === 'user') name = caller.userName;
  if (name === undefined && self && caller.kind === 'root') {
    return { arn: caller.arn, account: accountId, type };
  }
  if (name === undefined) return undefined;
  if (candidate.createdBy === action) {
    const path = stringMember(input, 'Path') ?? '/';
    return { arn: fillTemplate(pieces, partition, accountId, nameWithPath(path, name)), account: accountId, type };
  }
  const entity = reads !== undefined && candidate.entityKind !== undefined
    ? await reads.getEntity(accountId, candidate.entityKind, name)
    : undefined;
  // An entity that does not exist is named at the root path: the operation then answers NoSuchEntity.
  const arn = entity?.arn ?? fillTemplate(pieces, partition, accountId, name);
  return { arn, account: accountId, type, ...(entity !== undefined ? { entity } : {}) };
}

/**
 * The resource ARN AWS authorizes an operation against: the first resource type of the action (required
 * ones first) that the input names, per the service authorization reference; `*` for operations with no
 * resource type (ListUsers, ListPolicies, GetAccountSummary, ...). A user operation without `UserName`
 * is on the calling user (GetUser, CreateAccessKey, ...). Names are looked up for their path
 * (`arn:aws:iam::123456789012:user/division/bob`), and a creating operation uses the requested `Path`.
 * When `reads` is undefined nothing is looked up (the root user needs only the account).
 */
export async function resolveResource(reads: EntityReads | undefined, partition: string, request: ResourceRequest): Promise<ResolvedResource> {
  const accountId = request.caller.kind === 'anonymous' ? '' : request.caller.accountId;
  const ordered = orderedTypeKeys(request.service, request.action);
  // What the input names first; then, where the operation allows it, the calling user itself.
  for (const allowSelf of [false, true]) {
    for (const typeKey of ordered) {
      for (const candidate of TYPE_INPUTS[typeKey] ?? []) {
        const resolved = await resolveCandidate(reads, typeKey, candidate, partition, request, allowSelf);
        if (resolved !== undefined) return resolved;
      }
    }
  }
  return { arn: '*', account: accountId };
}

/** The tags of an entity (users, roles, policies, instance profiles and providers keep them in `data.tags`). */
export function entityTags(entity: IamEntityRecord | undefined): readonly Tag[] {
  return entity === undefined ? [] : (dataOf<{ tags?: readonly Tag[] }>(entity).tags ?? []);
}
