import { readFile } from 'node:fs/promises';
import { isAwsError } from '../kernel/index.js';
import { parsePolicy, policySize, policySizeLimit, type PolicyKind } from '../policy/index.js';
import {
  compileDecidePolicies, decide, decideCompiled, type CompiledPolicySet, type DecideOutput,
} from '../evaluation/index.js';

/** The streams a command uses (process's in production, buffers in tests). */
export interface PolicyCommandIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

const USAGE = `usage:
  ward policy decide [--jsonl] < input        decide one request (or one per line with --jsonl)
  ward policy validate FILE [--kind KIND]     print every problem of a policy document
kinds: managed, inline-user, inline-group, inline-role, trust, resource, boundary, session, scp, rcp
`;

const KINDS: readonly PolicyKind[] = [
  'managed', 'inline-user', 'inline-group', 'inline-role', 'trust', 'resource', 'boundary', 'session', 'scp', 'rcp',
];

/** Exit codes: 0 success, 1 invalid policy (validate), 2 malformed input or usage. */
const MALFORMED = 2;

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  stream.setEncoding('utf8');
  for await (const chunk of stream) text += chunk as string;
  return text;
}

function errorMessage(error: unknown): string {
  if (error instanceof SyntaxError) return `malformed JSON: ${error.message}`;
  if (isAwsError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

async function decideOne(io: PolicyCommandIo): Promise<number> {
  let output: DecideOutput;
  try {
    output = decide(JSON.parse(await readAll(io.stdin)) as unknown);
  } catch (error) {
    io.stderr.write(`ward policy decide: ${errorMessage(error)}\n`);
    return MALFORMED;
  }
  io.stdout.write(`${JSON.stringify(output)}\n`);
  return 0;
}

/** Compiled policy sets by the JSON text of `policies`: requests of one principal repeat the same text. */
class CompileCache {
  private readonly map = new Map<string, CompiledPolicySet>();
  constructor(private readonly limit = 1024) {}

  get(text: string): CompiledPolicySet {
    let compiled = this.map.get(text);
    if (compiled === undefined) {
      compiled = compileDecidePolicies(JSON.parse(text) as unknown);
      if (this.map.size >= this.limit) this.map.delete(this.map.keys().next().value as string);
      this.map.set(text, compiled);
    }
    return compiled;
  }
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Index after the JSON string starting at `i` (a quote), or -1. */
function skipString(text: string, i: number): number {
  for (i++; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34) return i + 1;
  }
  return -1;
}

/** Index after the JSON value starting at `i`, or -1; the value itself is checked later by JSON.parse. */
function skipValue(text: string, i: number): number {
  let depth = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      i = skipString(text, i) - 1;
      if (i < 0) return -1;
    } else if (c === 123 || c === 91) {
      depth++;
    } else if (c === 125 || c === 93) {
      if (depth === 0) return i;
      if (--depth === 0) return i + 1;
    } else if (c === 44 && depth === 0) {
      return i;
    }
  }
  return depth === 0 ? i : -1;
}

/**
 * The raw text of the top-level `request` and `policies` members of a line, so that repeated policies are
 * looked up by text without being parsed again; `undefined` when the line has another shape (the caller
 * then parses it whole, which reports any error).
 */
function members(line: string): { request: string; policies: string } | undefined {
  let i = skipSpace(line, 0);
  if (line.charCodeAt(i) !== 123) return undefined;
  const found: Record<string, string> = {};
  for (i = skipSpace(line, i + 1); ;) {
    if (line.charCodeAt(i) !== 34) return undefined;
    const keyEnd = skipString(line, i);
    if (keyEnd < 0) return undefined;
    const key = line.slice(i + 1, keyEnd - 1);
    if (key !== 'request' && key !== 'policies') return undefined;
    i = skipSpace(line, keyEnd);
    if (line.charCodeAt(i) !== 58) return undefined;
    const start = skipSpace(line, i + 1);
    const end = skipValue(line, start);
    if (end < 0) return undefined;
    found[key] = line.slice(start, end).trimEnd();
    i = skipSpace(line, end);
    const c = line.charCodeAt(i);
    if (c === 44) {
      i = skipSpace(line, i + 1);
      continue;
    }
    if (c !== 125 || skipSpace(line, i + 1) !== line.length) return undefined;
    break;
  }
  const { request, policies } = found;
  return request !== undefined && policies !== undefined ? { request, policies } : undefined;
}

function decideLine(line: string, cache: CompileCache): DecideOutput {
  const parts = members(line);
  if (parts === undefined) return decide(JSON.parse(line) as unknown);
  const policies = cache.get(parts.policies);
  return decideCompiled(policies, JSON.parse(parts.request) as unknown);
}

/**
 * One request per line, one decision per line, streamed. The first malformed line stops the run with a
 * message on stderr and exit code 2; the decisions before it have been written.
 */
async function decideLines(io: PolicyCommandIo): Promise<number> {
  const cache = new CompileCache();
  let pending = '';
  let lineNumber = 0;
  let out = '';
  const flush = async () => {
    if (out === '') return;
    const chunk = out;
    out = '';
    if (!io.stdout.write(chunk)) await new Promise<void>((resolve) => io.stdout.once('drain', () => resolve()));
  };
  const handle = (line: string): boolean => {
    lineNumber++;
    if (line.trim() === '') return true;
    try {
      out += `${JSON.stringify(decideLine(line, cache))}\n`;
      return true;
    } catch (error) {
      io.stderr.write(`ward policy decide: line ${lineNumber}: ${errorMessage(error)}\n`);
      return false;
    }
  };
  io.stdin.setEncoding('utf8');
  for await (const chunk of io.stdin) {
    pending += chunk as string;
    let newline = pending.indexOf('\n');
    let start = 0;
    while (newline >= 0) {
      if (!handle(pending.slice(start, newline))) {
        await flush();
        return MALFORMED;
      }
      start = newline + 1;
      newline = pending.indexOf('\n', start);
    }
    pending = pending.slice(start);
    if (out.length > 65536) await flush();
  }
  if (pending !== '' && !handle(pending)) {
    await flush();
    return MALFORMED;
  }
  await flush();
  return 0;
}

async function validate(args: string[], io: PolicyCommandIo): Promise<number> {
  let file: string | undefined;
  let kind: PolicyKind | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--kind') {
      const value = args[++i];
      if (value === undefined || !(KINDS as readonly string[]).includes(value)) {
        io.stderr.write(`ward policy validate: --kind must be one of ${KINDS.join(', ')}\n`);
        return MALFORMED;
      }
      kind = value as PolicyKind;
    } else if (file === undefined) {
      file = arg;
    } else {
      io.stderr.write(USAGE);
      return MALFORMED;
    }
  }
  if (file === undefined) {
    io.stderr.write(USAGE);
    return MALFORMED;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.stderr.write(`ward policy validate: cannot read ${file}: ${errorMessage(error)}\n`);
    return MALFORMED;
  }
  const problems = [...parsePolicy(text, kind ? { kind } : {}).problems];
  if (kind !== undefined) {
    const limit = policySizeLimit(kind);
    const size = policySize(text, kind);
    if (limit !== undefined && size > limit) {
      problems.push({ path: '', message: `Cannot exceed quota for PolicySize: ${limit} (the policy has ${size} characters).` });
    }
  }
  for (const p of problems) io.stdout.write(`${p.path === '' ? '(document)' : p.path}: ${p.message}\n`);
  if (problems.length > 0) return 1;
  io.stdout.write(`${file}: valid\n`);
  return 0;
}

/**
 * `ward policy ...`: `decide` (one JSON request on stdin -> one JSON line), `decide --jsonl` (one request
 * per line, streamed), `validate FILE [--kind KIND]`. Returns the exit code: 0 ok, 1 invalid policy,
 * 2 malformed input or usage.
 */
export async function policyCommand(args: string[], io: PolicyCommandIo): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'decide') {
    if (rest.length === 0) return decideOne(io);
    if (rest.length === 1 && rest[0] === '--jsonl') return decideLines(io);
  } else if (command === 'validate') {
    return validate(rest, io);
  }
  io.stderr.write(USAGE);
  return MALFORMED;
}
