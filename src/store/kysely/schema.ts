/**
 * The tables as the queries see them. Column names are the database's (snake_case); `repositories.ts`
 * maps rows to the port's records. Every timestamp is ISO 8601 text in UTC, so text order is time order
 * in both dialects.
 */
import type { IamEntityKind, IamLinkKind, InlinePolicyRecord } from '../port.js';

/** `accounts`: one row per 12-digit account hosted by this Ward. */
export interface AccountsTable {
  id: string;
  name: string;
  created_at: string;
}

/**
 * `access_keys`: long-term access keys. The owner is `owner_kind` plus `user_name`, which is NULL exactly
 * when the owner is the account's root user (a CHECK constraint says so).
 */
export interface AccessKeysTable {
  access_key_id: string;
  account_id: string;
  owner_kind: 'root' | 'user';
  user_name: string | null;
  sealed_secret: string;
  status: 'Active' | 'Inactive';
  created_at: string;
  /**
   * Migration 0003: the key's last use, all three NULL until first used (GetAccessKeyLastUsed); written
   * in batches by `recordAccessKeyUse`, only ever forward in time.
   */
  last_used_at: string | null;
  last_used_service: string | null;
  last_used_region: string | null;
}

/** `settings`: small named values of this installation. */
export interface SettingsTable {
  name: string;
  value: string;
}

/**
 * `iam_entities` (migration 0002): named IAM entities of every kind. `name_key` is the name lower-cased in
 * JavaScript (`toLowerCase()`), the key that makes names unique per (account, kind) ignoring case; `name`
 * keeps the case as created. `data` is the domain's JSON object as text (not jsonb: both dialects alike).
 */
export interface IamEntitiesTable {
  account_id: string;
  kind: IamEntityKind;
  name_key: string;
  name: string;
  id: string;
  path: string;
  arn: string;
  created_at: string;
  data: string;
}

/** `iam_links` (migration 0002): relations between entities; the keys are stored exactly as given. */
export interface IamLinksTable {
  account_id: string;
  kind: IamLinkKind;
  from_key: string;
  to_key: string;
  created_at: string;
}

/**
 * `iam_inline_policies` (migration 0002): policies embedded in a user, group or role. `owner_key` and
 * `name_key` are the owner's and the policy's names lower-cased in JavaScript.
 */
export interface IamInlinePoliciesTable {
  account_id: string;
  owner_kind: InlinePolicyRecord['ownerKind'];
  owner_key: string;
  name_key: string;
  owner_name: string;
  policy_name: string;
  document: string;
}

/** Every table Ward's queries use, for Kysely's typing. New migrations add their tables here. */
export interface Database {
  accounts: AccountsTable;
  access_keys: AccessKeysTable;
  settings: SettingsTable;
  iam_entities: IamEntitiesTable;
  iam_links: IamLinksTable;
  iam_inline_policies: IamInlinePoliciesTable;
}
