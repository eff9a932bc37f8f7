#!/usr/bin/env node
// The `ward` executable: runs the command line with the process's streams and sets the exit code.
import { isAwsError } from '../kernel/index.js';
import { main } from './main.js';
import type { CommandIo } from './serve.js';

const io: CommandIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = isAwsError(error) || error instanceof Error ? error.message : String(error);
    io.stderr.write(`ward: ${message}\n`);
    process.exitCode = 1;
  },
);
