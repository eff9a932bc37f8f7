import { randomBytes } from 'node:crypto';
import type { Clock, RandomSource } from '../kernel/index.js';

/** Cryptographically strong random bytes from node:crypto. */
export const nodeRandom: RandomSource = { bytes: (length) => randomBytes(length) };

/** The system clock. */
export const systemClock: Clock = { now: () => Date.now() };
