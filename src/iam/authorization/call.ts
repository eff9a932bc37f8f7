import type { Caller } from '../../authn/caller.js';
import type { Decision } from '../../evaluation/index.js';
import type { ResolvedResource } from './resource.js';

/** One call to authorize: who, what, with which input, from where. */
export interface CallToAuthorize {
  readonly caller: Caller;
  readonly service: string;
  readonly action: string;
  readonly input: Readonly<Record<string, unknown>>;
  /** The client's address (aws:SourceIp). */
  readonly sourceIp: string;
  /** Whether the request came over TLS (aws:SecureTransport). */
  readonly secureTransport: boolean;
  /** True when the request carried an MFA code that was verified (AssumeRole's SerialNumber + TokenCode). */
  readonly mfaAuthenticated?: boolean;
}

/** A decision on a call, with what it was decided on. */
export interface CallDecision {
  readonly decision: Decision;
  /** `service:Action`, as AWS names it in policies and messages. */
  readonly action: string;
  readonly resource: ResolvedResource;
  /** AWS's AccessDenied message; undefined for an Allow. */
  readonly message?: string;
}
