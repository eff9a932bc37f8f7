import { spawn } from 'node:child_process';
import { repoRoot } from './ward-process.js';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { IAMClient } from '@aws-sdk/client-iam';

/** Credentials and endpoint a real AWS client is pointed at. */
export interface ClientTarget {
  readonly url: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly region?: string;
}

/** What a client process printed and how it exited. */
export interface ClientResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment for a real client: only the target's credentials; no user config files. */
function clientEnv(target: ClientTarget): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'PYENV_ROOT', 'PYENV_VERSION', 'LANG', 'SYSTEMROOT']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  const none = join(tmpdir(), 'ward-no-aws-config');
  Object.assign(env, {
    AWS_CONFIG_FILE: none,
    AWS_SHARED_CREDENTIALS_FILE: none,
    AWS_ACCESS_KEY_ID: target.accessKeyId,
    AWS_SECRET_ACCESS_KEY: target.secretAccessKey,
    AWS_DEFAULT_REGION: target.region ?? 'us-east-1',
    AWS_ENDPOINT_URL: target.url,
    AWS_MAX_ATTEMPTS: '1',
    AWS_RETRY_MODE: 'standard',
    AWS_EC2_METADATA_DISABLED: 'true',
    WARD_URL: target.url,
  });
  if (target.sessionToken !== undefined) env.AWS_SESSION_TOKEN = target.sessionToken;
  return env;
}

/**
 * Runs a command to completion: what it printed and how it exited. `input` is written to its standard
 * input. `detached` starts it in a session of its own (no controlling terminal: prompts read stdin).
 */
export function runCommand(
  file: string, args: readonly string[], options: { env?: Record<string, string | undefined>; input?: string; cwd?: string; detached?: boolean } = {},
): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], {
      env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}), ...(options.detached === true ? { detached: true } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

function run(file: string, args: readonly string[], env: Record<string, string>, input?: string): Promise<ClientResult> {
  return runCommand(file, args, { env, ...(input !== undefined ? { input } : {}) });
}

/** Runs the `ward` command line from the sources (through tsx). */
export function wardCli(args: readonly string[]): Promise<ClientResult> {
  return runCommand(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/ward.ts'), ...args], { cwd: repoRoot });
}

/** Runs the real `aws` CLI (v1) against the target: `aws --endpoint-url URL ...args --output json`. */
export function awsCli(target: ClientTarget, args: readonly string[]): Promise<ClientResult> {
  return run('aws', ['--endpoint-url', target.url, '--output', 'json', ...args], clientEnv(target));
}

/**
 * The start of the IAM suites' boto3 scripts: `iam` (a client configured by the environment), `out` (the
 * script prints it as JSON at its end) and `err(name, fn, **kw)`, which calls `fn(**kw)` and records under
 * `out[name]` the `[code, HTTP status, message]` of the ClientError it raised, or `'no error'`.
 */
export const BOTO3_IAM_PRELUDE = String.raw`
import json, os, boto3, botocore, botocore.config
iam = boto3.client('iam')
out = {}
def err(name, fn, **kw):
    try:
        fn(**kw)
        out[name] = 'no error'
    except botocore.exceptions.ClientError as e:
        out[name] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Message']]
`;

/**
 * Runs a Python script with boto3 against the target. The script sees `WARD_URL` and the AWS_* variables
 * and prints JSON on stdout.
 */
export function boto3(target: ClientTarget, script: string): Promise<ClientResult> {
  return run('python3', ['-c', script], clientEnv(target));
}

/** The AWS SDK v3 IAM client for the target, with retries off (one attempt, as the CLI and boto3 runs). */
export function iamClient(target: ClientTarget): IAMClient {
  return new IAMClient({
    endpoint: target.url, region: target.region ?? 'us-east-1', maxAttempts: 1,
    credentials: {
      accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey,
      ...(target.sessionToken !== undefined ? { sessionToken: target.sessionToken } : {}),
    },
  });
}
