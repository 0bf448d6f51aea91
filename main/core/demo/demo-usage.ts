/**
 * Deterministic demo spend (snapshot `usage`) for the two demo instances: eight UTC days with cron,
 * interactive and other spend per model. Calm on purpose (no spend warning by default): the demo is what
 * the tests' snapshot factory builds on. Bheem runs a local model Hermes has no price for, so its totals
 * read as lower bounds ("≥ $1.17").
 */
import type {
  SpendSource,
  UsageBucket,
  UsageDay,
  UsageInfo,
  UsageModel,
} from '../../../common/contract/snapshot-usage.js';
import { addBuckets, emptyBucket, roundUsd } from '../../../common/spend/usage-bucket.js';
import type { DemoInstanceId } from './demo-fleet.js';

const DAY = 86400_000;

interface ModelSpec {
  model: string;
  source: SpendSource;
  task: string | null;
  /** USD per day (null = unpriced) and tokens per day. */
  usd: number | null;
  tokens: number;
}

const MODELS: Record<DemoInstanceId, ModelSpec[]> = {
  vijay: [
    { model: 'anthropic/claude-sonnet-4', source: 'interactive', task: null, usd: 3.1, tokens: 820_000 },
    { model: 'openai/gpt-5-mini', source: 'cron', task: null, usd: 1.35, tokens: 410_000 },
    {
      model: 'google/gemini-2.5-flash',
      source: 'interactive',
      task: 'compression',
      usd: 0.22,
      tokens: 96_000,
    },
    { model: 'anthropic/claude-sonnet-4', source: 'other', task: null, usd: 0.15, tokens: 10_000 },
  ],
  bheem: [
    { model: 'nousresearch/hermes-4-70b', source: 'interactive', task: null, usd: 0.82, tokens: 240_000 },
    { model: 'nousresearch/hermes-4-70b', source: 'cron', task: null, usd: 0.35, tokens: 70_000 },
    { model: 'local/qwen3-32b', source: 'interactive', task: null, usd: null, tokens: 22_000 },
  ],
};

/** A steady, slightly wavy day: the same (instance, day) always gives the same numbers. */
function wave(dayIndex: number, seed: number): number {
  return 0.85 + 0.3 * Math.abs(Math.sin(dayIndex * 1.7 + seed));
}

function bucketFor(spec: ModelSpec, factor: number): UsageBucket {
  const tokens = Math.round(spec.tokens * factor);
  const input = Math.round(tokens * 0.62);
  const cacheRead = Math.round(tokens * 0.25);
  const output = tokens - input - cacheRead;
  return {
    ...emptyBucket(),
    sessions: Math.max(1, Math.round(tokens / 40_000)),
    apiCalls: Math.max(1, Math.round(tokens / 9_000)),
    input,
    output,
    cacheRead,
    costUsd: spec.usd === null ? 0 : roundUsd(spec.usd * factor),
    unpricedSessions: spec.usd === null ? 1 : 0,
    unpricedTokens: spec.usd === null ? tokens : 0,
  };
}

/** A whole UTC day's demo spend (USD, priced part), total and cron: what the history's daily peaks reach. */
export function demoDaySpendUsd(id: DemoInstanceId, dayStartMs: number): { total: number; cron: number } {
  const factor = wave(Math.floor(dayStartMs / DAY), id === 'vijay' ? 1 : 2);
  const sum = (specs: ModelSpec[]) => roundUsd(specs.reduce((s, m) => s + (m.usd ?? 0) * factor, 0));
  return { total: sum(MODELS[id]), cron: sum(MODELS[id].filter((m) => m.source === 'cron')) };
}

export function buildDemoUsage(id: DemoInstanceId, generatedAtMs: number): UsageInfo {
  const todayStart = Math.floor(generatedAtMs / DAY) * DAY;
  // Today is partly spent: scale by how far into the UTC day we are.
  const dayShare = (generatedAtMs - todayStart) / DAY;
  const seed = id === 'vijay' ? 1 : 2;
  const days: UsageDay[] = [];
  for (let i = 7; i >= 0; i--) {
    const start = todayStart - i * DAY;
    const factor = wave(Math.floor(start / DAY), seed) * (i === 0 ? dayShare : 1);
    const bySource = { cron: emptyBucket(), interactive: emptyBucket(), other: emptyBucket() };
    let total = emptyBucket();
    let aux = emptyBucket();
    // One row per (model, task), as the exporter reports it.
    const models = new Map<string, UsageModel>();
    for (const spec of MODELS[id]) {
      const b = bucketFor(spec, factor);
      bySource[spec.source] = addBuckets(bySource[spec.source], b);
      if (spec.task) aux = addBuckets(aux, b);
      else total = addBuckets(total, b);
      const key = `${spec.model}\u0000${spec.task ?? ''}`;
      const prev = models.get(key);
      models.set(key, { model: spec.model, task: spec.task, ...(prev ? addBuckets(prev, b) : b) });
    }
    const byModel = [...models.values()];
    byModel.sort((a, b) => b.input + b.output + b.cacheRead - (a.input + a.output + a.cacheRead));
    days.push({ date: new Date(start).toISOString().slice(0, 10), total, aux, bySource, byModel });
  }
  const cronToday = days.at(-1)!.bySource.cron;
  return {
    dayBoundary: 'UTC',
    today: days.at(-1)!.date,
    days,
    lastHour: {
      cron: {
        ...cronToday,
        sessions: cronToday.sessions > 0 ? 1 : 0,
        costUsd: roundUsd(cronToday.costUsd / 24),
      },
      interactive: emptyBucket(),
      other: emptyBucket(),
    },
    unpricedModels: MODELS[id].filter((m) => m.usd === null).map((m) => m.model),
  };
}
