import { AwsError } from '../../kernel/index.js';
import type { MemberRef, ServiceModel, Shape } from '../service-model.js';
import { lengthOf, shapePattern } from '../shape-constraints.js';
import { type ConstraintViolation, validationError } from './validation-error.js';

/** A value read from a Query request: scalars typed by the model, lists as arrays, maps as records. */
export type QueryValue = string | number | boolean | Date | Uint8Array | QueryValue[] | { [key: string]: QueryValue };

/** The typed input of an operation: member name → value, absent members left out. */
export type QueryInput = Record<string, QueryValue>;

/**
 * Reads an operation's input from AWS Query parameters (`UserName=x`, `Tags.member.1.Key=k`,
 * `Attributes.entry.1.key=...`) as the model's input shape describes, and checks the model's
 * constraints (required, length, pattern, enum, range). Throws AWS's `ValidationError` listing every
 * violation, or `MalformedInput`-style errors for values of the wrong type.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html
 */
export function parseQueryInput(params: URLSearchParams, model: ServiceModel, shapeName: string | undefined): QueryInput {
  if (shapeName === undefined) return {};
  const shape = model.shapes[shapeName];
  if (shape === undefined) throw new Error(`model has no shape ${shapeName}`);
  const violations: ConstraintViolation[] = [];
  const value = readStructure(new Source(params), model, shape, '', '', violations);
  if (violations.length > 0) throw validationError(violations);
  return value;
}

function lowerCamel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/**
 * Longer than any parameter name an AWS Query model spells (`ContextEntries.member.10.ContextKeyValues.
 * member.1` is under 60 characters): prefixes past it are never asked for.
 */
export const MAX_NAME_LENGTH = 256;

/** The parameters, and (made on first use) every dotted prefix of their names (`Tags`, `Tags.member`, ...). */
class Source {
  #prefixes: Set<string> | undefined;

  constructor(readonly params: URLSearchParams) {}

  /** True when some parameter is named `prefix` or starts with `prefix.`: one lookup, however many parameters. */
  hasPrefix(prefix: string): boolean {
    return (this.#prefixes ??= prefixesOf(this.params)).has(prefix);
  }
}

function prefixesOf(params: URLSearchParams): Set<string> {
  const prefixes = new Set<string>();
  for (const key of params.keys()) {
    // Only prefixes as short as a model's parameter names can be: a long name's every prefix would cost its
    // length to hash (a 1 MB body of dotted names took seconds), and none of them can name a member.
    for (let dot = key.indexOf('.'); dot !== -1 && dot <= MAX_NAME_LENGTH; dot = key.indexOf('.', dot + 1)) {
      prefixes.add(key.slice(0, dot));
    }
    prefixes.add(key);
  }
  return prefixes;
}

/** A structure member: its parameter name and its path in validation messages, below the structure's own. */
interface MemberPlan {
  readonly name: string;
  readonly member: MemberRef;
  readonly key: string;
  readonly path: string;
  readonly required: boolean;
}

// By shape (the models are static): a structure's members, worked out once.
const MEMBER_PLANS = new WeakMap<Shape, readonly MemberPlan[]>();

function memberPlans(shape: Shape): readonly MemberPlan[] {
  let members = MEMBER_PLANS.get(shape);
  if (members === undefined) {
    members = Object.entries(shape.members ?? {}).map(([name, member]) => ({
      name, member, key: member.locationName ?? name, path: lowerCamel(name), required: shape.required?.includes(name) === true,
    }));
    MEMBER_PLANS.set(shape, members);
  }
  return members;
}

function readStructure(
  source: Source, model: ServiceModel, shape: Shape, prefix: string, path: string, violations: ConstraintViolation[],
): QueryInput {
  const out: QueryInput = {};
  for (const plan of memberPlans(shape)) {
    const key = prefix === '' ? plan.key : `${prefix}.${plan.key}`;
    const memberPath = path === '' ? plan.path : `${path}.${plan.path}`;
    const value = readMember(source, model, plan.member, key, memberPath, violations);
    if (value !== undefined) out[plan.name] = value;
    else if (plan.required) violations.push({ path: memberPath, constraint: 'Member must not be null' });
  }
  return out;
}

function readMember(
  source: Source, model: ServiceModel, member: MemberRef, key: string, path: string, violations: ConstraintViolation[],
): QueryValue | undefined {
  const shape = model.shapes[member.shape];
  if (shape === undefined) throw new Error(`model has no shape ${member.shape}`);
  let value: QueryValue | undefined;
  switch (shape.type) {
    case 'structure':
      if (!source.hasPrefix(key)) return undefined;
      value = readStructure(source, model, shape, key, path, violations);
      break;
    case 'list':
      value = readList(source, model, shape, member, key, path, violations);
      break;
    case 'map':
      value = readMap(source, model, shape, key, path, violations);
      break;
    default: {
      const text = source.params.get(key);
      if (text === null) return undefined;
      value = readScalar(shape, text, path);
    }
  }
  if (value !== undefined) checkConstraints(shape, value, path, violations);
  return value;
}

function readList(
  source: Source, model: ServiceModel, shape: Shape, ref: MemberRef, key: string, path: string,
  violations: ConstraintViolation[],
): QueryValue[] | undefined {
  const item = shape.member;
  if (item === undefined) return undefined;
  const flattened = shape.flattened === true || ref.flattened === true;
  const base = flattened ? key : `${key}.${item.locationName ?? 'member'}`;
  // An empty list is sent as `Key=` (botocore) — present but without members.
  const present = source.params.has(key) || source.hasPrefix(base);
  if (!present) return undefined;
  const out: QueryValue[] = [];
  for (let i = 1; ; i++) {
    const itemKey = `${base}.${i}`;
    if (!source.hasPrefix(itemKey)) break;
    const value = readMember(source, model, item, itemKey, `${path}.${i}.member`, violations);
    if (value !== undefined) out.push(value);
  }
  return out;
}

function readMap(
  source: Source, model: ServiceModel, shape: Shape, key: string, path: string, violations: ConstraintViolation[],
): Record<string, QueryValue> | undefined {
  if (shape.key === undefined || shape.value === undefined) return undefined;
  const base = shape.flattened ? key : `${key}.entry`;
  if (!source.params.has(key) && !source.hasPrefix(base)) return undefined;
  const out: Record<string, QueryValue> = {};
  for (let i = 1; ; i++) {
    const entry = `${base}.${i}`;
    const name = source.params.get(`${entry}.${shape.key.locationName ?? 'key'}`);
    if (name === null) break;
    const value = readMember(source, model, shape.value, `${entry}.${shape.value.locationName ?? 'value'}`, `${path}.${i}.value`, violations);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function readScalar(shape: Shape, text: string, path: string): QueryValue {
  switch (shape.type) {
    case 'integer':
    case 'long': {
      if (!/^-?\d+$/.test(text.trim())) throw malformed(path, text, 'an integer');
      return Number.parseInt(text, 10);
    }
    case 'double':
    case 'float': {
      const n = Number(text);
      if (text.trim() === '' || Number.isNaN(n)) throw malformed(path, text, 'a number');
      return n;
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw malformed(path, text, 'a boolean');
      return lower === 'true';
    }
    case 'timestamp': {
      const date = /^\d+(\.\d+)?$/.test(text) ? new Date(Number(text) * 1000) : new Date(text);
      if (Number.isNaN(date.getTime())) throw malformed(path, text, 'a timestamp');
      return date;
    }
    case 'blob': {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw malformed(path, text, 'base64 data');
      return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    }
    default:
      return text;
  }
}

function malformed(path: string, text: string, expected: string): AwsError {
  return new AwsError('MalformedInput', `Value '${text}' at '${path}' is not ${expected}.`, { status: 400 });
}

function checkConstraints(shape: Shape, value: QueryValue, path: string, violations: ConstraintViolation[]): void {
  const shown = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
  const base = { path, value: shown, sensitive: shape.sensitive === true };
  if (typeof value === 'number') {
    if (shape.min !== undefined && value < shape.min) violations.push({ ...base, constraint: `Member must have value greater than or equal to ${shape.min}` });
    if (shape.max !== undefined && value > shape.max) violations.push({ ...base, constraint: `Member must have value less than or equal to ${shape.max}` });
    return;
  }
  const length = lengthOf(value);
  if (length !== undefined) {
    if (shape.min !== undefined && length < shape.min) violations.push({ ...base, constraint: `Member must have length greater than or equal to ${shape.min}` });
    if (shape.max !== undefined && length > shape.max) violations.push({ ...base, constraint: `Member must have length less than or equal to ${shape.max}` });
  }
  if (typeof value === 'string') {
    if (shape.enum !== undefined && !shape.enum.includes(value)) {
      violations.push({ ...base, constraint: `Member must satisfy enum value set: [${shape.enum.join(', ')}]` });
    }
    const pattern = shapePattern(shape);
    if (pattern !== null && !pattern.test(value)) {
      violations.push({ ...base, constraint: `Member must satisfy regular expression pattern: ${shape.pattern}` });
    }
  }
}
