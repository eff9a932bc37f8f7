import type { IamDeps, OperationTable } from '../iam/operation.js';
import { iamOperations } from '../iam/operations.js';
import { type StsDeps, stsOperations } from '../sts/index.js';

/**
 * Implemented operations by service and action. Every other operation of the models answers AWS's
 * NotImplemented-style error.
 */
export function buildOperations(iam: IamDeps, sts: StsDeps): Readonly<Record<string, OperationTable>> {
  return {
    sts: stsOperations(sts),
    iam: iamOperations(iam),
  };
}

/** Operations AWS accepts without a signature (the credential is in the request itself). */
export const unsignedOperations: ReadonlySet<string> = new Set(['sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML']);

/** Operations that need no permission: AWS answers them even under an explicit deny. */
export const unauthorizedOperations: ReadonlySet<string> = new Set(['sts:GetCallerIdentity', 'sts:GetSessionToken']);
