import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { createAccount, DEFAULT_ACCOUNT_SETTING } from '../iam/accounts/index.js';
import { newSecretAccessKey } from '../secrets/secret-access-key.js';
import { nodeRandom, systemClock } from '../server/node-ports.js';
import { openState } from '../server/state.js';
import type { CommandIo } from './serve.js';

export const ACCOUNT_HELP = `Usage: ward account <create|list> [options]

Manages the accounts this Ward hosts, directly in its store (a running server sees new accounts at once).

  ward account create --name NAME [--account-id ID]   create an account; prints its root credentials once
  ward account list                                   list the accounts

Options:
  --data DIR         data directory (default ./data, or WARD_DATA); WARD_DATABASE_URL selects PostgreSQL
  -h, --help         this help
`;

/** `ward account create|list`. Resolves with the exit code. */
export async function accountCommand(args: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      'account-id': { type: 'string' },
      data: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true || sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout.write(ACCOUNT_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'create' && sub !== 'list') {
    io.stderr.write(`ward account: unknown command '${sub}'. See ward account --help.\n`);
    return 2;
  }
  if (sub === 'create' && (values.name === undefined || values.name.trim() === '')) {
    io.stderr.write('ward account create: --name is required.\n');
    return 2;
  }
  const databaseUrl = io.env.WARD_DATABASE_URL !== undefined && io.env.WARD_DATABASE_URL !== '' ? io.env.WARD_DATABASE_URL : undefined;
  const { store, sealer } = await openState(
    { dataDir: resolve(values.data ?? io.env.WARD_DATA ?? 'data'), ...(databaseUrl !== undefined ? { databaseUrl } : {}) },
    io.env,
  );
  try {
    if (sub === 'create') {
      const created = await store.transaction((tx) => createAccount(tx, {
        random: nodeRandom,
        clock: systemClock,
        sealSecret: (secret, id) => sealer.seal(secret, id),
        newSecretAccessKey: () => newSecretAccessKey(nodeRandom),
      }, { name: values.name ?? '', ...(values['account-id'] !== undefined ? { id: values['account-id'] } : {}) }));
      io.stdout.write([
        `Created account ${created.account.id} (${created.account.name}). Its root credentials are printed this once and never again:`,
        '',
        `export AWS_ACCESS_KEY_ID=${created.rootAccessKeyId}`,
        `export AWS_SECRET_ACCESS_KEY=${created.rootSecretAccessKey}`,
        '',
      ].join('\n'));
      return 0;
    }
    const defaultId = await store.getSetting(DEFAULT_ACCOUNT_SETTING);
    io.stdout.write('ACCOUNT       NAME                CREATED\n');
    for (let after: string | undefined; ;) {
      const page = await store.listAccounts({ ...(after !== undefined ? { after } : {}), limit: 500 });
      for (const account of page) {
        const name = `${account.name}${account.id === defaultId ? ' (default)' : ''}`;
        io.stdout.write(`${account.id}  ${name.padEnd(18)}  ${account.createdAt}\n`);
      }
      if (page.length < 500) break;
      after = page[page.length - 1]?.id;
    }
    return 0;
  } finally {
    await store.close();
  }
}
