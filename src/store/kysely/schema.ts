/**
 * The tables as the queries see them. Column names are the database's (snake_case); `repositories.ts`
 * maps rows to the port's records. Every timestamp is ISO 8601 text in UTC, so text order is time order
 * in both dialects.
 */

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
}

/** `settings`: small named values of this installation. */
export interface SettingsTable {
  name: string;
  value: string;
}

/** Every table Ward's queries use, for Kysely's typing. New migrations add their tables here. */
export interface Database {
  accounts: AccountsTable;
  access_keys: AccessKeysTable;
  settings: SettingsTable;
}
