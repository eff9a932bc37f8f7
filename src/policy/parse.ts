import type {
  ConditionEntry, ConditionValue, Effect, Policy, PolicyKind, PolicyProblem, PolicyVersion, PrincipalBlock,
  PrincipalEntry, PrincipalType, Statement,
} from './types.js';
import { parseOperator } from './condition-operators.js';
import { isAccountId, parseArn } from '../kernel/index.js';

/** The outcome of parsing: the tree when there is no problem, and every problem found. */
export interface ParseResult {
  readonly policy?: Policy;
  readonly problems: readonly PolicyProblem[];
}

/** Options of {@link parsePolicy}. */
export interface ParseOptions {
  /** Where the policy is used: enables the rules that depend on it (Principal required/forbidden...). */
  readonly kind?: PolicyKind;
  /**
   * Only the Principal rule of a kind, without its other rules: `forbidden` for policies attached to an
   * identity or an organization node, `required` for resource-based policies. Defaults from `kind`.
   */
  readonly principal?: 'forbidden' | 'required';
}

const TOP_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set([
  'Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition',
]);
const PRINCIPAL_TYPES: readonly PrincipalType[] = ['AWS', 'Service', 'Federated', 'CanonicalUser'];
/** Kinds whose policies attach to an identity or org node: no Principal allowed. */
const NO_PRINCIPAL: ReadonlySet<PolicyKind> = new Set([
  'managed', 'inline-user', 'inline-group', 'inline-role', 'boundary', 'session', 'scp',
]);
const NEEDS_PRINCIPAL: ReadonlySet<PolicyKind> = new Set(['trust', 'resource', 'rcp']);

/**
 * Parses a policy document (JSON text or an already-parsed value) into a read-only tree, collecting every
 * problem with its JSON path (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html).
 * The tree is returned only when there are no problems.
 */
export function parsePolicy(input: unknown, options: ParseOptions = {}): ParseResult {
  let doc = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input) as unknown;
    } catch {
      return { problems: [{ path: '', message: 'Syntax errors in policy.' }] };
    }
  }
  const problems: PolicyProblem[] = [];
  const principal = options.principal ?? (options.kind === undefined ? undefined
    : NO_PRINCIPAL.has(options.kind) ? 'forbidden' : NEEDS_PRINCIPAL.has(options.kind) ? 'required' : undefined);
  const policy = new Parser(problems, options.kind, principal).document(doc);
  return problems.length === 0 && policy !== undefined ? { policy, problems } : { problems };
}

/** Validates a policy document: every problem with its JSON path; empty when it is valid. */
export function validatePolicy(input: unknown, options: ParseOptions = {}): readonly PolicyProblem[] {
  return parsePolicy(input, options).problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

class Parser {
  constructor(
    private readonly problems: PolicyProblem[],
    private readonly kind: PolicyKind | undefined,
    private readonly principalRule: 'forbidden' | 'required' | undefined,
  ) {}

  private problem(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  document(doc: unknown): Policy | undefined {
    if (!isObject(doc)) {
      this.problem('', `Policy document must be a JSON object, not ${describe(doc)}.`);
      return undefined;
    }
    for (const key of Object.keys(doc)) {
      if (!TOP_KEYS.has(key)) this.problem(key, `Unknown field ${key}.`);
    }
    let version: PolicyVersion | undefined;
    if ('Version' in doc) {
      const v = doc.Version;
      if (v === '2012-10-17' || v === '2008-10-17') version = v;
      else this.problem('Version', 'The policy must contain a valid version string (2012-10-17 or 2008-10-17).');
    }
    let id: string | undefined;
    if ('Id' in doc) {
      if (typeof doc.Id === 'string') id = doc.Id;
      else this.problem('Id', `Id must be a string, not ${describe(doc.Id)}.`);
    }
    const statements = this.statements(doc.Statement, 'Statement' in doc);
    const policy: Policy = { statements };
    return {
      ...(version !== undefined ? { version } : {}),
      ...(id !== undefined ? { id } : {}),
      ...policy,
    };
  }

  private statements(value: unknown, present: boolean): Statement[] {
    if (!present) {
      this.problem('Statement', 'Missing required field Statement.');
      return [];
    }
    const list = Array.isArray(value) ? value : [value];
    const single = !Array.isArray(value);
    if (list.length === 0) this.problem('Statement', 'Statement must contain at least one statement.');
    const out: Statement[] = [];
    const sids = new Map<string, number>();
    list.forEach((item, index) => {
      const path = single ? 'Statement' : `Statement[${index}]`;
      const statement = this.statement(item, path);
      if (statement === undefined) return;
      if (statement.sid !== undefined && statement.sid !== '') {
        if (sids.has(statement.sid)) this.problem(`${path}.Sid`, `Statement IDs (SID) must be unique: ${statement.sid}.`);
        else sids.set(statement.sid, index);
      }
      out.push(statement);
    });
    return out;
  }

  private statement(value: unknown, path: string): Statement | undefined {
    if (!isObject(value)) {
      this.problem(path, `A statement must be a JSON object, not ${describe(value)}.`);
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!STATEMENT_KEYS.has(key)) this.problem(`${path}.${key}`, `Statement has an unsupported element ${key}.`);
    }
    const s: {
      -readonly [K in keyof Statement]: Statement[K];
    } = { effect: 'Allow' };
    if ('Sid' in value) {
      if (typeof value.Sid === 'string') s.sid = value.Sid;
      else this.problem(`${path}.Sid`, `Sid must be a string, not ${describe(value.Sid)}.`);
      if (typeof value.Sid === 'string' && this.iamKind() && !/^[A-Za-z0-9]*$/.test(value.Sid)) {
        this.problem(`${path}.Sid`, 'Statement IDs (SID) must be alpha-numeric.');
      }
    }
    if (!('Effect' in value)) this.problem(`${path}.Effect`, 'Missing required field Effect.');
    else if (value.Effect === 'Allow' || value.Effect === 'Deny') s.effect = value.Effect as Effect;
    else this.problem(`${path}.Effect`, 'Effect must be Allow or Deny (case-sensitive).');

    this.exclusive(value, path, 'Principal', 'NotPrincipal');
    if ('Principal' in value) s.principal = this.principal(value.Principal, `${path}.Principal`);
    if ('NotPrincipal' in value) s.notPrincipal = this.principal(value.NotPrincipal, `${path}.NotPrincipal`);
    if (this.principalRule === 'forbidden' && ('Principal' in value || 'NotPrincipal' in value)) {
      this.problem(`${path}.${'Principal' in value ? 'Principal' : 'NotPrincipal'}`,
        'Policy document should not specify a principal.');
    }
    if (this.principalRule === 'required' && !('Principal' in value) && !('NotPrincipal' in value)) {
      this.problem(`${path}.Principal`, 'Missing required field Principal.');
    }
    if (this.kind === 'rcp' && s.principal && s.principal.kind !== 'Wildcard') {
      this.problem(`${path}.Principal`, 'A resource control policy must specify "Principal": "*".');
    }

    this.exclusive(value, path, 'Action', 'NotAction');
    if (!('Action' in value) && !('NotAction' in value)) {
      this.problem(`${path}.Action`, 'Policy statement must contain actions.');
    }
    if ('Action' in value) s.action = this.actions(value.Action, `${path}.Action`);
    if ('NotAction' in value) s.notAction = this.actions(value.NotAction, `${path}.NotAction`);

    this.exclusive(value, path, 'Resource', 'NotResource');
    if ('Resource' in value) s.resource = this.resources(value.Resource, `${path}.Resource`);
    if ('NotResource' in value) s.notResource = this.resources(value.NotResource, `${path}.NotResource`);
    const resourceOptional = this.kind === undefined || this.kind === 'trust';
    if (!resourceOptional && !s.resource && !s.notResource) {
      this.problem(`${path}.Resource`, 'Policy statement must contain resources.');
    }
    if ('Condition' in value) s.condition = this.condition(value.Condition, `${path}.Condition`);
    return s;
  }

  private iamKind(): boolean {
    return this.kind !== undefined && this.kind !== 'resource' && this.kind !== 'scp' && this.kind !== 'rcp';
  }

  private exclusive(value: Record<string, unknown>, path: string, a: string, b: string): void {
    if (a in value && b in value) this.problem(`${path}.${b}`, `A statement cannot contain both ${a} and ${b}.`);
  }

  private stringList(value: unknown, path: string, name: string): string[] | undefined {
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0) {
      this.problem(path, `${name} must not be an empty list.`);
      return undefined;
    }
    let ok = true;
    list.forEach((item, i) => {
      if (typeof item !== 'string') {
        this.problem(Array.isArray(value) ? `${path}[${i}]` : path, `${name} values must be strings, not ${describe(item)}.`);
        ok = false;
      }
    });
    return ok ? (list as string[]) : undefined;
  }

  private actions(value: unknown, path: string): string[] {
    const list = this.stringList(value, path, 'Action') ?? [];
    list.forEach((action, i) => {
      const at = Array.isArray(value) ? `${path}[${i}]` : path;
      if (action === '*') return;
      const colon = action.indexOf(':');
      if (colon <= 0 || !/^[A-Za-z0-9*?_-]+$/.test(action.slice(0, colon))) {
        this.problem(at, `Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. (${action}).`);
      } else if (action.slice(colon + 1) === '') {
        this.problem(at, `Action ${action} has no action name.`);
      }
    });
    return list;
  }

  private resources(value: unknown, path: string): string[] {
    const list = this.stringList(value, path, 'Resource') ?? [];
    list.forEach((resource, i) => {
      const at = Array.isArray(value) ? `${path}[${i}]` : path;
      if (resource === '*') return;
      if (parseArn(resource) === undefined && !/^arn:[^:]*\*/.test(resource)) {
        this.problem(at, `Resource ${resource} must be in ARN format or "*".`);
      }
    });
    return list;
  }

  private principal(value: unknown, path: string): PrincipalBlock | undefined {
    if (value === '*') return { kind: 'Wildcard' };
    if (!isObject(value)) {
      this.problem(path, 'Principal must be "*" or an object such as {"AWS": "arn:aws:iam::123456789012:root"}.');
      return undefined;
    }
    const entries: PrincipalEntry[] = [];
    const keys = Object.keys(value);
    if (keys.length === 0) this.problem(path, 'Principal must name at least one principal.');
    for (const key of keys) {
      if (!(PRINCIPAL_TYPES as readonly string[]).includes(key)) {
        this.problem(`${path}.${key}`, `Invalid principal type ${key}: use AWS, Service, Federated or CanonicalUser.`);
        continue;
      }
      const values = this.stringList(value[key], `${path}.${key}`, 'Principal');
      if (values === undefined) continue;
      const type = key as PrincipalType;
      values.forEach((v, i) => {
        const at = Array.isArray(value[key]) ? `${path}.${key}[${i}]` : `${path}.${key}`;
        if (!this.validPrincipal(type, v)) this.problem(at, `Invalid principal in policy: "${key}":"${v}".`);
      });
      entries.push({ type, values });
    }
    return { kind: 'Map', entries };
  }

  private validPrincipal(type: PrincipalType, value: string): boolean {
    if (value === '') return false;
    if (type !== 'AWS') return true;
    if (value === '*' || isAccountId(value)) return true;
    const arn = parseArn(value);
    return arn !== undefined && (arn.service === 'iam' || arn.service === 'sts');
  }

  private condition(value: unknown, path: string): ConditionEntry[] {
    if (!isObject(value)) {
      this.problem(path, `Condition must be an object of operator -> key -> values, not ${describe(value)}.`);
      return [];
    }
    const out: ConditionEntry[] = [];
    for (const [operator, block] of Object.entries(value)) {
      const opPath = `${path}.${operator}`;
      if (parseOperator(operator) === undefined) this.problem(opPath, `Invalid Condition type : ${operator}.`);
      if (!isObject(block)) {
        this.problem(opPath, `A condition operator must map keys to values, not ${describe(block)}.`);
        continue;
      }
      for (const [key, raw] of Object.entries(block)) {
        const keyPath = `${opPath}.${key}`;
        if (!/^[^:\s]+:.+$/.test(key)) {
          this.problem(keyPath, `Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. (${key}).`);
        }
        const list = Array.isArray(raw) ? raw : [raw];
        if (Array.isArray(raw) && raw.length === 0) this.problem(keyPath, 'A condition key must have at least one value.');
        let ok = true;
        list.forEach((item, i) => {
          if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
            this.problem(Array.isArray(raw) ? `${keyPath}[${i}]` : keyPath,
              `Condition values must be strings, numbers or booleans, not ${describe(item)}.`);
            ok = false;
          }
        });
        if (ok) out.push({ operator, key, values: list as ConditionValue[] });
      }
    }
    return out;
  }
}
