/**
 * What the benchmarks share about measuring: numeric settings from the environment, and the medians and
 * sums over the wrk rounds of one series.
 */
import { errorsOf, rateOf, type WrkResult } from './wrk.js';

/** `process.env[name]` as a positive number, else `fallback`. */
export const envNumber = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

/** The wrk rounds of one server on one workload. */
export interface Rounds {
  readonly rounds: readonly WrkResult[];
}

export const formatRate = (value: number): string => Math.round(value).toLocaleString('en-US');

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] as number : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export const medianRate = (s: Rounds): number => median(s.rounds.map(rateOf));
export const medianP50 = (s: Rounds): number => median(s.rounds.map((r) => r.latencyUs.p50));
export const medianP99 = (s: Rounds): number => median(s.rounds.map((r) => r.latencyUs.p99));
export const errorsIn = (s: Rounds): number => s.rounds.reduce((sum, r) => sum + errorsOf(r), 0);
export const requestsIn = (s: Rounds): number => s.rounds.reduce((sum, r) => sum + r.requests, 0);
