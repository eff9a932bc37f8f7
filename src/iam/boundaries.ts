import { parseArn } from '../kernel/index.js';
import type { IamEntityRecord, StoreTransaction } from '../store/port.js';
import { keyOf } from './caller-account.js';
import { iamError } from './errors.js';
import type { IamDeps } from './operation.js';
import { awsManagedPolicy } from './policies/index.js';
import { BOUNDARY_LINK, type RoleData, type UserData, dataOf } from './records.js';

/**
 * Permissions boundaries of users and roles
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html): one managed policy,
 * customer managed in the same account or AWS managed, set at creation or with
 * Put{User,Role}PermissionsBoundary, removed with Delete{User,Role}PermissionsBoundary.
 *
 * INVARIANT: an identity's boundary is kept twice, in the same transaction: as its ARN in the identity's
 * data (`permissionsBoundary`, what enforcement reads) and as a `BOUNDARY_LINK` (`records.ts`) from the
 * identity's lower-case name to that ARN (what the policies service counts and lists, without reading
 * every identity). Every write of a boundary, a rename or a deletion goes through this module.
 */

/** The kinds of identity that can have a boundary. */
export type BoundedKind = 'user' | 'role';

/** The `PermissionsBoundary` member of a User or Role, as IAM answers it. */
export function boundaryView(arn: string | undefined): Record<string, unknown> | undefined {
  return arn === undefined ? undefined : { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: arn };
}

/**
 * Checks that `arn` names a managed policy that can be a boundary in `accountId`, and returns it.
 * - not an IAM policy ARN: InvalidInput "ARN X is not valid." (the wording of the attach operations);
 * - no such policy (another account, another partition, a deleted one, an AWS managed policy outside the
 *   catalogue Ward serves): NoSuchEntity "Scope ARN: X does not exist or is not attachable." — IAM's text
 *   for a boundary, as clients report it from CreateUser / CreateRole / Put*PermissionsBoundary
 *   (https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPermissionsBoundary.html).
 */
export async function checkBoundaryPolicy(tx: StoreTransaction, deps: IamDeps, accountId: string, arn: string): Promise<string> {
  const parsed = parseArn(arn);
  if (parsed === undefined || parsed.service !== 'iam' || parsed.region !== '' || !parsed.resource.startsWith('policy/') ||
      parsed.resource.endsWith('/')) {
    throw iamError('InvalidInput', `ARN ${arn} is not valid.`);
  }
  const missing = () => iamError('NoSuchEntity', `Scope ARN: ${arn} does not exist or is not attachable.`);
  if (parsed.partition !== deps.partition) throw missing();
  if (parsed.account === 'aws') {
    if (awsManagedPolicy(arn, deps.partition) === undefined) throw missing();
    return arn;
  }
  if (parsed.account !== accountId) throw missing();
  const name = parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1);
  const policy = await tx.getEntity(accountId, 'policy', name);
  // The path is part of a policy's ARN: the same name under another path is another (absent) policy.
  if (policy === undefined || policy.arn !== arn) throw missing();
  return arn;
}

/** Records the boundary link of a user or role just created with `data.permissionsBoundary`. */
export async function linkNewBoundary(tx: StoreTransaction, entity: IamEntityRecord): Promise<void> {
  const arn = dataOf<UserData | RoleData>(entity).permissionsBoundary;
  if (arn === undefined) return;
  const kind = boundedKind(entity);
  await tx.addLink({ accountId: entity.accountId, kind: BOUNDARY_LINK[kind], from: keyOf(entity.name), to: arn, createdAt: entity.createdAt });
}

/** Replaces the boundary of a user or role (`undefined` removes it), keeping the rest of its data. */
export async function setBoundary(tx: StoreTransaction, entity: IamEntityRecord, arn: string | undefined, now: string): Promise<void> {
  const { permissionsBoundary: _old, ...rest } = dataOf<UserData | RoleData>(entity) as Record<string, unknown>;
  await tx.updateEntity({ ...entity, data: arn === undefined ? rest : { ...rest, permissionsBoundary: arn } });
  const kind = BOUNDARY_LINK[boundedKind(entity)];
  await tx.removeLinksOf(entity.accountId, kind, keyOf(entity.name), 'from');
  if (arn !== undefined) await tx.addLink({ accountId: entity.accountId, kind, from: keyOf(entity.name), to: arn, createdAt: now });
}

/** Moves the boundary link of a renamed user or role from its old name to its new one. */
export async function renameBoundary(tx: StoreTransaction, accountId: string, kind: BoundedKind, oldName: string, newName: string): Promise<void> {
  if (keyOf(oldName) === keyOf(newName)) return;
  for (const link of await tx.listLinksFrom(accountId, BOUNDARY_LINK[kind], keyOf(oldName))) {
    await tx.removeLink(accountId, link.kind, link.from, link.to);
    await tx.addLink({ ...link, from: keyOf(newName) });
  }
}

/** Drops the boundary link of a user or role being deleted. */
export async function unlinkBoundary(tx: StoreTransaction, accountId: string, kind: BoundedKind, name: string): Promise<void> {
  await tx.removeLinksOf(accountId, BOUNDARY_LINK[kind], keyOf(name), 'from');
}

function boundedKind(entity: IamEntityRecord): BoundedKind {
  if (entity.kind !== 'user' && entity.kind !== 'role') throw new Error(`a ${entity.kind} has no permissions boundary`);
  return entity.kind;
}
