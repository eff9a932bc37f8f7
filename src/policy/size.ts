import type { PolicyKind } from './types.js';

/**
 * Maximum policy size in characters per kind. IAM: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * (managed 6,144; inline user 2,048, group 5,120, role 10,240 — the inline limits are the aggregate of an
 * identity's inline policies; role trust policy 2,048 by default, adjustable; session policies 2,048).
 * Organizations: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 * (SCP and RCP 5,120). Resource-based policies have per-service limits; `undefined` here.
 */
export function policySizeLimit(kind: PolicyKind): number | undefined {
  switch (kind) {
    case 'managed':
    case 'boundary':
      return 6144;
    case 'inline-user':
      return 2048;
    case 'inline-group':
      return 5120;
    case 'inline-role':
      return 10240;
    case 'trust':
      return 2048;
    case 'session':
      return 2048;
    case 'scp':
    case 'rcp':
      return 5120;
    case 'resource':
      return undefined;
  }
}

/**
 * The size AWS measures for a policy of `kind`. IAM does not count white space; we read that as
 * white space outside JSON string literals (the length of the minified document). Organizations counts
 * every character of the document as saved through the API, white space included.
 */
export function policySize(text: string, kind: PolicyKind): number {
  if (kind === 'scp' || kind === 'rcp') return text.length;
  let size = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      size++;
      if (c === 92 /* \ */) {
        size++;
        i++;
      } else if (c === 34 /* " */) {
        inString = false;
      }
    } else if (c === 34) {
      inString = true;
      size++;
    } else if (c !== 32 && c !== 9 && c !== 10 && c !== 13) {
      size++;
    }
  }
  return size;
}

/** True when `text` fits within the size limit of `kind` (always true for kinds without one). */
export function fitsPolicySize(text: string, kind: PolicyKind): boolean {
  const limit = policySizeLimit(kind);
  return limit === undefined || policySize(text, kind) <= limit;
}
