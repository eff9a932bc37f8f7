// Each command's module is imported when the command runs: `ward policy ...` and `ward --version` must
// not load the server (src/cli/serve.ts imports all of src/server), which took most of their start-up.
import type { CommandIo } from './serve.js';
import { wardVersion } from './version.js';

const HELP = `Usage: ward <command> [options]

Ward: self-hosted identity and access management, wire-compatible with AWS IAM and STS.

Commands:
  serve              start the server (ward serve --help for its options)
  policy decide      decide requests with the policy engine (JSON on stdin; --jsonl for many)
  policy validate F  validate the policy document in file F (--kind managed|inline-user|trust|scp|...)
  account create     create an account (--name NAME [--account-id ID]); prints its root keys once
  account list       list the accounts

Options:
  -h, --help         this help
  -v, --version      print Ward's version
`;

/** Runs the `ward` command line; resolves with the process exit code. */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      io.stdout.write(HELP);
      return command === undefined ? 1 : 0;
    case '-v':
    case '--version':
      io.stdout.write(`${wardVersion()}\n`);
      return 0;
    case 'serve': {
      const { serveCommand } = await import('./serve.js');
      return serveCommand(rest, io);
    }
    case 'policy': {
      const { policyCommand } = await import('./policy.js');
      return policyCommand(rest, io);
    }
    case 'account': {
      const { accountCommand } = await import('./account.js');
      return accountCommand(rest, io);
    }
    default:
      io.stderr.write(`ward: unknown command '${command}'. See ward --help.\n`);
      return 2;
  }
}
