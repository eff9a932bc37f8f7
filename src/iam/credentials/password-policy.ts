import type { StoreTransaction } from '../../store/port.js';
import { accountOf, optionalInteger, write } from '../caller-account.js';
import { iamError } from '../errors.js';
import type { IamDeps, OperationTable } from '../operation.js';
import { type PasswordPolicyData, dataOf } from '../records.js';

/**
 * The account password policy: UpdateAccountPasswordPolicy, GetAccountPasswordPolicy,
 * DeleteAccountPasswordPolicy (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html,
 * API_PasswordPolicy.html) and the check every new password meets ("Set an account password policy for
 * IAM users", https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html).
 */

const KIND = 'password-policy';
/** The one password policy entity of an account. */
const NAME = 'account-password-policy';

/** The symbols RequireSymbols asks for: ``! @ # $ % ^ & * ( ) _ + - = [ ] { } | '`` (API_UpdateAccountPasswordPolicy). */
const SYMBOLS = new Set("!@#$%^&*()_+-=[]{}|'");

/** The account's policy, or undefined when none is set. */
export async function passwordPolicyOf(tx: Pick<StoreTransaction, 'getEntity'>, accountId: string): Promise<PasswordPolicyData | undefined> {
  const entity = await tx.getEntity(accountId, KIND, NAME);
  return entity === undefined ? undefined : dataOf<PasswordPolicyData>(entity);
}

/** PasswordPolicyViolation in IAM's words. */
export function policyViolation(): Error {
  return iamError('PasswordPolicyViolation', 'Password does not conform to the account password policy.');
}

const has = {
  upper: (p: string) => /[A-Z]/.test(p),
  lower: (p: string) => /[a-z]/.test(p),
  number: (p: string) => /[0-9]/.test(p),
  symbol: (p: string) => [...p].some((c) => SYMBOLS.has(c)),
};

/**
 * Refuses a password the account's policy does not allow. Without a custom policy, AWS's default one
 * applies ("Default password policy"): at least 8 characters, at least three of upper case, lower case,
 * numbers and symbols, and not the user's name.
 */
export function checkPassword(policy: PasswordPolicyData | undefined, password: string, userName: string): void {
  const length = [...password].length;
  if (policy === undefined) {
    const kinds = [has.upper, has.lower, has.number, has.symbol].filter((test) => test(password)).length;
    if (length < 8 || kinds < 3 || password.toLowerCase() === userName.toLowerCase()) throw policyViolation();
    return;
  }
  if (length < policy.minimumPasswordLength
    || (policy.requireUppercaseCharacters && !has.upper(password))
    || (policy.requireLowercaseCharacters && !has.lower(password))
    || (policy.requireNumbers && !has.number(password))
    || (policy.requireSymbols && !has.symbol(password))) {
    throw policyViolation();
  }
}

/** A range check in the words of the model's validation (the protocol layer checks it first on the wire). */
function inRange(name: string, value: number | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const member = `${name.charAt(0).toLowerCase()}${name.slice(1)}`;
  if (value < min) throw iamError('ValidationError', `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`);
  if (value > max) throw iamError('ValidationError', `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
  return value;
}

/** A boolean member, false when absent. */
function flag(input: Readonly<Record<string, unknown>>, name: string): boolean {
  return input[name] === true;
}

/** The password policy operations. */
export function passwordPolicyOperations(deps: IamDeps): OperationTable {
  return {
    // Every member left out takes its default (MinimumPasswordLength 6, the rest false / unset): the
    // call replaces the whole policy, as AWS documents ("If you do not specify a value ... the default").
    UpdateAccountPasswordPolicy: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const maxPasswordAge = inRange('MaxPasswordAge', optionalInteger(input, 'MaxPasswordAge'), 1, 1095);
      const passwordReusePrevention = inRange('PasswordReusePrevention', optionalInteger(input, 'PasswordReusePrevention'), 1, 24);
      const data: PasswordPolicyData = {
        minimumPasswordLength: inRange('MinimumPasswordLength', optionalInteger(input, 'MinimumPasswordLength'), 6, 128) ?? 6,
        requireSymbols: flag(input, 'RequireSymbols'),
        requireNumbers: flag(input, 'RequireNumbers'),
        requireUppercaseCharacters: flag(input, 'RequireUppercaseCharacters'),
        requireLowercaseCharacters: flag(input, 'RequireLowercaseCharacters'),
        allowUsersToChangePassword: flag(input, 'AllowUsersToChangePassword'),
        ...(maxPasswordAge !== undefined ? { maxPasswordAge } : {}),
        ...(passwordReusePrevention !== undefined ? { passwordReusePrevention } : {}),
        ...(typeof input.HardExpiry === 'boolean' ? { hardExpiry: input.HardExpiry } : {}),
      };
      await write(deps, async (tx) => {
        const existing = await tx.getEntity(accountId, KIND, NAME);
        if (existing === undefined) {
          await tx.createEntity({
            accountId, kind: KIND, name: NAME, id: `${accountId}:${KIND}`, path: '/', arn: `${accountId}:${KIND}`,
            createdAt: new Date(deps.clock.now()).toISOString(), data: { ...data },
          });
        } else {
          await tx.updateEntity({ ...existing, data: { ...data } });
        }
      });
      return {};
    },

    // NoSuchEntity "The Password Policy with domain name 111122223333 cannot be found." when none is set
    // (API_GetAccountPasswordPolicy: "If no custom password policy has been defined, returns NoSuchEntity").
    GetAccountPasswordPolicy: async ({ caller }) => {
      const accountId = accountOf(caller);
      const policy = await passwordPolicyOf(deps.store, accountId);
      if (policy === undefined) throw noPolicy(accountId);
      return {
        PasswordPolicy: {
          MinimumPasswordLength: policy.minimumPasswordLength,
          RequireSymbols: policy.requireSymbols,
          RequireNumbers: policy.requireNumbers,
          RequireUppercaseCharacters: policy.requireUppercaseCharacters,
          RequireLowercaseCharacters: policy.requireLowercaseCharacters,
          AllowUsersToChangePassword: policy.allowUsersToChangePassword,
          ExpirePasswords: (policy.maxPasswordAge ?? 0) > 0,
          ...(policy.maxPasswordAge !== undefined ? { MaxPasswordAge: policy.maxPasswordAge } : {}),
          ...(policy.passwordReusePrevention !== undefined ? { PasswordReusePrevention: policy.passwordReusePrevention } : {}),
          ...(policy.hardExpiry !== undefined ? { HardExpiry: policy.hardExpiry } : {}),
        },
      };
    },

    DeleteAccountPasswordPolicy: async ({ caller }) => {
      const accountId = accountOf(caller);
      await write(deps, async (tx) => {
        if (!(await tx.deleteEntity(accountId, KIND, NAME))) throw noPolicy(accountId);
      });
      return {};
    },
  };
}

function noPolicy(accountId: string): Error {
  return iamError('NoSuchEntity', `The Password Policy with domain name ${accountId} cannot be found.`);
}
