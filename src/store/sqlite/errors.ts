import type { ConstraintViolation } from '../kysely/index.js';

/** Maps better-sqlite3's extended result codes to the port's constraint kinds. */
export function classifyError(error: unknown): ConstraintViolation {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  switch (code) {
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
    case 'SQLITE_CONSTRAINT_UNIQUE':
      return 'unique';
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return 'foreign-key';
    default:
      return undefined;
  }
}
