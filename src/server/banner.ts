import type { CreatedAccount } from '../iam/accounts/index.js';

/** The lines `ward serve` prints when it is ready. Root credentials appear only when just created. */
export function startBanner(options: {
  readonly version: string;
  readonly url: string;
  readonly storage: string;
  readonly region: string;
  readonly accountId: string;
  readonly created?: CreatedAccount;
  readonly dev: boolean;
}): string {
  const lines = [`Ward ${options.version} listening on ${options.url} (${options.storage})`];
  if (options.created !== undefined) {
    lines.push(
      '',
      `Created the default account ${options.accountId}. Its root credentials are printed this once and never again;`,
      'store them now (paste these lines into a shell):',
      '',
      `export AWS_ENDPOINT_URL=${options.url}`,
      `export AWS_ACCESS_KEY_ID=${options.created.rootAccessKeyId}`,
      `export AWS_SECRET_ACCESS_KEY=${options.created.rootSecretAccessKey}`,
      `export AWS_DEFAULT_REGION=${options.region}`,
      '',
      'Then try:',
      '',
      `aws --endpoint-url ${options.url} sts get-caller-identity`,
    );
  } else {
    lines.push(`Default account ${options.accountId}; its root credentials were printed on first start.`);
    if (options.dev) lines.push(`Dev mode: any unknown access key is accepted as the root of ${options.accountId}.`);
  }
  return `${lines.join('\n')}\n`;
}

/** The dev mode warning, printed on standard error. */
export const DEV_WARNING =
  'WARNING: dev mode. Ward accepts ANY access key it does not know as the root user of the default account, ' +
  'and POST /_ward/reset erases all state. Loopback only; never use dev mode for real data.';
