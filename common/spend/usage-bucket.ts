/** Arithmetic on usage buckets (contract: common/contract/snapshot-usage.ts). Pure. */
import type { UsageBucket } from '../contract/snapshot-usage.js';

export function emptyBucket(): UsageBucket {
  return {
    sessions: 0,
    apiCalls: 0,
    input: 0,
    output: 0,
    cacheRead: 0,
    cacheWrite: 0,
    reasoning: 0,
    costUsd: 0,
    actualCostUsd: 0,
    unpricedSessions: 0,
    unpricedTokens: 0,
  };
}

/** Six decimals: Hermes stores fractions of a cent per call; float sums must not print as 0.30000000004. */
export function roundUsd(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** a + b, field by field (a new object). */
export function addBuckets(a: UsageBucket, b: UsageBucket): UsageBucket {
  return {
    sessions: a.sessions + b.sessions,
    apiCalls: a.apiCalls + b.apiCalls,
    input: a.input + b.input,
    output: a.output + b.output,
    cacheRead: a.cacheRead + b.cacheRead,
    cacheWrite: a.cacheWrite + b.cacheWrite,
    reasoning: a.reasoning + b.reasoning,
    costUsd: roundUsd(a.costUsd + b.costUsd),
    actualCostUsd: roundUsd(a.actualCostUsd + b.actualCostUsd),
    unpricedSessions: a.unpricedSessions + b.unpricedSessions,
    unpricedTokens: a.unpricedTokens + b.unpricedTokens,
  };
}

/** Input + output + cache read + cache write (what Hermes's insights call total tokens). */
export function bucketTokens(b: UsageBucket): number {
  return b.input + b.output + b.cacheRead + b.cacheWrite;
}
