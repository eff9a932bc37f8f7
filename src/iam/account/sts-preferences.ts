import type { StoreReads } from '../../store/port.js';
import { accountOf, requiredString, write } from '../caller-account.js';
import { IamErrors } from '../errors.js';
import type { IamDeps, OperationTable } from '../operation.js';

/**
 * The account's STS preferences: the version of the session tokens STS's global endpoint issues
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetSecurityTokenServicePreferences.html).
 * Version 1 tokens are valid only in the Regions enabled by default, version 2 tokens in all Regions.
 * AWS's default is version 1: "Session tokens from the global STS endpoint are valid only in AWS Regions
 * that are enabled by default" until the account changes it
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_enable-regions.html).
 *
 * **Decision**: the preference is a setting, `sts-global-endpoint-token-version/<account>` → `v1Token` or
 * `v2Token` (the store port has no account-preferences table; settings are what account aliases use). Ward
 * has no opt-in Regions and its session tokens are valid everywhere, so the preference changes only what
 * GetAccountSummary reports as `GlobalEndpointTokenVersion`, as AWS tells clients to read it back.
 */
const settingKey = (accountId: string) => `sts-global-endpoint-token-version/${accountId}`;

const VERSIONS = { v1Token: 1, v2Token: 2 } as const;
type TokenVersion = keyof typeof VERSIONS;

function isTokenVersion(value: string): value is TokenVersion {
  return Object.hasOwn(VERSIONS, value);
}

/** The account's GlobalEndpointTokenVersion as GetAccountSummary reports it: 1 (AWS's default) or 2. */
export async function globalEndpointTokenVersion(tx: Pick<StoreReads, 'getSetting'>, accountId: string): Promise<1 | 2> {
  const value = await tx.getSetting(settingKey(accountId));
  return value !== undefined && isTokenVersion(value) ? VERSIONS[value] : 1;
}

/** SetSecurityTokenServicePreferences. */
export function stsPreferenceOperations(deps: IamDeps): OperationTable {
  return {
    // The protocol layer has checked the model's enum (v1Token | v2Token, AWS's ValidationError otherwise);
    // the check here keeps the stored value one of the two should a call come from elsewhere (its wording
    // is Ward's own). The operation has no output.
    SetSecurityTokenServicePreferences: async ({ caller, input }) => {
      const accountId = accountOf(caller);
      const version = requiredString(input, 'GlobalEndpointTokenVersion');
      if (!isTokenVersion(version)) throw IamErrors.invalidInput(`Invalid GlobalEndpointTokenVersion: ${version}.`);
      await write(deps, (tx) => tx.setSetting(settingKey(accountId), version));
      return {};
    },
  };
}
