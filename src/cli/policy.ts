import { fstatSync, read } from 'node:fs';
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

/** A `policies` text already compiled: its UTF-8 bytes, to be found again in later lines. */
interface KnownPolicies {
  readonly bytes: Buffer;
  readonly compiled: CompiledPolicySet;
  /** How many bytes followed the text in the last line it was found in (where to look first). */
  tail: number;
}

/** Decides a line (text) as the interface defines it; `remember` learns the policies text the line used. */
function decideLine(line: string, cache: CompileCache, remember: (text: string, compiled: CompiledPolicySet) => void): DecideOutput {
  const parts = members(line);
  if (parts === undefined) return decide(JSON.parse(line) as unknown);
  const policies = cache.get(parts.policies);
  remember(parts.policies, policies);
  return decideCompiled(policies, JSON.parse(parts.request) as unknown);
}

const POLICIES_KEY = Buffer.from('"policies":');
/** Policy texts remembered for the fast path, most recent first. */
const KNOWN_LIMIT = 4;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const COMMA = 44;

/** True when the bytes at `at` are `"policies":` (a loop: `Buffer.compare` costs more for 11 bytes). */
function keyAt(bytes: Buffer, at: number): boolean {
  for (let i = 0; i < POLICIES_KEY.length; i++) if (bytes[at + i] !== POLICIES_KEY[i]) return false;
  return true;
}

/** True when `text` from `from` on is JSON white space only. */
function blankFrom(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/**
 * Decides JSONL lines given as bytes. Most streams repeat one principal's policies on every line, so the
 * policies are found by their bytes and the line is parsed without them:
 *
 * 1. the bytes of a `policies` text compiled before (the last few) are looked for right after a
 *    `"policies":` of the line: where they were in the last line, counted from its end, else after the
 *    first or the last `"policies":` (`Buffer.indexOf`); then the whole text is compared byte for byte;
 * 2. the rest of the line, with that value replaced by `null`, must parse as a JSON object whose
 *    `policies` is `null`; and the replaced value must be the object's effective (last, top-level)
 *    `policies`: either it is the last member (what follows is `}` and white space, and `"policies":`
 *    follows `{` or `,`, so that the key is exactly `policies`), or, parsed once more with `0` in its
 *    place, the object's `policies` is `0` — only that token differs between the two texts, so the
 *    object's `policies` is that token and nothing else;
 * 3. the object has no member but `request` and `policies`, and a `request`.
 *
 * Then the line, parsed whole, would be that object with `policies` the known text parsed — a complete
 * JSON value substituted for a value token does not change how the rest parses — and the known compiled
 * set decides it, as the text cache would. Any other line (new policies, another shape, a blank line, an
 * error) takes the text path, which gives the decision or the error the interface defines; so do the
 * lines this path cannot vouch for.
 */
class LineDecider {
  private readonly cache = new CompileCache();
  private known: KnownPolicies[] = [];

  /** The decision of the line `bytes[start, end)`; `undefined` for a blank line. Throws on malformed input. */
  decide(bytes: Buffer, start: number, end: number): DecideOutput | undefined {
    const fast = this.fast(bytes, start, end);
    if (fast !== undefined) return fast;
    const line = bytes.toString('utf8', start, end);
    if (line.trim() === '') return undefined;
    return decideLine(line, this.cache, (text, compiled) => this.remember(text, compiled));
  }

  private remember(text: string, compiled: CompiledPolicySet): void {
    const bytes = Buffer.from(text, 'utf8');
    const known = this.known;
    if (known.length > 0 && (known[0] as KnownPolicies).bytes.equals(bytes)) return;
    const kept = known.filter((k) => !k.bytes.equals(bytes));
    kept.unshift({ bytes, compiled, tail: 1 });
    if (kept.length > KNOWN_LIMIT) kept.length = KNOWN_LIMIT;
    this.known = kept;
  }

  /**
   * The known policies found where they sat in the last line they were found in, counted from the end: lines
   * of one stream usually differ only in their request, which comes first. Returns the key's offset.
   */
  private knownAtTail(bytes: Buffer, start: number, end: number): { key: number; known: KnownPolicies } | undefined {
    for (const k of this.known) {
      const length = k.bytes.length;
      const at = end - k.tail - length;
      const key = at - POLICIES_KEY.length;
      if (key >= start && keyAt(bytes, key) && bytes.compare(k.bytes, 0, length, at, at + length) === 0) return { key, known: k };
    }
    return undefined;
  }

  /** The known policies whose bytes sit at `at` in the line. */
  private knownAt(bytes: Buffer, at: number, end: number): KnownPolicies | undefined {
    for (const k of this.known) {
      const length = k.bytes.length;
      if (at + length <= end && bytes.compare(k.bytes, 0, length, at, at + length) === 0) return k;
    }
    return undefined;
  }

  private fast(bytes: Buffer, start: number, end: number): DecideOutput | undefined {
    if (this.known.length === 0) return undefined;
    const guess = this.knownAtTail(bytes, start, end);
    let key: number;
    let known: KnownPolicies | undefined;
    if (guess !== undefined) {
      ({ key, known } = guess);
    } else {
      key = bytes.indexOf(POLICIES_KEY, start);
      if (key < 0 || key + POLICIES_KEY.length > end) return undefined;
      known = this.knownAt(bytes, key + POLICIES_KEY.length, end);
      if (known === undefined) {
        // The first "policies": may be a key inside the request; the top-level one is usually the last.
        const last = bytes.lastIndexOf(POLICIES_KEY, end - POLICIES_KEY.length);
        if (last <= key) return undefined;
        key = last;
        known = this.knownAt(bytes, key + POLICIES_KEY.length, end);
        if (known === undefined) return undefined;
      }
    }
    const valueStart = key + POLICIES_KEY.length;
    const before = bytes.toString('utf8', start, valueStart);
    const after = bytes.toString('utf8', valueStart + known.bytes.length, end);
    let root: unknown;
    try {
      root = JSON.parse(`${before}null${after}`);
    } catch {
      return undefined;
    }
    if (typeof root !== 'object' || root === null || Array.isArray(root)) return undefined;
    const input = root as Record<string, unknown>;
    if (input.policies !== null) return undefined;
    const keyFollows = key > start && (bytes[key - 1] === OPEN_BRACE || bytes[key - 1] === COMMA);
    const lastMember = keyFollows && after.charCodeAt(0) === CLOSE_BRACE && blankFrom(after, 1);
    if (!lastMember) {
      try {
        if ((JSON.parse(`${before}0${after}`) as Record<string, unknown>).policies !== 0) return undefined;
      } catch {
        return undefined;
      }
    }
    for (const name of Object.keys(input)) if (name !== 'request' && name !== 'policies') return undefined;
    if (input.request === undefined) return undefined;
    known.tail = end - valueStart - known.bytes.length;
    return decideCompiled(known.compiled, input.request);
  }
}

/** Output is written in batches of about this many characters. */
const OUTPUT_BATCH = 1 << 20;
/** A regular file on stdin is read in blocks of this many bytes. */
const FILE_BLOCK = 4 << 20;

/** Reads up to `buffer.length` bytes at the file's current position; resolves with the count (0 at the end). */
function readInto(fd: number, buffer: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    read(fd, buffer, 0, buffer.length, null, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead)));
  });
}

function isFile(fd: number): boolean {
  try {
    return fstatSync(fd).isFile();
  } catch {
    return false;
  }
}

/**
 * The bytes of stdin, chunk by chunk. A regular file (stdin redirected from a file) is read directly in large
 * blocks, the next block being read while the consumer works on the current one; anything else (a pipe, a
 * terminal, a stream in tests) through the stream. A chunk is valid until the next one is asked for.
 */
async function* inputChunks(stdin: NodeJS.ReadableStream): AsyncGenerator<Buffer> {
  const fd = (stdin as { fd?: unknown }).fd;
  if (typeof fd === 'number' && isFile(fd)) {
    let current = Buffer.allocUnsafe(FILE_BLOCK);
    let spare = Buffer.allocUnsafe(FILE_BLOCK);
    let next = readInto(fd, current);
    for (;;) {
      const length = await next;
      if (length === 0) return;
      next = readInto(fd, spare);
      yield current.subarray(0, length);
      [current, spare] = [spare, current];
    }
  }
  for await (const data of stdin) yield typeof data === 'string' ? Buffer.from(data, 'utf8') : (data as Buffer);
}

/**
 * One request per line, one decision per line, streamed. The first malformed line stops the run with a
 * message on stderr and exit code 2; the decisions before it have been written. Input is read as bytes
 * (lines split at byte 10, which UTF-8 never uses inside a character) and decided by {@link LineDecider};
 * decisions are written in large batches.
 */
async function decideLines(io: PolicyCommandIo): Promise<number> {
  const decider = new LineDecider();
  let lineNumber = 0;
  let out = '';
  const flush = async () => {
    if (out === '') return;
    const chunk = out;
    out = '';
    if (!io.stdout.write(chunk)) await new Promise<void>((resolve) => io.stdout.once('drain', () => resolve()));
  };
  const handle = (bytes: Buffer, start: number, end: number): boolean => {
    lineNumber++;
    try {
      const output = decider.decide(bytes, start, end);
      if (output !== undefined) out += `${JSON.stringify(output)}\n`;
      return true;
    } catch (error) {
      io.stderr.write(`ward policy decide: line ${lineNumber}: ${errorMessage(error)}\n`);
      return false;
    }
  };
  /** The start of a line begun in an earlier chunk (copied: a chunk's memory is reused). */
  let pending: Buffer[] = [];
  for await (const chunk of inputChunks(io.stdin)) {
    let start = 0;
    let newline = chunk.indexOf(10);
    if (pending.length > 0) {
      if (newline < 0) {
        pending.push(Buffer.from(chunk));
        continue;
      }
      pending.push(chunk.subarray(0, newline));
      const line = Buffer.concat(pending);
      pending = [];
      if (!handle(line, 0, line.length)) {
        await flush();
        return MALFORMED;
      }
      start = newline + 1;
      newline = chunk.indexOf(10, start);
    }
    while (newline >= 0) {
      if (!handle(chunk, start, newline)) {
        await flush();
        return MALFORMED;
      }
      start = newline + 1;
      newline = chunk.indexOf(10, start);
    }
    if (start < chunk.length) pending.push(Buffer.from(chunk.subarray(start)));
    if (out.length >= OUTPUT_BATCH) await flush();
  }
  if (pending.length > 0) {
    const line = Buffer.concat(pending);
    if (!handle(line, 0, line.length)) {
      await flush();
      return MALFORMED;
    }
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
