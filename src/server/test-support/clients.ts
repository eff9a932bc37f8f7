import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

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

function run(file: string, args: readonly string[], env: Record<string, string>, input?: string): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Runs the real `aws` CLI (v1) against the target: `aws --endpoint-url URL ...args --output json`. */
export function awsCli(target: ClientTarget, args: readonly string[]): Promise<ClientResult> {
  return run('aws', ['--endpoint-url', target.url, '--output', 'json', ...args], clientEnv(target));
}

/**
 * Runs a Python script with boto3 against the target. The script sees `WARD_URL` and the AWS_* variables
 * and prints JSON on stdout.
 */
export function boto3(target: ClientTarget, script: string): Promise<ClientResult> {
  return run('python3', ['-c', script], clientEnv(target));
}
