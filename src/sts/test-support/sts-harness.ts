import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { type Caller, rootCaller } from '../../authn/caller.js';
import { type CallToAuthorize, type Enforcer, createEnforcer } from '../../iam/authorization/index.js';
import { resolveManagedPolicyDocument } from '../../iam/policies/index.js';
import { ACCOUNT, type IamHarness, openIamHarness } from '../../iam/test-support/harness.js';
import { createAuthorizationMessageCodec, type AuthorizationMessageCodec } from '../authorization-message.js';
import type { JwksSource } from '../jwks-source.js';
import { createMfaGate } from '../mfa-gate.js';
import { type StsDeps, stsOperations } from '../operations.js';
import { type SessionCredentialResolver, type SessionTokenCodec, createSessionCredentialResolver, createSessionTokenCodec } from '../session-token.js';

/** A second account, for cross-account tests. */
export const OTHER = '444455556666';
/** The one MFA code the tests' verifier accepts. */
export const GOOD_CODE = '123456';

/** Credentials as AssumeRole & co. answer them. */
export interface Credentials {
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
  readonly SessionToken: string;
  readonly Expiration: Date;
}

/** The IAM harness with STS's operations, the enforcer in front of them, and the session resolver behind. */
export interface StsHarness {
  readonly iam: IamHarness;
  readonly enforcer: Enforcer;
  readonly tokens: SessionTokenCodec;
  readonly messages: AuthorizationMessageCodec;
  readonly resolve: SessionCredentialResolver;
  /** Authorizes (as the server does) then runs an STS or IAM operation. */
  request(caller: Caller, service: 'sts' | 'iam', action: string, input?: Record<string, unknown>, extra?: Partial<CallToAuthorize>): Promise<Record<string, unknown>>;
  /** The caller that signs with these credentials. */
  callerOf(credentials: unknown): Caller;
  /** Writes as the root of `account` (IAM operations), then drops every snapshot. */
  admin(action: string, input: Record<string, unknown>, account?: string): Promise<Record<string, unknown>>;
  now(): number;
  close(): Promise<void>;
}

/** Opens the harness on SQLite; close it in `after`. */
export async function openStsHarness(options: { jwks?: JwksSource } = {}): Promise<StsHarness> {
  let deps: StsDeps | undefined;
  const masterKey = randomBytes(32);
  const tokens = createSessionTokenCodec(masterKey, { bytes: (length) => randomBytes(length) });
  const messages = createAuthorizationMessageCodec(masterKey);
  const iam = await openIamHarness({
    operations: (iamDeps) => {
      deps = {
        store: iamDeps.store, clock: iamDeps.clock, random: iamDeps.random, partition: iamDeps.partition, tokens, messages,
        newSecretAccessKey: iamDeps.newSecretAccessKey,
        mfa: createMfaGate(async (_caller, serial, code) => serial.endsWith(':mfa/alice') && code === GOOD_CODE),
        ...(options.jwks !== undefined ? { jwks: options.jwks } : {}),
      };
      return stsOperations(deps);
    },
  });
  await iam.store.createAccount({ id: OTHER, name: 'other', createdAt: new Date(0).toISOString() });
  const enforcer = createEnforcer({ store: iam.store, partition: 'aws', clock: iam.deps.clock, resolveManagedPolicy: resolveManagedPolicyDocument });
  const resolve = createSessionCredentialResolver(tokens, 'aws');
  const now = () => iam.deps.clock.now();
  assert.ok(deps);
  return {
    iam, enforcer, tokens, messages, resolve, now,
    async request(caller, service, action, input = {}, extra = {}) {
      const call: CallToAuthorize = { caller, service, action, input, sourceIp: '203.0.113.7', secureTransport: true, ...extra };
      // As the Query endpoint: the unsigned federation operations authorize themselves with the trust policy.
      const own = ['GetCallerIdentity', 'GetSessionToken', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML'];
      if (!(service === 'sts' && own.includes(action))) await enforcer.enforce(call);
      return iam.call(action, input, caller);
    },
    callerOf(credentials) {
      const c = credentials as Credentials;
      return resolve(c.AccessKeyId, c.SessionToken, now()).caller;
    },
    async admin(action, input, account = ACCOUNT) {
      const out = await iam.call(action, input, rootCaller('aws', account, 'AKIAROOTROOTROOTROOT'));
      enforcer.clear();
      return out;
    },
    close: () => iam.close(),
  };
}
