import type { Shape } from './service-model.js';

const compiled = new WeakMap<Shape, RegExp | null>();

/**
 * The shape's pattern as a full-match RegExp. Model patterns are Java regular expressions and AWS
 * matches them against the whole value; the few that JavaScript cannot read in Unicode mode are read
 * without it, and a pattern JavaScript cannot read at all is not enforced (`null`).
 */
export function shapePattern(shape: Shape): RegExp | null {
  const cached = compiled.get(shape);
  if (cached !== undefined) return cached;
  let pattern: RegExp | null = null;
  if (shape.pattern !== undefined) {
    const body = shape.pattern.replace(/^\^/, '').replace(/\$$/, '');
    for (const flags of ['u', '']) {
      try {
        pattern = new RegExp(`^(?:${body})$`, flags);
        break;
      } catch {
        pattern = null;
      }
    }
  }
  compiled.set(shape, pattern);
  return pattern;
}

/** How long a value is for AWS's length constraints: characters of a string, entries of a list or map. */
export function lengthOf(value: unknown): number | undefined {
  if (typeof value === 'string') return [...value].length;
  if (Array.isArray(value)) return value.length;
  if (value instanceof Map) return value.size;
  if (value instanceof Uint8Array) return value.length;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length;
  return undefined;
}
