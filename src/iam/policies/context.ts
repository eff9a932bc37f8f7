import type { OperationContext } from '../operation.js';
import { iamError } from '../errors.js';

/** The account an IAM call acts on: the caller's. Unsigned callers never reach IAM's operations. */
export function accountOf(context: OperationContext): string {
  const { caller } = context;
  if (caller.kind === 'anonymous') throw iamError('AccessDenied', 'Anonymous callers cannot call IAM.');
  return caller.accountId;
}

/** The caller's ARN, for AccessDenied messages. */
export function callerArn(context: OperationContext): string {
  return context.caller.kind === 'anonymous' ? 'anonymous' : context.caller.arn;
}

/** A string member of the input (the protocol layer has checked required members and patterns). */
export function str(input: OperationContext['input'], name: string): string {
  const value = input[name];
  return typeof value === 'string' ? value : '';
}

/** An optional string member. */
export function optStr(input: OperationContext['input'], name: string): string | undefined {
  const value = input[name];
  return typeof value === 'string' ? value : undefined;
}
