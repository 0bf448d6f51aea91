/**
 * Reduces a snapshot to the numbers trends need (one {@link RawSample} per run). Booleans become 0/1,
 * unknown stays null; a series whose whole section does not apply (no backup repo configured, no host
 * probes on this instance) is left out rather than recorded as unknown.
 */
import type { HistorySeries, RawSample } from '../../../common/contract/history.js';
import type { Snapshot } from '../../../common/contract/snapshot.js';
import { spendSampleValues } from './spend-sample.js';

type Values = Partial<Record<HistorySeries, number | null>>;

/** Pure: the same snapshot always gives the same sample. `t` is epoch seconds of `generatedAt`. */
export function snapshotToSample(s: Snapshot): RawSample {
  const v: Values = {
    gatewayUp: bool(s.gateway.running),
    heartbeatAge: num(s.gateway.heartbeatAgeSeconds),
    sessionsActive: s.sessions.active,
    sessionsTotal: s.sessions.total,
    messagesTotal: s.sessions.messages,
    sessions24h: s.sessions.startedLast24h,
    tokens24h: sum(s.sessions.last24h.input, s.sessions.last24h.output),
    cost24h: num(s.sessions.last24h.costUsd),
    tickerAge: num(s.cron.tickerHeartbeatAgeSeconds),
    errors24h: sum(s.logs.errors24h, s.logs.critical24h),
    restarts1h: s.gateway.restartsLastHour,
  };

  const telegram = s.gateway.platforms['telegram'];
  if (telegram) v.telegramUp = telegram.state === null ? null : telegram.state === 'connected' ? 1 : 0;

  const jobs = s.cron.jobs;
  v.cronEnabled = jobs ? jobs.filter((j) => j.enabled === true).length : null;
  v.cronErrors = jobs ? jobs.filter((j) => j.lastStatus === 'error').length : null;
  v.cronOverdue = jobs ? jobs.filter((j) => j.overdue).length : null;
  v.cronDeliveryFailed = jobs ? jobs.filter((j) => j.deliveryFailed).length : null;

  if (s.backup) {
    v.backupAge = num(s.backup.lastCommitAgeSeconds);
    v.backupDirty = bool(s.backup.dirty);
  }

  if (s.host) {
    const root = s.host.disks.find((d) => d.mount === '/');
    v.diskUsedPct = root ? round(root.usedPct) : null;
    v.diskFreeBytes = root ? root.freeBytes : null;
    v.memAvailablePct = s.host.memory ? round(s.host.memory.availablePct) : null;
    v.load1 = s.host.load ? round(s.host.load[0]) : null;
  }

  Object.assign(v, spendSampleValues(s.usage));

  return { t: Math.floor(Date.parse(s.generatedAt) / 1000), v };
}

function bool(b: boolean | null): number | null {
  return b === null ? null : b ? 1 : 0;
}

function num(n: number | null): number | null {
  return n === null || !Number.isFinite(n) ? null : round(n);
}

/** Unknown if either part is unknown: a partial sum would draw a false dip on the chart. */
function sum(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a + b;
}

/** Four decimals are plenty for a chart and keep the JSONL small. */
function round(n: number): number {
  return Math.round(n * 1e4) / 1e4;
}
