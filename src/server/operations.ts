import type { Caller } from '../authn/caller.js';
import type { OutputValue, QueryInput } from '../protocol/index.js';
import { getCallerIdentity } from '../sts/index.js';

/** What an operation handler receives: the typed input and who is asking. */
export interface OperationContext {
  readonly caller: Caller;
  readonly input: QueryInput;
  readonly requestId: string;
}

/** An implemented operation: typed input in, plain output shaped like the model's output out. */
export type OperationHandler = (context: OperationContext) => Promise<Record<string, OutputValue>> | Record<string, OutputValue>;

/**
 * Implemented operations by service and action. Every other operation of the models answers AWS's
 * NotImplemented-style error.
 */
export const operations: Readonly<Record<string, Readonly<Record<string, OperationHandler>>>> = {
  sts: {
    GetCallerIdentity: ({ caller }) => ({ ...getCallerIdentity(caller) }),
  },
  iam: {},
};

/** Operations AWS accepts without a signature (the credential is in the request itself). */
export const unsignedOperations: ReadonlySet<string> = new Set(['sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML']);
