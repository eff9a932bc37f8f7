/** The query layer both adapters share: schema, migrations, repositories and the Store over an adapter. */
export type { ConstraintViolation, StoreAdapter } from './adapter.js';
export { createKyselyStore } from './kysely-store.js';
export {
  MIGRATION_LOCK_TABLE, MIGRATION_TABLE, migrateToLatest, migrationProvider, type MigrationDialect,
} from './migrations.js';
export { KyselyRepositories, type TransactionScope } from './repositories.js';
export type {
  AccessKeysTable, AccountsTable, Database, IamEntitiesTable, IamInlinePoliciesTable, IamLinksTable, SettingsTable,
} from './schema.js';
