import { resolve } from 'node:path';
import { isAccountId } from '../kernel/index.js';

/** How `ward serve` runs. */
export interface ServeConfig {
  readonly host: string;
  /** 0 lets the system pick a free port (the banner prints the one chosen). */
  readonly port: number;
  /** Where SQLite's file and the master key file live. */
  readonly dataDir: string;
  /** PostgreSQL connection string; SQLite under `dataDir` when absent. */
  readonly databaseUrl?: string;
  readonly dev: boolean;
  /** The default account's id, used on first start only. */
  readonly accountId?: string;
  readonly region: string;
  /**
   * How often access key uses are written to the store (GetAccessKeyLastUsed lags by up to this);
   * `WARD_KEY_USE_FLUSH_MS`, default 5,000.
   */
  readonly keyUseFlushMs?: number;
  /**
   * `WARD_OIDC_JWKS_DIR`: a directory of `<encodeURIComponent(issuer)>.json` JWKS files that
   * AssumeRoleWithWebIdentity reads before asking an issuer's discovery document (offline installs).
   */
  readonly oidcJwksDir?: string;
}

/** Ward's documented default port ("WARD" on a phone keypad). */
export const DEFAULT_PORT = 9273;
/** The account id AWS's documentation uses in examples; dev mode's default account. */
export const DEV_ACCOUNT_ID = '123456789012';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** True for a loopback host name or address. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.');
}

/**
 * Builds the serve configuration from command-line options and the environment
 * (`WARD_DATA`, `WARD_DATABASE_URL`, `WARD_ACCOUNT_ID`, `WARD_REGION`, `WARD_KEY_USE_FLUSH_MS`, `WARD_OIDC_JWKS_DIR`); throws an Error with a
 * message for the user on bad values.
 */
export function serveConfig(
  options: { host?: string; port?: string; data?: string; dev?: boolean; accountId?: string; region?: string },
  env: Record<string, string | undefined>,
): ServeConfig {
  const dev = options.dev === true;
  const host = options.host ?? '127.0.0.1';
  if (dev && !isLoopback(host)) throw new Error(`--dev binds loopback only; --host ${host} is not a loopback address.`);
  const port = options.port === undefined ? DEFAULT_PORT : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${options.port} is not a TCP port number.`);
  const accountId = options.accountId ?? env.WARD_ACCOUNT_ID ?? (dev ? DEV_ACCOUNT_ID : undefined);
  if (accountId !== undefined && !isAccountId(accountId)) throw new Error(`The account id ${accountId} is not 12 digits.`);
  const region = options.region ?? env.WARD_REGION ?? 'us-east-1';
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new Error(`${region} is not a region name such as us-east-1.`);
  const databaseUrl = env.WARD_DATABASE_URL !== undefined && env.WARD_DATABASE_URL !== '' ? env.WARD_DATABASE_URL : undefined;
  const flush = env.WARD_KEY_USE_FLUSH_MS;
  const keyUseFlushMs = flush !== undefined && flush !== '' ? Number(flush) : undefined;
  if (keyUseFlushMs !== undefined && (!Number.isInteger(keyUseFlushMs) || keyUseFlushMs < 10 || keyUseFlushMs > 3_600_000)) {
    throw new Error(`WARD_KEY_USE_FLUSH_MS=${flush} is not a whole number of milliseconds from 10 to 3600000.`);
  }
  return {
    host,
    port,
    dataDir: resolve(options.data ?? env.WARD_DATA ?? 'data'),
    ...(databaseUrl !== undefined ? { databaseUrl } : {}),
    dev,
    ...(accountId !== undefined ? { accountId } : {}),
    region,
    ...(keyUseFlushMs !== undefined ? { keyUseFlushMs } : {}),
    ...(env.WARD_OIDC_JWKS_DIR !== undefined && env.WARD_OIDC_JWKS_DIR !== '' ? { oidcJwksDir: resolve(env.WARD_OIDC_JWKS_DIR) } : {}),
  };
}
