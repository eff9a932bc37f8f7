import { deflateRawSync } from 'node:zlib';
import type { Caller, SessionFacts, SessionTag } from '../authn/caller.js';
import type { OperationTable } from '../iam/operation.js';
import { type RoleData, dataOf } from '../iam/records.js';
import { type Clock, type RandomSource, parseArn } from '../kernel/index.js';
import { parsePolicy, policySize } from '../policy/index.js';
import type { Store } from '../store/port.js';
import type { AuthorizationMessageCodec } from './authorization-message.js';
import { stsAccessDenied, stsError, validationError } from './errors.js';
import { getCallerIdentity } from './get-caller-identity.js';
import { federationOperations } from './federation-operations.js';
import type { JwksSource } from './jwks-source.js';
import type { MfaGate } from './mfa-gate.js';
import type { SessionClaims, SessionPrincipal, SessionTokenCodec } from './session-token.js';
import { accountOfKeyId, newTemporaryAccessKeyId } from './temporary-key-id.js';

/** What STS's operations need from outside. Built once by the server. */
export interface StsDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly partition: string;
  /** Seals session tokens (a key derived from the master key). */
  readonly tokens: SessionTokenCodec;
  /** Encoded authorization messages (a key derived from the master key). */
  readonly messages: AuthorizationMessageCodec;
  readonly newSecretAccessKey: () => string;
  /** SerialNumber + TokenCode verification (src/iam/mfa through the gate). */
  readonly mfa: MfaGate;
  /** OIDC issuers' keys for AssumeRoleWithWebIdentity (`WARD_OIDC_JWKS_DIR`, then discovery). */
  readonly jwks?: JwksSource;
}

type Input = Readonly<Record<string, unknown>>;

const HOUR = 3600;
/** Role chaining caps a session at one hour (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html#iam-term-role-chaining). */
const CHAINED_MAX = HOUR;
/** The packed (compressed) space for session policies and tags, in bytes; PackedPolicySize is the percentage used. */
const PACKED_SPACE = 2048;
const NAME = /^[\w+=,.@-]*$/;

function str(input: Input, member: string): string | undefined {
  const value = input[member];
  return typeof value === 'string' ? value : undefined;
}

function strings(input: Input, member: string): string[] {
  const value = input[member];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function tagsOf(input: Input): SessionTag[] {
  const value = input.Tags;
  if (!Array.isArray(value)) return [];
  return value.filter((t): t is SessionTag => typeof t === 'object' && t !== null && typeof (t as SessionTag).Key === 'string' && typeof (t as SessionTag).Value === 'string')
    .map((t) => ({ Key: t.Key, Value: t.Value }));
}

/** A name parameter: length and `[\w+=,.@-]` (the protocol checks the same; in-process calls come here directly). */
function checkName(member: string, value: string | undefined, min: number, max: number): string {
  if (value === undefined) throw validationError(`1 validation error detected: Value null at '${member.charAt(0).toLowerCase()}${member.slice(1)}' failed to satisfy constraint: Member must not be null`);
  if (value.length < min || value.length > max || !NAME.test(value)) {
    throw validationError(`1 validation error detected: Value '${value}' at '${member.charAt(0).toLowerCase()}${member.slice(1)}' failed to satisfy constraint: Member must have length between ${min} and ${max} and satisfy regular expression pattern: [\\w+=,.@-]*`);
  }
  return value;
}

function durationOf(input: Input, min: number, max: number, fallback: number): number {
  const value = input.DurationSeconds;
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw validationError(`1 validation error detected: Value '${String(value)}' at 'durationSeconds' failed to satisfy constraint: Member must have value between ${min} and ${max}`);
  }
  return value;
}

/** Checks the inline session policy (`Policy`): a valid session policy (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session). */
function sessionPolicy(input: Input): string | undefined {
  const policy = str(input, 'Policy');
  if (policy === undefined) return undefined;
  const parsed = parsePolicy(policy, { kind: 'session' });
  const first = parsed.problems[0];
  if (parsed.policy === undefined || first !== undefined) throw stsError('MalformedPolicyDocument', first?.message ?? 'Syntax errors in policy.');
  if (policySize(policy, 'session') > 2048) throw stsError('PackedPolicyTooLarge', 'Packed policy consumes more than 100% of allotted space, please use smaller policy.');
  return policy;
}

function policyArns(input: Input): string[] {
  const value = input.PolicyArns;
  if (!Array.isArray(value)) return [];
  const arns = value.map((p) => (typeof p === 'object' && p !== null && typeof (p as { arn?: unknown }).arn === 'string' ? (p as { arn: string }).arn : undefined));
  if (arns.length > 10) throw validationError('The number of PolicyArns exceeds the limit of 10 managed session policies.');
  for (const arn of arns) {
    const parsed = arn === undefined ? undefined : parseArn(arn);
    if (arn === undefined || parsed === undefined || parsed.service !== 'iam' || !parsed.resource.startsWith('policy/')) {
      throw validationError(`Invalid PolicyArn: ${String(arn)}`);
    }
  }
  return arns as string[];
}

/**
 * PackedPolicySize: the percentage of the packed space the session policies and tags use, compressed as
 * AWS packs them (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html, "PackedPolicySize").
 * Over 100 → PackedPolicyTooLarge.
 */
function packedPercentage(policy: string | undefined, arns: readonly string[], tags: readonly SessionTag[], transitive: readonly string[]): number {
  const minified = policy === undefined ? '' : JSON.stringify(JSON.parse(policy));
  const packed = deflateRawSync(Buffer.from(JSON.stringify([minified, arns, tags.map((t) => [t.Key, t.Value]), transitive]))).length;
  const percentage = Math.ceil((packed * 100) / PACKED_SPACE);
  if (percentage > 100) throw stsError('PackedPolicyTooLarge', `Packed policy consumes ${percentage}% of allotted space, please use smaller policy.`);
  return percentage;
}

/** Session tags: at most 50, keys unique ignoring case, transitive keys among them, inherited transitive tags not overridden. */
function sessionTags(requested: readonly SessionTag[], transitiveKeys: readonly string[], inherited: readonly SessionTag[]): { tags: SessionTag[]; transitive: string[] } {
  const byKey = new Map<string, SessionTag>();
  for (const tag of requested) {
    const key = tag.Key.toLowerCase();
    if (byKey.has(key)) throw validationError(`Duplicate tag keys found. Please note that Tag keys are case insensitive.`);
    byKey.set(key, tag);
  }
  for (const key of transitiveKeys) {
    if (!byKey.has(key.toLowerCase())) throw validationError(`The transitive tag key ${key} is not among the session tags.`);
  }
  // "If you pass a session tag with the same key as an inherited transitive tag, the operation fails"
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_role-chaining).
  for (const tag of inherited) {
    if (byKey.has(tag.Key.toLowerCase())) throw validationError(`One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.`);
    byKey.set(tag.Key.toLowerCase(), tag);
  }
  if (byKey.size > 50) throw validationError('1 validation error detected: Value at \'tags\' failed to satisfy constraint: Member must have length less than or equal to 50');
  return { tags: [...byKey.values()], transitive: [...transitiveKeys, ...inherited.map((t) => t.Key)] };
}

function inheritedTransitive(caller: Caller): SessionTag[] {
  if (caller.kind !== 'assumed-role') return [];
  const keys = new Set((caller.session.transitiveTagKeys ?? []).map((k) => k.toLowerCase()));
  return (caller.session.tags ?? []).filter((t) => keys.has(t.Key.toLowerCase()));
}

/** The source identity of a new role session: set once, then sticky through chaining (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html). */
function sourceIdentityOf(caller: Caller, input: Input): string | undefined {
  const requested = str(input, 'SourceIdentity');
  const inherited = caller.kind === 'anonymous' ? undefined : caller.session?.sourceIdentity;
  if (requested !== undefined) {
    checkName('SourceIdentity', requested, 2, 64);
    if (requested.toLowerCase().startsWith('aws:')) throw validationError('SourceIdentity cannot begin with the prefix "aws:".');
    if (inherited !== undefined && inherited !== requested) throw stsAccessDenied('The source identity of a session cannot be changed once it is set.');
  }
  return requested ?? inherited;
}

/**
 * STS's operations (https://docs.aws.amazon.com/STS/latest/APIReference/API_Operations.html):
 * AssumeRole, GetSessionToken, GetFederationToken, GetAccessKeyInfo, DecodeAuthorizationMessage and
 * GetCallerIdentity, and the federation operations (federation-operations.ts). Authorization happens before (the enforcer evaluates AssumeRole against the role's
 * trust policy, with sts:TagSession and sts:SetSourceIdentity); these handlers apply each operation's own rules.
 */
export function stsOperations(deps: StsDeps): OperationTable {
  const credentials = (accountId: string, claims: Omit<SessionClaims, 'secretAccessKey'>) => {
    const accessKeyId = newTemporaryAccessKeyId(accountId, deps.random);
    const secretAccessKey = deps.newSecretAccessKey();
    const SessionToken = deps.tokens.seal(accessKeyId, { ...claims, secretAccessKey } as SessionClaims);
    return { AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey, SessionToken, Expiration: new Date(claims.expiresAt) };
  };
  const facts = (now: number, seconds: number, extra: Partial<SessionFacts>): SessionFacts => ({ issuedAt: now, expiresAt: now + seconds * 1000, ...extra });
  const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
    (value === undefined ? {} : { [key]: value } as Record<K, V>);

  return {
    ...federationOperations(deps, { credentials, checkName, durationOf, sessionPolicy, policyArns, packedPercentage }),
    GetCallerIdentity: ({ caller }) => Promise.resolve({ ...getCallerIdentity(caller) }),

    /** https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html */
    async AssumeRole({ caller, input }) {
      if (caller.kind === 'anonymous') throw stsAccessDenied('AssumeRole requires a signed request.');
      if (caller.kind === 'root') throw stsAccessDenied('Roles may not be assumed by root accounts.');
      // Federated users may call no STS operation but GetCallerIdentity (id_credentials_sts-comparison.html).
      if (caller.kind === 'federated-user') throw stsAccessDenied(`User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${str(input, 'RoleArn') ?? ''}`);
      const roleArn = str(input, 'RoleArn') ?? '';
      const sessionName = checkName('RoleSessionName', str(input, 'RoleSessionName'), 2, 64);
      const now = deps.clock.now();
      const parsed = parseArn(roleArn);
      const role = parsed !== undefined && parsed.service === 'iam' && parsed.resource.startsWith('role/')
        ? await deps.store.getEntity(parsed.account, 'role', parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1))
        : undefined;
      // AWS does not tell a missing role from an untrusting one.
      if (role === undefined || role.arn !== roleArn) throw stsAccessDenied(`User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
      const chained = caller.kind === 'assumed-role';
      const max = chained ? CHAINED_MAX : dataOf<RoleData>(role).maxSessionDuration;
      const requested = durationOf(input, 900, 43200, HOUR);
      if (requested > max) {
        throw validationError(chained
          ? 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'
          : 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
      }
      const mfa = await deps.mfa.check(caller, input, now);
      const policy = sessionPolicy(input);
      const arns = policyArns(input);
      const { tags, transitive } = sessionTags(tagsOf(input), strings(input, 'TransitiveTagKeys'), inheritedTransitive(caller));
      const sourceIdentity = sourceIdentityOf(caller, input);
      const packs = policy !== undefined || arns.length > 0 || tags.length > 0;
      const packed = packs ? packedPercentage(policy, arns, tags, transitive) : undefined;
      const principal: SessionPrincipal = { kind: 'assumed-role', accountId: role.accountId, roleArn: role.arn, roleId: role.id, roleName: role.name, sessionName };
      const session = facts(now, requested, {
        ...optional('policy', policy), ...(arns.length > 0 ? { policyArns: arns } : {}), ...(tags.length > 0 ? { tags } : {}),
        ...(transitive.length > 0 ? { transitiveTagKeys: transitive } : {}), ...optional('sourceIdentity', sourceIdentity),
        // MFA carries over a chain: the first session's authentication stands.
        ...optional('mfaAuthTime', mfa ? now : caller.session?.mfaAuthTime), ...(chained ? { chained: true } : {}),
      });
      return {
        Credentials: credentials(role.accountId, { principal, ...session }),
        AssumedRoleUser: { AssumedRoleId: `${role.id}:${sessionName}`, Arn: `arn:${deps.partition}:sts::${role.accountId}:assumed-role/${role.name}/${sessionName}` },
        ...optional('PackedPolicySize', packed),
        ...optional('SourceIdentity', sourceIdentity),
      };
    },

    /** https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html */
    async GetSessionToken({ caller, input }) {
      if (caller.kind === 'anonymous') throw stsAccessDenied('GetSessionToken requires a signed request.');
      if (caller.kind === 'assumed-role' || caller.kind === 'federated-user' || caller.session !== undefined) {
        throw stsAccessDenied('Cannot call GetSessionToken with session credentials');
      }
      const now = deps.clock.now();
      // The root user's sessions last at most an hour (longer requests are cut to it); an IAM user's up to 36 hours.
      const requested = durationOf(input, 900, 129600, caller.kind === 'root' ? HOUR : 12 * HOUR);
      const seconds = caller.kind === 'root' ? Math.min(requested, HOUR) : requested;
      const mfa = await deps.mfa.check(caller, input, now);
      const principal: SessionPrincipal = caller.kind === 'root'
        ? { kind: 'root-session', accountId: caller.accountId }
        : { kind: 'user-session', accountId: caller.accountId, userArn: caller.arn, userId: caller.userId, userName: caller.userName, path: caller.path };
      return { Credentials: credentials(caller.accountId, { principal, ...facts(now, seconds, mfa ? { mfaAuthTime: now } : {}) }) };
    },

    /** https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html */
    async GetFederationToken({ caller, input }) {
      if (caller.kind === 'anonymous') throw stsAccessDenied('GetFederationToken requires a signed request.');
      // "You must call the GetFederationToken operation using the long-term security credentials of an IAM user."
      if (caller.kind === 'assumed-role' || caller.kind === 'federated-user' || caller.session !== undefined) {
        throw stsAccessDenied('Cannot call GetFederationToken with session credentials');
      }
      const name = checkName('Name', str(input, 'Name'), 2, 32);
      const now = deps.clock.now();
      const requested = durationOf(input, 900, 129600, 12 * HOUR);
      const seconds = caller.kind === 'root' ? Math.min(requested, HOUR) : requested;
      const policy = sessionPolicy(input);
      const arns = policyArns(input);
      const { tags } = sessionTags(tagsOf(input), [], []);
      const packs = policy !== undefined || arns.length > 0 || tags.length > 0;
      const packed = packs ? packedPercentage(policy, arns, tags, []) : undefined;
      const principal: SessionPrincipal = { kind: 'federated-user', accountId: caller.accountId, name, ...(caller.kind === 'user' ? { userName: caller.userName } : {}) };
      const session = facts(now, seconds, { ...optional('policy', policy), ...(arns.length > 0 ? { policyArns: arns } : {}), ...(tags.length > 0 ? { tags } : {}) });
      return {
        Credentials: credentials(caller.accountId, { principal, ...session }),
        FederatedUser: { FederatedUserId: `${caller.accountId}:${name}`, Arn: `arn:${deps.partition}:sts::${caller.accountId}:federated-user/${name}` },
        ...optional('PackedPolicySize', packed),
      };
    },

    /** https://docs.aws.amazon.com/STS/latest/APIReference/API_GetAccessKeyInfo.html */
    async GetAccessKeyInfo({ input }) {
      const accessKeyId = str(input, 'AccessKeyId') ?? '';
      if (accessKeyId.startsWith('ASIA')) {
        const account = accountOfKeyId(accessKeyId);
        if (account !== undefined) return { Account: account };
      }
      const stored = await deps.store.getAccessKey(accessKeyId);
      // Ward's long-term key ids are random: a key it does not hold has no account to tell.
      if (stored === undefined) throw validationError(`The access key ${accessKeyId} is not known to this service.`);
      return { Account: stored.accountId };
    },

    /** https://docs.aws.amazon.com/STS/latest/APIReference/API_DecodeAuthorizationMessage.html */
    async DecodeAuthorizationMessage({ caller, input }) {
      if (caller.kind === 'anonymous') throw stsAccessDenied('DecodeAuthorizationMessage requires a signed request.');
      return { DecodedMessage: deps.messages.decode(str(input, 'EncodedMessage') ?? '', caller.accountId) };
    },
  };
}
