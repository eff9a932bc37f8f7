import type { ConditionOperator } from './types.js';

const bool = (v: string): string | undefined => {
  const lower = v.toLowerCase();
  return lower === 'true' || lower === 'false' ? lower : undefined;
};

/** `Bool`: `true` / `false`, case-insensitive; any other value matches nothing. */
export const Bool: ConditionOperator<string, string> = {
  name: 'Bool', negated: false, variables: false, family: 'bool',
  policy: bool, request: bool, match: (r, p) => r === p,
};
