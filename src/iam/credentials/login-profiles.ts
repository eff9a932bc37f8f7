import type { Caller } from '../../authn/caller.js';
import type { IamEntityRecord } from '../../store/port.js';
import { accountOf, callerArn, isoNow, optionalString, requiredString, write } from '../caller-account.js';
import { iamError } from '../errors.js';
import type { IamDeps, OperationTable } from '../operation.js';
import { type LoginProfileData, dataOf } from '../records.js';
import { hashPassword, verifyPassword } from './password-hash.js';
import { checkPassword, passwordPolicyOf, policyViolation } from './password-policy.js';
import { ownerOf, ownerPath } from './owned.js';

/**
 * Console passwords: CreateLoginProfile, GetLoginProfile, UpdateLoginProfile, DeleteLoginProfile and
 * ChangePassword (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateLoginProfile.html and the
 * pages beside it). A login profile is an entity named by its user's unique id (see `../records.ts`).
 * Hashing (scrypt, tens of milliseconds) happens outside the store transaction; the write then checks
 * that the profile it read is still the one stored.
 */

const KIND = 'login-profile';
/** The most earlier passwords kept for PasswordReusePrevention (its largest value). */
const HISTORY = 24;

/** NoSuchEntity for a user without a login profile (AWS's text as quoted in ansible/ansible#43197). */
function noProfile(userName: string): Error {
  return iamError('NoSuchEntity', `Login Profile for User ${userName} cannot be found.`);
}

/** `LoginProfile` as AWS answers it. */
function profileOutput(user: IamEntityRecord, profile: IamEntityRecord): Record<string, unknown> {
  const data = dataOf<LoginProfileData>(profile);
  return { LoginProfile: { UserName: user.name, CreateDate: new Date(profile.createdAt), PasswordResetRequired: data.passwordResetRequired } };
}

/** A required password member (the model makes Password optional only for AssumeRoot sessions). */
function passwordOf(input: Readonly<Record<string, unknown>>, name: string): string {
  return requiredString(input, name);
}

/** `data` with a new password hash, the old one moved into the history. */
function withNewHash(data: LoginProfileData, hash: string, now: string): LoginProfileData {
  return { ...data, passwordHash: hash, passwordSetDate: now, previousHashes: [data.passwordHash, ...(data.previousHashes ?? [])].slice(0, HISTORY) };
}

/** The caller as an IAM user, for ChangePassword (root and role sessions have no IAM login profile). */
function callerUserName(caller: Caller): string {
  if (caller.kind !== 'user') {
    throw iamError('InvalidUserType', 'The request was rejected because the type of user for the transaction was incorrect.');
  }
  return caller.userName;
}

/** The login profile operations. */
export function loginProfileOperations(deps: IamDeps): OperationTable {
  /** The user's login profile, or NoSuchEntity. */
  const profileOf = async (accountId: string, caller: Caller, input: Readonly<Record<string, unknown>>) => {
    const owner = await ownerOf(deps.store, accountId, caller, input);
    if (owner.kind !== 'user') throw noProfile('root');
    const profile = await deps.store.getEntity(accountId, KIND, owner.user.id);
    if (profile === undefined) throw noProfile(owner.user.name);
    return { user: owner.user, profile };
  };

  /** Writes a changed profile, provided nobody changed its password meanwhile (else ConcurrentModification). */
  const rewrite = async (accountId: string, read: IamEntityRecord, data: LoginProfileData) => {
    await write(deps, async (tx) => {
      const current = await tx.getEntity(accountId, KIND, read.name);
      if (current === undefined || dataOf<LoginProfileData>(current).passwordHash !== dataOf<LoginProfileData>(read).passwordHash) {
        throw iamError('ConcurrentModification', 'The request was rejected because multiple requests to change this object were submitted simultaneously. Wait a few minutes and submit your request again.');
      }
      await tx.updateEntity({ ...current, data: { ...data } });
    });
  };

  return {
    CreateLoginProfile: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const password = passwordOf(input, 'Password');
      const owner = await ownerOf(deps.store, accountId, caller, input);
      if (owner.kind !== 'user') throw noProfile('root');
      checkPassword(await passwordPolicyOf(deps.store, accountId), password, owner.user.name);
      const hash = await hashPassword(password);
      const now = isoNow(deps.clock);
      const exists = () => iamError('EntityAlreadyExists', `Login Profile for user ${owner.user.name} already exists.`);
      const profile = await write(deps, async (tx) => {
        // The user may have gone, or a policy come, since the reads above: check again in the transaction.
        const user = await tx.getEntity(accountId, 'user', owner.user.name);
        if (user?.id !== owner.user.id) throw iamError('NoSuchEntity', `The user with name ${owner.user.name} cannot be found.`);
        if (await tx.getEntity(accountId, KIND, user.id) !== undefined) throw exists();
        const data: LoginProfileData = { userName: user.name, passwordHash: hash, passwordResetRequired: input.PasswordResetRequired === true, passwordSetDate: now };
        const record: IamEntityRecord = { accountId, kind: KIND, name: user.id, id: `${KIND}:${user.id}`, path: ownerPath(user.id), arn: `${KIND}:${user.id}`, createdAt: now, data: { ...data } };
        await tx.createEntity(record);
        return record;
      }, exists);
      return profileOutput(owner.user, profile);
    },

    GetLoginProfile: async ({ caller, input }) => {
      const { user, profile } = await profileOf(accountOf(caller), caller, input);
      return profileOutput(user, profile);
    },

    // Password and PasswordResetRequired each change only when given; a new password meets the policy.
    UpdateLoginProfile: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const { user, profile } = await profileOf(accountId, caller, input);
      let data = dataOf<LoginProfileData>(profile);
      const password = optionalString(input, 'Password');
      if (password !== undefined) {
        checkPassword(await passwordPolicyOf(deps.store, accountId), password, user.name);
        data = withNewHash(data, await hashPassword(password), isoNow(deps.clock));
      }
      if (typeof input.PasswordResetRequired === 'boolean') data = { ...data, passwordResetRequired: input.PasswordResetRequired };
      await rewrite(accountId, profile, { ...data, userName: user.name });
      return {};
    },

    DeleteLoginProfile: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const { user } = await profileOf(accountId, caller, input);
      await write(deps, async (tx) => {
        if (!(await tx.deleteEntity(accountId, KIND, user.id))) throw noProfile(user.name);
      });
      return {};
    },

    // The caller's own password (API_ChangePassword): callers other than IAM users answer InvalidUserType;
    // a wrong OldPassword is refused without saying more. The new one meets the policy, is not one of the
    // last PasswordReusePrevention passwords, and clears PasswordResetRequired.
    ChangePassword: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const userName = callerUserName(caller);
      const oldPassword = requiredString(input, 'OldPassword');
      const newPassword = requiredString(input, 'NewPassword');
      const { user, profile } = await profileOf(accountId, caller, { UserName: userName });
      const data = dataOf<LoginProfileData>(profile);
      if (!(await verifyPassword(oldPassword, data.passwordHash))) {
        throw iamError('AccessDenied', `User: ${callerArn(caller)} is not authorized to perform: iam:ChangePassword on resource: ${user.arn} because the old password is incorrect`);
      }
      const policy = await passwordPolicyOf(deps.store, accountId);
      checkPassword(policy, newPassword, user.name);
      const remembered = [data.passwordHash, ...(data.previousHashes ?? [])].slice(0, policy?.passwordReusePrevention ?? 0);
      for (const hash of remembered) {
        if (await verifyPassword(newPassword, hash)) throw policyViolation();
      }
      const changed = withNewHash(data, await hashPassword(newPassword), isoNow(deps.clock));
      await rewrite(accountId, profile, { ...changed, userName: user.name, passwordResetRequired: false });
      return {};
    },
  };
}
