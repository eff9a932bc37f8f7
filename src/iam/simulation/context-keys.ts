import { type Policy, type Statement, parseTemplate } from '../../policy/index.js';

/** The policy variables (`${aws:username}`) of a value, under Version 2012-10-17 only. */
function variablesOf(value: string, policy: Policy): string[] {
  if (policy.version !== '2012-10-17') return [];
  return (parseTemplate(value) ?? []).flatMap((part) => (part.kind === 'variable' ? [part.key] : []));
}

/** The context keys one statement reads: its condition keys, and the variables of its resources and values. */
export function statementContextKeys(statement: Statement, policy: Policy): string[] {
  const keys: string[] = [];
  for (const resource of [...(statement.resource ?? []), ...(statement.notResource ?? [])]) keys.push(...variablesOf(resource, policy));
  for (const entry of statement.condition ?? []) {
    keys.push(entry.key);
    for (const value of entry.values) if (typeof value === 'string') keys.push(...variablesOf(value, policy));
  }
  return keys;
}

/**
 * The context keys referenced by policies, in order of first appearance, each once (keys compare ignoring
 * case; the first spelling is kept), as GetContextKeysForCustomPolicy and GetContextKeysForPrincipalPolicy
 * answer them (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetContextKeysForCustomPolicy.html).
 */
export function contextKeysOf(policies: readonly Policy[]): string[] {
  const seen = new Map<string, string>();
  for (const policy of policies) {
    for (const statement of policy.statements) {
      for (const key of statementContextKeys(statement, policy)) if (!seen.has(key.toLowerCase())) seen.set(key.toLowerCase(), key);
    }
  }
  return [...seen.values()];
}
