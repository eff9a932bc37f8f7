import { parseArgs } from 'node:util';
import { DEV_WARNING, serveConfig, startBanner, startWard } from '../server/index.js';
import { wardVersion } from './version.js';

/** Input and output of a CLI command, injected so commands can be tested in-process. */
export interface CommandIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: Record<string, string | undefined>;
}

export const SERVE_HELP = `Usage: ward serve [options]

Starts Ward: AWS IAM and STS over AWS's wire protocol.

Options:
  --port N           TCP port (default 9273; 0 picks a free one)
  --host ADDR        address to bind (default 127.0.0.1)
  --data DIR         data directory: SQLite database and master key file (default ./data, or WARD_DATA)
  --account-id ID    the default account's 12-digit id, on first start only (or WARD_ACCOUNT_ID)
  --region NAME      region, which sets the ARN partition (default us-east-1, or WARD_REGION)
  --dev              dev mode: loopback only; any unknown access key is the default account's root;
                     POST /_ward/reset erases all state; the default account is 123456789012
  -h, --help         this help

Environment:
  WARD_DATABASE_URL  postgres://... to store state in PostgreSQL instead of SQLite
  WARD_MASTER_KEY    base64 (32 bytes) or hex (64 characters) key that seals secrets at rest;
                     without it Ward creates DATA/master.key (mode 0600) on first start
  WARD_KEY_USE_FLUSH_MS
                     how often access keys' last use (GetAccessKeyLastUsed) is written to the store,
                     in milliseconds (default 5000, 10 to 3600000); the answer may lag a use by that much
`;

/** `ward serve`: starts the server and runs until SIGINT or SIGTERM. Resolves with the exit code. */
export async function serveCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      'account-id': { type: 'string' },
      region: { type: 'string' },
      dev: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) {
    io.stdout.write(SERVE_HELP);
    return 0;
  }
  const config = serveConfig(
    {
      ...(values.host !== undefined ? { host: values.host } : {}),
      ...(values.port !== undefined ? { port: values.port } : {}),
      ...(values.data !== undefined ? { data: values.data } : {}),
      ...(values['account-id'] !== undefined ? { accountId: values['account-id'] } : {}),
      ...(values.region !== undefined ? { region: values.region } : {}),
      dev: values.dev === true,
    },
    io.env,
  );
  if (config.dev) io.stderr.write(`${DEV_WARNING}\n`);
  const ward = await startWard(config, io.env);
  io.stdout.write(startBanner({
    version: wardVersion(),
    url: ward.url,
    storage: ward.storage,
    region: config.region,
    accountId: ward.accountId,
    ...(ward.created !== undefined ? { created: ward.created } : {}),
    dev: config.dev,
  }));
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await ward.close();
  return 0;
}
