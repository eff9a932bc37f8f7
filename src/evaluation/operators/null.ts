import type { ConditionOperator } from './types.js';

const bool = (v: string): boolean | undefined => {
  const lower = v.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
};

/**
 * `Null`: `true` matches when the key is absent from the request context, `false` when it is present
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null).
 * Presence is decided by the engine; `match` receives whether the key is absent.
 */
export const Null: ConditionOperator<boolean, boolean> = {
  name: 'Null', negated: false, variables: false, family: 'null',
  policy: bool, request: () => undefined, match: (absent, wanted) => absent === wanted,
};
