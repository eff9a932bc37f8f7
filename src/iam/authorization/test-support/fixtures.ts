import type { UserCaller } from '../../../authn/caller.js';
import type { IamEntityRecord, StoreTransaction } from '../../../store/port.js';
import type { PolicyData, Tag, UserData } from '../../records.js';

/** The account the fixtures live in. */
export const ACCOUNT = '111122223333';
const CREATED = '2026-11-25T19:00:00.000Z';
let serial = 0;

/** A fake unique id with AWS's prefix (`AIDA…`). */
function id(prefix: string): string {
  serial += 1;
  return `${prefix}${String(serial).padStart(17, '0')}`;
}

/** Creates a user entity. */
export async function addUser(
  tx: StoreTransaction, name: string, options: { path?: string; tags?: readonly Tag[]; boundary?: string } = {},
): Promise<IamEntityRecord> {
  const path = options.path ?? '/';
  const data: UserData = {
    ...(options.tags !== undefined ? { tags: options.tags } : {}),
    ...(options.boundary !== undefined ? { permissionsBoundary: options.boundary } : {}),
  };
  const entity: IamEntityRecord = {
    accountId: ACCOUNT, kind: 'user', name, id: id('AIDA'), path, arn: `arn:aws:iam::${ACCOUNT}:user${path}${name}`, createdAt: CREATED, data: { ...data },
  };
  await tx.createEntity(entity);
  return entity;
}

/**
 * Creates an identity provider: `name` is what follows `oidc-provider/` (the URL without `https://`, host
 * and path) or `saml-provider/` in its ARN, which is also its id.
 */
export async function addProvider(
  tx: StoreTransaction, kind: 'oidc-provider' | 'saml-provider', name: string, tags?: readonly Tag[],
): Promise<IamEntityRecord> {
  const arn = `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;
  const entity: IamEntityRecord = {
    accountId: ACCOUNT, kind, name, id: arn, path: '/', arn, createdAt: CREATED, data: tags !== undefined ? { tags } : {},
  };
  await tx.createEntity(entity);
  return entity;
}

/** The caller signing as `user`. */
export function userCaller(user: IamEntityRecord): UserCaller {
  return {
    kind: 'user', accountId: user.accountId, arn: user.arn, userId: user.id, userName: user.name, path: user.path, accessKeyId: 'AKIAFIXTURE000000001',
  };
}

/** Creates a group entity. */
export async function addGroup(tx: StoreTransaction, name: string, path = '/'): Promise<IamEntityRecord> {
  const entity: IamEntityRecord = {
    accountId: ACCOUNT, kind: 'group', name, id: id('AGPA'), path, arn: `arn:aws:iam::${ACCOUNT}:group${path}${name}`, createdAt: CREATED, data: {},
  };
  await tx.createEntity(entity);
  return entity;
}

/** Creates a customer managed policy (one version, `v1`) and returns its ARN. */
export async function addManagedPolicy(tx: StoreTransaction, name: string, document: unknown, tags?: readonly Tag[]): Promise<string> {
  const arn = `arn:aws:iam::${ACCOUNT}:policy/${name}`;
  const data: PolicyData = {
    defaultVersionId: 'v1',
    versions: [{ versionId: 'v1', document: JSON.stringify(document), createDate: CREATED }],
    nextVersion: 2,
    updateDate: CREATED,
    ...(tags !== undefined ? { tags } : {}),
  };
  await tx.createEntity({ accountId: ACCOUNT, kind: 'policy', name, id: id('ANPA'), path: '/', arn, createdAt: CREATED, data: { ...data } });
  return arn;
}

/** Attaches a managed policy to a user or group. */
export async function attach(tx: StoreTransaction, owner: IamEntityRecord, policyArn: string): Promise<void> {
  const kind = owner.kind === 'group' ? 'group-policy' : 'user-policy';
  await tx.addLink({ accountId: ACCOUNT, kind, from: owner.name.toLowerCase(), to: policyArn, createdAt: CREATED });
}

/** Adds a user to a group. */
export async function addMember(tx: StoreTransaction, group: IamEntityRecord, user: IamEntityRecord): Promise<void> {
  await tx.addLink({ accountId: ACCOUNT, kind: 'group-member', from: group.name.toLowerCase(), to: user.name.toLowerCase(), createdAt: CREATED });
}

/** Embeds an inline policy in a user or group. */
export async function putInline(tx: StoreTransaction, owner: IamEntityRecord, policyName: string, document: unknown): Promise<void> {
  await tx.putInlinePolicy({
    accountId: ACCOUNT, ownerKind: owner.kind === 'group' ? 'group' : 'user', ownerName: owner.name, policyName, document: JSON.stringify(document),
  });
}

/** A policy document allowing `actions` on `resources`, with an optional condition. */
export function allow(actions: string | readonly string[], resources: string | readonly string[] = '*', condition?: unknown): unknown {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: actions, Resource: resources, ...(condition !== undefined ? { Condition: condition } : {}) }],
  };
}

/** A policy document denying everything. */
export const DENY_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] };
