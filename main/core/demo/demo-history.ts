/**
 * Weeks of deterministic demo history (the shape common/contract/history.ts describes): raw samples
 * every minute for the last 48 h, 10-minute rollups back to 14 days, hourly rollups back to 42 days.
 *
 * Values are a pure function of (instance, time, now): a seeded integer hash gives the noise, so the same
 * minute always gets the same noise however "now" moves, and the demo does not flicker between refreshes.
 */
import {
  HISTORY_RETENTION,
  type HistorySeries,
  type RawSample,
  type RollupSample,
} from '../../../common/contract/history.js';
import type { DemoInstanceId } from './demo-fleet.js';
import { demoDaySpendUsd } from './demo-usage.js';

export const DEMO_HISTORY_DAYS = 42;
const RAW_STEP = 60;
const TEN_MIN = 600;
const HOUR = 3600;
const DAY = 86400;

type Values = Partial<Record<HistorySeries, number | null>>;

/** mulberry32 finaliser over (seed, n): a stateless seeded PRNG returning [0, 1). */
function noise(seed: number, n: number): number {
  let t = (seed ^ Math.imul(n | 0, 0x9e3779b1)) + 0x6d2b79f5;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const SEEDS: Record<DemoInstanceId, number> = { vijay: 0x51a7, bheem: 0xb4ee };
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The series values of one instance at epoch second `t`, relative to `nowS` (for "recent" incidents). */
export function demoValuesAt(id: DemoInstanceId, t: number, nowS: number): Values {
  const seed = SEEDS[id];
  const healthy = id === 'vijay';
  const minute = Math.floor(t / 60);
  const r = noise(seed, minute);
  const r2 = noise(seed + 1, minute);
  const hourOfDay = ((t + 5.5 * HOUR) % DAY) / HOUR; // Asia/Kolkata working hours
  const daytime = Math.max(0, Math.sin(((hourOfDay - 6) / 16) * Math.PI));
  const daysAgo = (nowS - t) / DAY;
  const growth = 1 - daysAgo / (DEMO_HISTORY_DAYS + 8);
  const recentIncident = !healthy && nowS - t < 2 * HOUR;
  const outage = !healthy && noise(seed + 2, Math.floor(t / (6 * HOUR))) < 0.04;

  const sessionsTotal = Math.round((healthy ? 449 : 175) * growth);
  const values: Values = {
    gatewayUp: outage ? 0 : 1,
    heartbeatAge: outage ? null : round(5 + r * 25, 0),
    telegramUp: recentIncident || outage ? 0 : 1,
    sessionsActive: Math.round((healthy ? 412 : 138) * growth),
    sessionsTotal,
    messagesTotal: sessionsTotal * 13,
    sessions24h: Math.round((healthy ? 11 : 4) * (0.6 + 0.8 * daytime) + r2 * 2),
    tokens24h: Math.round((healthy ? 1_336_000 : 332_000) * (0.7 + 0.6 * daytime) * (0.9 + 0.2 * r)),
    cost24h: round((healthy ? 4.82 : 1.17) * (0.7 + 0.6 * daytime) * (0.9 + 0.2 * r)),
    cronEnabled: 3,
    cronErrors: !healthy && nowS - t < 5 * HOUR ? 1 : 0,
    cronOverdue: 0,
    cronDeliveryFailed: 0,
    tickerAge: round(5 + r2 * 50, 0),
    backupAge: (t % 1800) + (healthy ? 30 : 90),
    backupDirty: 0,
    errors24h: healthy ? Math.round(1 + r * 2) : Math.round(6 + r * 5),
    restarts1h: outage ? 1 : 0,
  };
  // Spend so far today (UTC day): the day's total, spent evenly through the day; resets at midnight.
  const dayStart = Math.floor(t / DAY) * DAY;
  const spend = demoDaySpendUsd(id, dayStart * 1000);
  const share = (t - dayStart) / DAY;
  values.costToday = round(spend.total * share);
  values.costTodayCron = round(spend.cron * share);
  if (healthy) {
    const usedPct = 58 + 9.2 * growth + r * 0.1;
    values.diskUsedPct = round(usedPct, 1);
    values.diskFreeBytes = Math.round(96 * 1024 ** 3 * (1 - usedPct / 100));
    values.memAvailablePct = round(30 + 12 * (1 - daytime) + r2 * 4, 1);
    values.load1 = round(0.2 + 0.9 * daytime * r + 0.1 * r2);
  }
  return values;
}

function rollupAt(id: DemoInstanceId, t: number, span: number, nowS: number): RollupSample {
  const avg = demoValuesAt(id, t + span / 2, nowS);
  const min: Values = {};
  const max: Values = {};
  for (const [key, value] of Object.entries(avg) as [HistorySeries, number | null][]) {
    if (value === null) {
      min[key] = null;
      max[key] = null;
      continue;
    }
    const a = demoValuesAt(id, t, nowS)[key] ?? value;
    const b = demoValuesAt(id, t + span - RAW_STEP, nowS)[key] ?? value;
    min[key] = Math.min(value, a, b);
    max[key] = Math.max(value, a, b);
  }
  return { t, span, n: span / RAW_STEP, avg, min, max };
}

export interface DemoHistory {
  raw: RawSample[];
  rollup: RollupSample[];
}

/** The history files' content for one instance, as of `nowMs` (oldest first in each). */
export function generateDemoHistory(
  id: DemoInstanceId,
  nowMs: number,
  days = DEMO_HISTORY_DAYS,
): DemoHistory {
  const nowS = Math.floor(nowMs / 1000 / RAW_STEP) * RAW_STEP;
  const rawFrom = nowS - HISTORY_RETENTION.rawSeconds;
  const tenMinFrom = Math.floor((nowS - HISTORY_RETENTION.tenMinuteSeconds) / HOUR) * HOUR;
  const hourlyFrom = Math.floor((nowS - days * DAY) / HOUR) * HOUR;

  const rollup: RollupSample[] = [];
  for (let t = hourlyFrom; t < tenMinFrom; t += HOUR) rollup.push(rollupAt(id, t, HOUR, nowS));
  const rawBucketStart = Math.floor(rawFrom / TEN_MIN) * TEN_MIN;
  for (let t = tenMinFrom; t < rawBucketStart; t += TEN_MIN) rollup.push(rollupAt(id, t, TEN_MIN, nowS));

  const raw: RawSample[] = [];
  for (let t = rawBucketStart; t <= nowS; t += RAW_STEP) raw.push({ t, v: demoValuesAt(id, t, nowS) });
  return { raw, rollup };
}
