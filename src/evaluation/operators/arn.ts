import { compileParts, globParts, type GlobPart, type Matcher } from '../glob.js';

/** An ARN pattern: one matcher per colon-delimited component (the sixth holds the rest). */
export type ArnPattern = readonly Matcher[];

/** Splits an ARN into its six components; `undefined` when it has fewer than six. */
export function splitArn(value: string): readonly string[] | undefined {
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < 5; i++) {
    const colon = value.indexOf(':', from);
    if (colon < 0) return undefined;
    out.push(value.slice(from, colon));
    from = colon + 1;
  }
  out.push(value.slice(from));
  return out;
}

/**
 * Compiles an ARN pattern from parts. "Each of the six colon-delimited components of the ARN is checked
 * separately and each can include multi-character match wildcards (*) or single-character match
 * wildcards (?)" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN).
 */
export function arnPatternFromParts(parts: readonly GlobPart[]): ArnPattern | undefined {
  const components: GlobPart[][] = [[]];
  for (const part of parts) {
    let current = components[components.length - 1] as GlobPart[];
    if (typeof part !== 'string' || components.length === 6) {
      current.push(part);
      continue;
    }
    const pieces = part.split(':');
    pieces.forEach((piece, i) => {
      if (i > 0) {
        if (components.length === 6) {
          current.push(':');
        } else {
          current = [];
          components.push(current);
        }
      }
      if (piece !== '') current.push(piece);
    });
  }
  if (components.length !== 6) return undefined;
  return components.map(compileParts);
}

/** Compiles an ARN pattern as written in a policy. */
export function arnPattern(value: string): ArnPattern | undefined {
  return arnPatternFromParts(globParts(value));
}

/** True when every component of the ARN matches. */
export function matchArn(arn: readonly string[], pattern: ArnPattern): boolean {
  for (let i = 0; i < 6; i++) if (!(pattern[i] as Matcher)(arn[i] as string)) return false;
  return true;
}
