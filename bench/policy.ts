/**
 * The policy engine's speed (issue 3, item 8): policies compiled once, decided many times in a tight loop
 * on one core, after a warm-up, over several rounds. Every decision is compared with the one the scenario
 * expects, so the loop cannot be optimised away and the scenario is what it claims to be.
 *
 * (a) an IAM user with 10 managed policies x 5 statements, wildcard actions, one aws:SourceIp condition,
 *     one Deny; (b) a cross-account role session with a permissions boundary, 3 SCP levels, a session policy
 *     and a resource policy of the other account; (c) 1,000 attached policies of which 2 name the
 *     requested service, same requests as (a); (d) `ward policy decide --jsonl` end to end on (a), and
 *     (d-small), for comparison, the same CLI on lines carrying one policy.
 * (a) to (c) are timed twice: `prepareRequest` + `authorize` per decision (the target figure: a decision
 * starts from a request), and `authorize` alone on requests prepared once (the engine's inner loop).
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, createWriteStream, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  authorize, compilePolicy, compilePolicySet, prepareRequest,
  type AuthorizeRequest, type CompiledPolicy, type CompiledPolicySet, type Decision, type DecisionResult, type PreparedRequest,
} from '../src/evaluation/index.js';
import { parsePolicy } from '../src/policy/index.js';
// Types only: a value import of the runner would wait on its top-level await, a cycle that never settles.
import type { BenchResult, Measurement, TargetCheck } from './run.js';
import { distIsStale } from './support/build.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const ROUNDS = 7;
const ROUND_SECONDS = 0.5;
const WARMUP_SECONDS = 1;
/** Lines piped through the CLI in (d). */
const JSONL_LINES = 200_000;
const JSONL_ROUNDS = 3;

type Json = Record<string, unknown>;

const ACCOUNT = '111122223333';
const OTHER_ACCOUNT = '444455556666';

// ---------------------------------------------------------------------------------------------------------
// Scenario (a): 10 managed policies x 5 statements. s3, ec2 and dynamodb are each named by exactly two of
// them, so that (c), which adds 990 policies naming other services, asks the same questions.

function allow(action: string | string[], resource: string | string[], condition?: Json): Json {
  return { Effect: 'Allow', Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) };
}

function managed(...statements: Json[]): Json {
  return { Version: '2012-10-17', Statement: statements };
}

const USER_POLICIES: readonly Json[] = [
  managed( // s3 application data; the only aws:SourceIp condition and the only Deny
    allow(['s3:Get*', 's3:List*'], ['arn:aws:s3:::app-data', 'arn:aws:s3:::app-data/*'],
      { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } }),
    allow(['s3:PutObject', 's3:PutObjectTagging'], 'arn:aws:s3:::app-uploads/*'),
    { Sid: 'NoSecrets', Effect: 'Deny', Action: 's3:*Object', Resource: 'arn:aws:s3:::app-data/secret/*' },
    allow('s3:ListAllMyBuckets', '*'),
    allow(['s3:GetBucketLocation', 's3:GetBucketVersioning'], 'arn:aws:s3:::*'),
  ),
  managed( // ec2 operations
    allow('ec2:Describe*', '*'),
    allow(['ec2:StartInstances', 'ec2:StopInstances', 'ec2:RebootInstances'], `arn:aws:ec2:*:${ACCOUNT}:instance/*`),
    allow('ec2:CreateTags', `arn:aws:ec2:*:${ACCOUNT}:*/*`),
    allow('ec2:*Snapshot*', 'arn:aws:ec2:*::snapshot/*'),
    allow('ec2:Get*', '*'),
  ),
  managed( // dynamodb tables
    allow('dynamodb:*Item', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`),
    allow(['dynamodb:Query', 'dynamodb:Scan'], `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders/index/*`),
    allow(['dynamodb:BatchGet*', 'dynamodb:BatchWrite*'], `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`),
    allow(['dynamodb:Describe*', 'dynamodb:List*'], '*'),
    allow('dynamodb:*Item', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/carts`),
  ),
  managed( // logs, and the s3 log bucket
    allow(['logs:CreateLogStream', 'logs:PutLogEvents'], `arn:aws:logs:*:${ACCOUNT}:log-group:/app/*`),
    allow('logs:Describe*', '*'),
    allow('s3:PutObject', 'arn:aws:s3:::app-logs/*'),
    allow('s3:List*', 'arn:aws:s3:::app-logs'),
    allow(['logs:Get*', 'logs:FilterLogEvents'], `arn:aws:logs:*:${ACCOUNT}:log-group:/app/*`),
  ),
  managed( // cloudwatch, and ec2 volumes
    allow(['cloudwatch:Get*', 'cloudwatch:List*', 'cloudwatch:Describe*'], '*'),
    allow('cloudwatch:PutMetricData', '*'),
    allow('ec2:DescribeVolume*', '*'),
    allow('ec2:CreateSnapshot', `arn:aws:ec2:*:${ACCOUNT}:volume/*`),
    allow('cloudwatch:PutMetricAlarm', `arn:aws:cloudwatch:*:${ACCOUNT}:alarm:app-*`),
  ),
  managed( // sqs, and dynamodb streams
    allow(['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'], `arn:aws:sqs:us-east-1:${ACCOUNT}:app-*`),
    allow(['sqs:Get*', 'sqs:List*'], '*'),
    allow(['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream'],
      `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders/stream/*`),
    allow('dynamodb:ListStreams', '*'),
    allow('sqs:ChangeMessageVisibility', `arn:aws:sqs:us-east-1:${ACCOUNT}:app-*`),
  ),
  managed(
    allow('sns:Publish', `arn:aws:sns:us-east-1:${ACCOUNT}:app-*`),
    allow(['sns:List*', 'sns:Get*'], '*'),
    allow('sns:Subscribe', `arn:aws:sns:us-east-1:${ACCOUNT}:app-events`),
    allow('sns:*Tag*', `arn:aws:sns:us-east-1:${ACCOUNT}:app-*`),
    allow('sns:ConfirmSubscription', '*'),
  ),
  managed(
    allow('lambda:InvokeFunction', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:app-*`),
    allow(['lambda:Get*', 'lambda:List*'], '*'),
    allow('lambda:UpdateFunctionCode', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:app-dev-*`),
    allow('lambda:*Alias', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:app-*`),
    allow('lambda:PublishVersion', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:app-*`),
  ),
  managed(
    allow(['kms:Decrypt', 'kms:GenerateDataKey*'], `arn:aws:kms:us-east-1:${ACCOUNT}:key/*`),
    allow(['kms:Describe*', 'kms:List*'], '*'),
    allow('kms:Encrypt', `arn:aws:kms:us-east-1:${ACCOUNT}:key/*`),
    allow('kms:ReEncrypt*', `arn:aws:kms:us-east-1:${ACCOUNT}:key/*`),
    allow('kms:GetPublicKey', '*'),
  ),
  managed( // IAM self-service, with a policy variable
    allow(['iam:GetUser', 'iam:ChangePassword'], `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`),
    allow(['iam:*AccessKey*'], `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`),
    allow('iam:GetAccountPasswordPolicy', '*'),
    allow(['iam:*MFADevice'], `arn:aws:iam::${ACCOUNT}:mfa/\${aws:username}`),
    allow('iam:ListVirtualMFADevices', '*'),
  ),
];

/** A request of a scenario and the decision it must get (and the policy type of the first reason). */
interface Case {
  readonly request: AuthorizeRequest;
  readonly decision: DecisionResult;
  readonly reasonType?: string;
}

const USER = { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, account: ACCOUNT } as const;

function userCase(action: string, arn: string, sourceIp: string, decision: DecisionResult): Case {
  return {
    request: {
      principal: USER, action, resource: { arn, account: ACCOUNT },
      context: {
        'aws:SourceIp': sourceIp, 'aws:SecureTransport': true, 'aws:CurrentTime': '2026-11-25T19:00:00Z',
        'aws:RequestedRegion': 'us-east-1',
      },
    },
    decision,
    reasonType: 'identity',
  };
}

const IN = '203.0.113.7';
const USER_CASES: readonly Case[] = [
  userCase('s3:GetObject', 'arn:aws:s3:::app-data/reports/2026-11.csv', IN, 'Allow'),
  userCase('s3:GetObject', 'arn:aws:s3:::app-data/secret/db-password', IN, 'ExplicitDeny'),
  userCase('s3:GetObject', 'arn:aws:s3:::app-data/reports/2026-11.csv', '192.0.2.10', 'ImplicitDeny'),
  userCase('s3:DeleteObject', 'arn:aws:s3:::app-data/reports/2026-10.csv', IN, 'ImplicitDeny'),
  userCase('ec2:DescribeInstances', '*', IN, 'Allow'),
  userCase('ec2:TerminateInstances', `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0abc1234def567890`, IN, 'ImplicitDeny'),
  userCase('dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`, IN, 'Allow'),
  userCase('dynamodb:DeleteTable', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`, IN, 'ImplicitDeny'),
];

// ---------------------------------------------------------------------------------------------------------
// Scenario (c): (a)'s 10 policies spread among 990 that name other services only.

const OTHER_SERVICES = [
  'iam', 'sts', 'sqs', 'sns', 'lambda', 'logs', 'cloudwatch', 'kms', 'ecr', 'ecs', 'eks', 'rds', 'elasticloadbalancing',
  'autoscaling', 'cloudformation', 'cloudfront', 'route53', 'acm', 'secretsmanager', 'ssm', 'states', 'events', 'kinesis',
  'firehose', 'glue', 'athena', 'redshift', 'elasticache', 'es', 'apigateway', 'execute-api', 'cognito-idp', 'sagemaker',
  'batch', 'codebuild', 'codecommit', 'codedeploy', 'codepipeline', 'config', 'cloudtrail', 'guardduty', 'securityhub',
  'organizations', 'backup', 'elasticfilesystem', 'fsx', 'glacier', 'transfer', 'workspaces', 'xray', 'appsync', 'amplify',
  'bedrock', 'ses', 'sso', 'iot', 'mq', 'kafka', 'airflow', 'emr-containers',
];

function fillerPolicy(i: number): Json {
  const svc = OTHER_SERVICES[i % OTHER_SERVICES.length] as string;
  return managed(
    allow([`${svc}:Describe*`, `${svc}:List*`], '*'),
    allow(`${svc}:Get*`, `arn:aws:${svc}:us-east-1:${ACCOUNT}:team-${i}/*`),
    allow([`${svc}:Create*`, `${svc}:Update*`], `arn:aws:${svc}:*:${ACCOUNT}:*`,
      { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } }),
    allow(`${svc}:Tag*`, '*', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] } }),
    { Effect: 'Deny', Action: `${svc}:Delete*`, Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
  );
}

/** 1,000 policies: (a)'s ten at positions 37, 137, ..., 937, fillers elsewhere. */
function manyPolicies(): Json[] {
  const out: Json[] = [];
  for (let i = 0; i < 1000; i++) out.push(i % 100 === 37 ? USER_POLICIES[(i - 37) / 100] as Json : fillerPolicy(i));
  return out;
}

/** Lower-cased service prefixes a policy's actions name. */
function servicesOf(policy: Json): Set<string> {
  const out = new Set<string>();
  for (const s of policy.Statement as Json[]) {
    for (const a of ([] as string[]).concat(s.Action as string | string[])) out.add(a.slice(0, a.indexOf(':')).toLowerCase());
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Scenario (b): a role session of account A reading a bucket of account B.

const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/deployer`;
const BUCKET = 'arn:aws:s3:::partner-exchange';

const ROLE_POLICIES: readonly Json[] = [
  managed(
    allow(['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:PutObjectAcl'], `${BUCKET}/*`),
    allow('s3:ListBucket', BUCKET),
  ),
  managed(allow('s3:Get*', 'arn:aws:s3:::partner-*/*', { StringEquals: { 'aws:PrincipalTag/team': 'payments' } })),
  managed(allow(['sqs:SendMessage', 'sqs:GetQueueUrl'], `arn:aws:sqs:*:${ACCOUNT}:deploy-*`)),
];
const BOUNDARY = managed(allow(['s3:Get*', 's3:List*', 's3:PutObject*'], '*'), allow('sqs:*', '*'));
const FULL_ACCESS = managed(allow('*', '*'));
const SCP_LEVELS: readonly (readonly Json[])[] = [
  [FULL_ACCESS],
  [FULL_ACCESS, managed({ Effect: 'Deny', Action: ['s3:DeleteBucket', 's3:PutBucketPolicy'], Resource: '*' })],
  [
    managed(allow(['s3:*', 'sqs:*', 'kms:*', 'logs:*'], '*')),
    managed({ Sid: 'NoAcls', Effect: 'Deny', Action: 's3:PutObjectAcl', Resource: '*' }),
  ],
];
const SESSION_POLICY = managed(allow(['s3:GetObject', 's3:ListBucket', 's3:DeleteObject', 's3:PutObjectAcl'], [BUCKET, `${BUCKET}/*`]));
const BUCKET_POLICY: Json = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'PartnerDeployer', Effect: 'Allow', Principal: { AWS: ROLE_ARN },
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: `${BUCKET}/*`,
      Condition: { Bool: { 'aws:SecureTransport': 'true' } },
    },
    {
      Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [BUCKET, `${BUCKET}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ],
};

function sessionCase(action: string, arn: string, decision: DecisionResult, reasonType: string): Case {
  return {
    request: {
      principal: {
        type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci-run-42`, account: ACCOUNT,
        roleArn: ROLE_ARN, tags: { team: 'payments' },
      },
      action, resource: { arn, account: OTHER_ACCOUNT },
      context: { 'aws:SourceIp': IN, 'aws:SecureTransport': true, 'aws:CurrentTime': '2026-11-25T19:00:00Z' },
    },
    decision,
    reasonType,
  };
}

const SESSION_CASES: readonly Case[] = [
  sessionCase('s3:GetObject', `${BUCKET}/inbox/2026-11-25.csv`, 'Allow', 'scp'),
  sessionCase('s3:PutObject', `${BUCKET}/outbox/report.csv`, 'ImplicitDeny', 'session'),
  sessionCase('s3:DeleteObject', `${BUCKET}/outbox/old.csv`, 'ImplicitDeny', 'boundary'),
  sessionCase('s3:PutObjectAcl', `${BUCKET}/outbox/report.csv`, 'ExplicitDeny', 'scp'),
  sessionCase('s3:ListBucket', BUCKET, 'ImplicitDeny', 'resource'),
];

// ---------------------------------------------------------------------------------------------------------
// Compiling and checking.

function compile(policy: Json, principal: 'forbidden' | 'required' = 'forbidden'): CompiledPolicy {
  const parsed = parsePolicy(policy, { principal });
  if (parsed.policy === undefined) throw new Error(`bench policy is invalid: ${JSON.stringify(parsed.problems)}`);
  return compilePolicy(parsed.policy);
}

function userSet(policies: readonly Json[]): CompiledPolicySet {
  return compilePolicySet({ identity: policies.map((p) => compile(p)) });
}

function sessionSet(): CompiledPolicySet {
  return compilePolicySet({
    identity: ROLE_POLICIES.map((p) => compile(p)),
    boundary: [compile(BOUNDARY)],
    scps: SCP_LEVELS.map((level) => level.map((p) => compile(p))),
    session: [compile(SESSION_POLICY)],
    resource: [{ account: OTHER_ACCOUNT, policy: compile(BUCKET_POLICY, 'required') }],
  });
}

/** Throws unless every case gets its expected decision (and first reason type). */
function check(name: string, set: CompiledPolicySet, cases: readonly Case[]): void {
  for (const c of cases) {
    const got: Decision = authorize(set, prepareRequest(c.request));
    const first = got.reasons[0];
    const type = first === undefined || first.kind === 'RootUser' ? undefined : first.policyType;
    if (got.decision !== c.decision || (c.reasonType !== undefined && type !== c.reasonType)) {
      throw new Error(`scenario ${name}: ${c.request.action} on ${c.request.resource.arn} decided ${JSON.stringify(got)}, ` +
        `expected ${c.decision} (${c.reasonType ?? 'any'})`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Timing. Two loops, one per way of deciding; each counts decisions that differ from the expected one.

/** `authorize` on requests prepared once (the context's parsed values stay cached between decisions). */
function authorizeLoop(set: CompiledPolicySet, prepared: readonly PreparedRequest[], expected: readonly DecisionResult[], n: number): number {
  let wrong = 0;
  const k = prepared.length;
  for (let i = 0, j = 0; i < n; i++) {
    if (authorize(set, prepared[j] as PreparedRequest).decision !== expected[j]) wrong++;
    if (++j === k) j = 0;
  }
  return wrong;
}

/** `prepareRequest` + `authorize`: each decision starts from the typed request, as a server's would. */
function decideLoop(set: CompiledPolicySet, requests: readonly AuthorizeRequest[], expected: readonly DecisionResult[], n: number): number {
  let wrong = 0;
  const k = requests.length;
  for (let i = 0, j = 0; i < n; i++) {
    if (authorize(set, prepareRequest(requests[j] as AuthorizeRequest)).decision !== expected[j]) wrong++;
    if (++j === k) j = 0;
  }
  return wrong;
}

/** `1234567.8` -> `1,234,568`. */
const formatRate = (value: number) => Math.round(value).toLocaleString('en-US');

const now = () => Number(process.hrtime.bigint()) / 1e9;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] as number : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function summarise(scenario: string, what: string, unit: string, rates: readonly number[], operationsPerRound: number): Measurement {
  return { scenario, what, unit, median: median(rates), min: Math.min(...rates), max: Math.max(...rates), rounds: rates, operationsPerRound };
}

/** Warms up for about a second, sizes rounds of about half a second, and times ROUNDS of them. */
function time(scenario: string, what: string, cases: readonly Case[], once: (n: number) => number): Measurement {
  const k = cases.length;
  let n = k * 1000;
  let done = 0;
  const start = now();
  while (now() - start < WARMUP_SECONDS) {
    if (once(n) !== 0) throw new Error(`scenario ${scenario}: a decision differs from the expected one`);
    done += n;
  }
  n = Math.max(k, Math.round((done / (now() - start)) * ROUND_SECONDS / k) * k);
  const rates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = now();
    const wrong = once(n);
    const seconds = now() - t0;
    if (wrong !== 0) throw new Error(`scenario ${scenario}: ${wrong} decisions differ from the expected ones`);
    rates.push(n / seconds);
  }
  return summarise(scenario, what, 'decisions/s', rates, n);
}

function timeScenario(scenario: string, label: string, set: CompiledPolicySet, cases: readonly Case[]): Measurement[] {
  check(scenario, set, cases);
  const expected = cases.map((c) => c.decision);
  const requests = cases.map((c) => c.request);
  const prepared = requests.map((r) => prepareRequest(r));
  return [
    time(scenario, `${label}: prepareRequest + authorize`, cases, (n) => decideLoop(set, requests, expected, n)),
    time(scenario, `${label}: authorize (request prepared once)`, cases, (n) => authorizeLoop(set, prepared, expected, n)),
  ];
}

// ---------------------------------------------------------------------------------------------------------
// Scenario (d): the CLI end to end.

/** The sources `ward policy decide` runs: when any is newer than dist, dist is stale. */
const DECIDE_SOURCES = ['cli', 'evaluation', 'policy', 'kernel'];

/**
 * The command that runs the CLI: the build in dist (rebuilt first when stale), or tsx when the build fails
 * (other work in progress may not typecheck).
 */
function cliCommand(notes: string[]): { args: string[]; label: string } {
  let built = join(ROOT, 'dist', 'cli', 'ward.js');
  if (distIsStale(ROOT, DECIDE_SOURCES)) {
    const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status === 0) notes.push('(d): dist was missing or older than src; rebuilt with `npm run build` first.');
    else built = '';
  }
  if (built !== '') {
    return { args: [built, 'policy', 'decide', '--jsonl'], label: 'node dist/cli/ward.js policy decide --jsonl' };
  }
  notes.push('(d): `npm run build` failed; the CLI ran under tsx (slower start, same engine).');
  return {
    args: ['--import', 'tsx', join(ROOT, 'src', 'cli', 'ward.ts'), 'policy', 'decide', '--jsonl'],
    label: 'node --import tsx src/cli/ward.ts policy decide --jsonl',
  };
}

/** A JSONL workload: the `policies` member of every line and the requests it cycles through. */
interface Workload {
  readonly policies: Json;
  readonly cases: readonly Case[];
}

/** (d): scenario (a) as lines, each carrying the request and (a)'s 10 policies. */
const JSONL_A: Workload = { policies: { identity: USER_POLICIES }, cases: USER_CASES };

/** For comparison only: the s3 requests of (a) against the one s3 policy, lines about a tenth as long. */
const JSONL_SMALL: Workload = { policies: { identity: [USER_POLICIES[0]] }, cases: USER_CASES.slice(0, 4) };

/** Writes `lines` JSONL decide inputs cycling through the workload's requests; returns bytes per line. */
async function writeJsonl(file: string, lines: number, workload: Workload): Promise<number> {
  const texts = workload.cases.map((c) => `${JSON.stringify({ request: c.request, policies: workload.policies })}\n`);
  const out = createWriteStream(file);
  let chunk = '';
  for (let i = 0; i < lines; i++) {
    chunk += texts[i % texts.length] as string;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((resolve, reject) => out.on('finish', resolve).on('error', reject));
  return texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0) / texts.length;
}

/** Runs the CLI once on the file; returns the seconds taken and throws unless every output line is right. */
function runCli(args: readonly string[], file: string, lines: number, cases: readonly Case[]): Promise<number> {
  const expected = cases.map((c) => `{"decision":"${c.decision}"`);
  const fd = openSync(file, 'r');
  const start = now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: [fd, 'pipe', 'pipe'] });
  closeSync(fd);
  const { stdout, stderr: errors } = child;
  if (stdout === null || errors === null) throw new Error('(d): the CLI has no stdout or stderr pipe');
  let pending = '';
  let count = 0;
  let wrong = 0;
  let stderr = '';
  stdout.setEncoding('utf8');
  stdout.on('data', (data: string) => {
    pending += data;
    let from = 0;
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', from)) {
      if (!pending.startsWith(expected[count % expected.length] as string, from)) wrong++;
      count++;
      from = nl + 1;
    }
    pending = pending.slice(from);
  });
  errors.setEncoding('utf8');
  errors.on('data', (data: string) => (stderr += data));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = now() - start;
      if (code !== 0) reject(new Error(`(d): the CLI exited with ${code}: ${stderr}`));
      else if (count !== lines || wrong !== 0) reject(new Error(`(d): ${count} output lines for ${lines} inputs, ${wrong} wrong decisions`));
      else resolve(seconds);
    });
  });
}

/** Times the CLI on a workload: one untimed run (page cache, compile cache of the OS), then JSONL_ROUNDS. */
async function timeCliWorkload(
  scenario: string, what: string, args: readonly string[], dir: string, workload: Workload, notes: string[],
): Promise<Measurement> {
  const file = join(dir, `${scenario}.jsonl`);
  const bytes = await writeJsonl(file, JSONL_LINES, workload);
  notes.push(`(${scenario}): ${formatRate(JSONL_LINES)} lines of ~${formatRate(bytes)} bytes each.`);
  await runCli(args, file, JSONL_LINES, workload.cases);
  const rates: number[] = [];
  for (let r = 0; r < JSONL_ROUNDS; r++) rates.push(JSONL_LINES / (await runCli(args, file, JSONL_LINES, workload.cases)));
  rmSync(file, { force: true });
  return summarise(scenario, what, 'decisions/s', rates, JSONL_LINES);
}

/** (d) end to end, the CLI's start-up alone, and (d-small) for comparison. */
async function timeCli(notes: string[]): Promise<Measurement[]> {
  const { args, label } = cliCommand(notes);
  const dir = mkdtempSync(join(tmpdir(), 'ward-bench-'));
  try {
    const empty = join(dir, 'empty.jsonl');
    await writeJsonl(empty, 0, JSONL_A);
    const starts: number[] = [];
    for (let r = 0; r < 3; r++) starts.push(await runCli(args, empty, 0, JSONL_A.cases));
    notes.push(`(d): the CLI's start and exit on empty input take ${(median(starts) * 1000).toFixed(0)} ms (median of 3).`);
    notes.push('(d): stdin redirected from a file, output read through a pipe, wall clock from spawn to exit.');
    const d = await timeCliWorkload('d', `${label}, (a) lines`, args, dir, JSONL_A, notes);
    const small = await timeCliWorkload('d-small', `${label}, (a)'s s3 policy only`, args, dir, JSONL_SMALL, notes);
    return [d, small];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------

/** Runs scenarios (a) to (d) and checks the targets of issue 3. */
export async function run(): Promise<BenchResult> {
  const notes: string[] = [];
  const many = manyPolicies();
  for (const service of ['s3', 'ec2', 'dynamodb']) {
    const naming = many.filter((p) => servicesOf(p).has(service)).length;
    if (naming !== 2) throw new Error(`scenario c: ${naming} policies name ${service}, expected 2`);
  }
  const a = timeScenario('a', 'user, 10 policies x 5', userSet(USER_POLICIES), USER_CASES);
  const b = timeScenario('b', 'cross-account session', sessionSet(), SESSION_CASES);
  const c = timeScenario('c', 'user, 1,000 policies', userSet(many), USER_CASES);
  const [d, dSmall] = (await timeCli(notes)) as [Measurement, Measurement];
  const [aFull, aAuth] = a as [Measurement, Measurement];
  const [cFull, cAuth] = c as [Measurement, Measurement];
  const ratioFull = aFull.median / cFull.median;
  const ratioAuth = aAuth.median / cAuth.median;
  const targets: TargetCheck[] = [
    { target: '(a) >= 1,000,000 decisions/s, prepareRequest + authorize', measured: formatRate(aFull.median), pass: aFull.median >= 1e6 },
    { target: '(a) >= 1,000,000 decisions/s, authorize alone', measured: formatRate(aAuth.median), pass: aAuth.median >= 1e6 },
    { target: '(c) cost within 2x of (a), prepareRequest + authorize', measured: `${ratioFull.toFixed(2)}x`, pass: ratioFull <= 2 },
    { target: '(c) cost within 2x of (a), authorize alone', measured: `${ratioAuth.toFixed(2)}x`, pass: ratioAuth <= 2 },
    { target: '(d) ward policy decide --jsonl >= 100,000 decisions/s end to end', measured: formatRate(d.median), pass: d.median >= 1e5 },
  ];
  notes.push('Medians of rounds on one thread after a warm-up; every decision is checked against the expected one.');
  return {
    title: 'policy engine (issue 3, item 8)',
    measurements: [...a, ...b, ...c, d, dSmall],
    derived: [
      { label: '(c)/(a) cost per decision, prepareRequest + authorize', value: `${ratioFull.toFixed(2)}x` },
      { label: '(c)/(a) cost per decision, authorize alone', value: `${ratioAuth.toFixed(2)}x` },
      { label: '(b)/(a) cost per decision, prepareRequest + authorize', value: `${(aFull.median / (b[0] as Measurement).median).toFixed(2)}x` },
    ],
    targets,
    notes,
  };
}
