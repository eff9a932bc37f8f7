import type { Caller, SessionFacts, SessionTag } from '../authn/caller.js';
import { type ContextInputValue, authorize, compilePolicy, compilePolicySet, prepareRequest } from '../evaluation/index.js';
import type { OperationTable } from '../iam/operation.js';
import type { OidcProviderData, SamlProviderData } from '../iam/providers/index.js';
import { type RoleData, dataOf } from '../iam/records.js';
import { type Clock, parseArn } from '../kernel/index.js';
import { parsePolicy } from '../policy/index.js';
import type { IamEntityRecord, Store } from '../store/port.js';
import { stsAccessDenied, stsError, validationError } from './errors.js';
import type { JwksSource } from './jwks-source.js';
import { samlSigningCertificates, verifySamlResponse } from './saml-assertion.js';
import type { SessionPrincipal } from './session-token.js';
import { verifyWebIdentityToken } from './web-identity-token.js';

type Input = Readonly<Record<string, unknown>>;

/** What the federation operations need (a slice of `StsDeps`). */
export interface FederationDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly partition: string;
  /** The keys of OIDC issuers: `WARD_OIDC_JWKS_DIR` files, then the issuers' discovery documents. */
  readonly jwks?: JwksSource;
}

/** The rules AssumeRole's handler shares with these (operations.ts passes them, so there is no import cycle). */
export interface SessionKit {
  credentials(accountId: string, claims: { principal: SessionPrincipal } & SessionFacts): Record<string, unknown>;
  checkName(member: string, value: string | undefined, min: number, max: number): string;
  durationOf(input: Input, min: number, max: number, fallback: number): number;
  sessionPolicy(input: Input): string | undefined;
  policyArns(input: Input): string[];
  packedPercentage(policy: string | undefined, arns: readonly string[], tags: readonly SessionTag[], transitive: readonly string[]): number;
}

const HOUR = 3600;

function str(input: Input, member: string): string | undefined {
  const value = input[member];
  return typeof value === 'string' ? value : undefined;
}

/** The role `roleArn` names exactly (path included), or undefined. */
async function roleOf(store: Store, roleArn: string): Promise<IamEntityRecord | undefined> {
  const parsed = parseArn(roleArn);
  if (parsed === undefined || parsed.service !== 'iam' || !parsed.resource.startsWith('role/')) return undefined;
  const role = await store.getEntity(parsed.account, 'role', parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1));
  return role !== undefined && role.arn === roleArn ? role : undefined;
}

/**
 * The trust decision for a federated caller: the role's trust policy alone, as a resource-based policy, with
 * the identity provider as the principal (`"Principal": {"Federated": "<provider ARN>"}`). There is no
 * identity policy: the provider is outside IAM
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp.html). Each action of
 * `actions` (the operation's, then sts:TagSession / sts:SetSourceIdentity when the session carries tags or
 * a source identity) must be allowed.
 */
function trusts(role: IamEntityRecord, providerArn: string, actions: readonly string[], keys: Readonly<Record<string, ContextInputValue>>, now: number): boolean {
  const parsed = parsePolicy(dataOf<RoleData>(role).assumeRolePolicyDocument);
  if (parsed.policy === undefined) return false;
  const set = compilePolicySet({ resource: [{ account: role.accountId, policy: compilePolicy(parsed.policy) }] });
  const context: Record<string, ContextInputValue> = {
    'aws:CurrentTime': `${new Date(now).toISOString().slice(0, 19)}Z`, 'aws:EpochTime': Math.floor(now / 1000), ...keys,
  };
  return actions.every((action) => authorize(set, prepareRequest({
    principal: { type: 'WebIdentity', arn: providerArn, account: '' }, action, resource: { arn: role.arn, account: role.accountId }, context,
  })).decision === 'Allow');
}

/**
 * A session with tags needs sts:TagSession, one with a source identity sts:SetSourceIdentity, from the same
 * trust policy (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_permissions-required).
 */
function withSessionActions(action: string, tags: readonly SessionTag[], sourceIdentity: string | undefined): string[] {
  return [action, ...(tags.length > 0 ? ['sts:TagSession'] : []), ...(sourceIdentity !== undefined ? ['sts:SetSourceIdentity'] : [])];
}

/** sts:RoleSessionName, aws:RequestTag/*, aws:TagKeys, sts:TransitiveTagKeys and sts:SourceIdentity of the new session. */
function sessionKeys(sessionName: string, tags: readonly SessionTag[], transitive: readonly string[], sourceIdentity: string | undefined): Record<string, ContextInputValue> {
  const keys: Record<string, ContextInputValue> = { 'sts:RoleSessionName': sessionName };
  if (tags.length > 0) keys['aws:TagKeys'] = tags.map((t) => t.Key);
  for (const tag of tags) keys[`aws:RequestTag/${tag.Key}`] = tag.Value;
  if (transitive.length > 0) keys['sts:TransitiveTagKeys'] = [...transitive];
  if (sourceIdentity !== undefined) keys['sts:SourceIdentity'] = sourceIdentity;
  return keys;
}

/**
 * AssumeRoleWithWebIdentity and AssumeRoleWithSAML. Both are called unsigned (the caller is anonymous; a
 * signature, when present, is ignored as AWS ignores it): the token or assertion is the credential, and the
 * role's trust policy is the only policy that decides (`trusts`). A missing role and an untrusting one
 * answer the same AccessDenied, as AWS does.
 */
export function federationOperations(deps: FederationDeps, kit: SessionKit): OperationTable {
  const { store, partition } = deps;
  const denied = (action: string) => stsAccessDenied(`Not authorized to perform ${action}`);

  const session = async (
    role: IamEntityRecord, sessionName: string, seconds: number, input: Input, facts: Partial<SessionFacts>, now: number,
    tags: readonly SessionTag[], transitive: readonly string[],
  ) => {
    const policy = kit.sessionPolicy(input);
    const arns = kit.policyArns(input);
    const packed = policy !== undefined || arns.length > 0 || tags.length > 0 ? kit.packedPercentage(policy, arns, tags, transitive) : undefined;
    const principal: SessionPrincipal = { kind: 'assumed-role', accountId: role.accountId, roleArn: role.arn, roleId: role.id, roleName: role.name, sessionName };
    const claims = {
      principal, issuedAt: now, expiresAt: now + seconds * 1000, ...facts,
      ...(policy !== undefined ? { policy } : {}), ...(arns.length > 0 ? { policyArns: arns } : {}),
      ...(tags.length > 0 ? { tags } : {}), ...(transitive.length > 0 ? { transitiveTagKeys: transitive } : {}),
    };
    return {
      Credentials: kit.credentials(role.accountId, claims),
      AssumedRoleUser: { AssumedRoleId: `${role.id}:${sessionName}`, Arn: `arn:${partition}:sts::${role.accountId}:assumed-role/${role.name}/${sessionName}` },
      ...(packed !== undefined ? { PackedPolicySize: packed } : {}),
    };
  };

  return {
    /** https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html */
    async AssumeRoleWithWebIdentity({ input }: { caller: Caller; input: Input }) {
      const roleArn = str(input, 'RoleArn') ?? '';
      const sessionName = kit.checkName('RoleSessionName', str(input, 'RoleSessionName'), 2, 64);
      const token = str(input, 'WebIdentityToken') ?? '';
      const now = deps.clock.now();
      const role = await roleOf(store, roleArn);
      if (role === undefined) throw denied('sts:AssumeRoleWithWebIdentity');
      if (deps.jwks === undefined) throw stsError('IDPCommunicationError', 'No JWKS source is configured.');
      const identity = await verifyWebIdentityToken(token, {
        jwks: deps.jwks, now,
        findProvider: async (name) => {
          const provider = await store.getEntity(role.accountId, 'oidc-provider', name);
          return provider === undefined || provider.name !== name ? undefined : { arn: provider.arn, clientIds: dataOf<OidcProviderData>(provider).clientIds };
        },
      });
      const seconds = kit.durationOf(input, 900, 43200, HOUR);
      if (seconds > dataOf<RoleData>(role).maxSessionDuration) throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
      const sourceIdentity = identity.sourceIdentity !== undefined ? kit.checkName('SourceIdentity', identity.sourceIdentity, 2, 64) : undefined;
      const actions = withSessionActions('sts:AssumeRoleWithWebIdentity', identity.tags, sourceIdentity);
      const keys = { ...identity.conditionKeys, ...sessionKeys(sessionName, identity.tags, identity.transitiveTagKeys, sourceIdentity) };
      if (!trusts(role, identity.providerArn, actions, keys, now)) throw denied('sts:AssumeRoleWithWebIdentity');
      const facts: Partial<SessionFacts> = { federatedProvider: identity.providerArn, ...(sourceIdentity !== undefined ? { sourceIdentity } : {}) };
      const issued = await session(role, sessionName, seconds, input, facts, now, identity.tags, identity.transitiveTagKeys);
      return {
        ...issued, SubjectFromWebIdentityToken: identity.subject, Provider: identity.issuer, Audience: identity.audience,
        ...(sourceIdentity !== undefined ? { SourceIdentity: sourceIdentity } : {}),
      };
    },

    /** https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html */
    async AssumeRoleWithSAML({ input }: { caller: Caller; input: Input }) {
      const roleArn = str(input, 'RoleArn') ?? '';
      const principalArn = str(input, 'PrincipalArn') ?? '';
      const now = deps.clock.now();
      const role = await roleOf(store, roleArn);
      const arn = parseArn(principalArn);
      const providerName = arn?.resource.startsWith('saml-provider/') === true ? arn.resource.slice('saml-provider/'.length) : undefined;
      const provider = role !== undefined && arn !== undefined && arn.service === 'iam' && arn.account === role.accountId && providerName !== undefined
        ? await store.getEntity(role.accountId, 'saml-provider', providerName)
        : undefined;
      if (role === undefined) throw denied('sts:AssumeRoleWithSAML');
      if (provider === undefined || provider.arn !== principalArn) throw stsError('InvalidIdentityToken', `SAML provider ${principalArn} does not exist.`);
      const data = dataOf<SamlProviderData>(provider);
      if (Date.parse(data.validUntil) <= now) throw stsError('InvalidIdentityToken', `The metadata of SAML provider ${principalArn} has expired (validUntil ${data.validUntil}).`);
      const identity = verifySamlResponse(str(input, 'SAMLAssertion') ?? '', {
        certificates: samlSigningCertificates(data.metadataDocument), now, accountId: role.accountId, providerName: provider.name, providerArn: provider.arn,
      });
      // The assertion must name this role with this provider (Role attribute "role-arn,provider-arn", either order).
      if (!identity.roles.some(([r, p]) => r === roleArn && p === principalArn)) throw denied('sts:AssumeRoleWithSAML');
      if (identity.sessionName === undefined) throw stsError('InvalidIdentityToken', 'The SAML assertion has no https://aws.amazon.com/SAML/Attributes/RoleSessionName attribute.');
      const sessionName = kit.checkName('RoleSessionName', identity.sessionName, 2, 64);
      let seconds = kit.durationOf(input, 900, 43200, HOUR);
      if (seconds > dataOf<RoleData>(role).maxSessionDuration) throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
      // The session ends at the earlier of DurationSeconds and the assertion's SessionNotOnOrAfter.
      if (identity.notOnOrAfter !== undefined) seconds = Math.min(seconds, Math.floor((identity.notOnOrAfter - now) / 1000));
      const sourceIdentity = identity.sourceIdentity !== undefined ? kit.checkName('SourceIdentity', identity.sourceIdentity, 2, 64) : undefined;
      const actions = withSessionActions('sts:AssumeRoleWithSAML', identity.tags, sourceIdentity);
      const keys = { ...identity.conditionKeys, ...sessionKeys(sessionName, identity.tags, identity.transitiveTagKeys, sourceIdentity) };
      if (!trusts(role, provider.arn, actions, keys, now)) throw denied('sts:AssumeRoleWithSAML');
      const facts: Partial<SessionFacts> = { federatedProvider: provider.arn, ...(sourceIdentity !== undefined ? { sourceIdentity } : {}) };
      const issued = await session(role, sessionName, seconds, input, facts, now, identity.tags, identity.transitiveTagKeys);
      return {
        ...issued, Subject: identity.subject, SubjectType: identity.subjectType, Issuer: identity.issuer, Audience: identity.audience,
        NameQualifier: identity.nameQualifier, ...(sourceIdentity !== undefined ? { SourceIdentity: sourceIdentity } : {}),
      };
    },
  };
}
