/** Random bytes, supplied from outside the pure core (node:crypto on the server). */
export interface RandomSource {
  bytes(length: number): Uint8Array;
}

/**
 * Prefixes of AWS unique identifiers
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids).
 */
export const IdPrefix = {
  AccessKey: 'AKIA',
  TemporaryAccessKey: 'ASIA',
  User: 'AIDA',
  Role: 'AROA',
  Group: 'AGPA',
  ManagedPolicy: 'ANPA',
  InstanceProfile: 'AIPA',
  Certificate: 'ASCA',
} as const;
export type IdPrefix = (typeof IdPrefix)[keyof typeof IdPrefix];

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A unique id as AWS shapes them: the prefix, then upper-case base-32 characters, `length` in all. */
export function newId(prefix: IdPrefix, random: RandomSource, length: number): string {
  const count = length - prefix.length;
  const bytes = random.bytes(count);
  let out = prefix;
  for (let i = 0; i < count; i++) out += BASE32[(bytes[i] ?? 0) & 31];
  return out;
}

/** An access key id: `AKIA` (long-term) or `ASIA` (temporary) and 16 more characters, 20 in all. */
export function newAccessKeyId(random: RandomSource, temporary = false): string {
  return newId(temporary ? IdPrefix.TemporaryAccessKey : IdPrefix.AccessKey, random, 20);
}

/** A unique id of an IAM entity (user, role, group, ...): 21 characters. */
export function newEntityId(prefix: IdPrefix, random: RandomSource): string {
  return newId(prefix, random, 21);
}

/** A 12-digit account id whose first digit is not 0. */
export function newAccountId(random: RandomSource): string {
  const bytes = random.bytes(12);
  let out = String(1 + ((bytes[0] ?? 0) % 9));
  for (let i = 1; i < 12; i++) out += String((bytes[i] ?? 0) % 10);
  return out;
}
