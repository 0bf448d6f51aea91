/**
 * Boundaries that hand-made mutations of the rules survived (issue 11 §6): each case sits exactly on a
 * threshold or just beside it, so flipping a `>=` to `>`, dropping a condition or swapping a constant
 * fails here.
 */
import { describe, expect, it } from 'vitest';
import type { DeepPartial } from '../../../fixtures/snapshot-factory.js';
import type { Snapshot } from '../../../../common/contract/snapshot.js';
import { evaluateRules } from '../../../../common/alerts/evaluate-rules.js';
import type { InstanceStatus } from '../../../../common/model/instance-status.js';
import { thresholdsSchema } from '../../../../preload/ipc-contract.js';
import { FIXED_NOW, makeSnapshot, makeStatus, unit, VM_HOST } from '../../../fixtures/snapshot-factory.js';

const thresholds = thresholdsSchema.parse({});
const GB = 2 ** 30;
const MB = 2 ** 20;
const iso = (secondsAgo: number) => new Date(FIXED_NOW.getTime() - secondsAgo * 1000).toISOString();

function severityOf(check: string, snap: DeepPartial<Snapshot>, status: Partial<InstanceStatus> = {}) {
  const warnings = evaluateRules({
    instances: [makeStatus(makeSnapshot('vijay', snap), status)],
    thresholds,
    now: FIXED_NOW,
    hosts: [VM_HOST],
  });
  return warnings.find((w) => w.check === check && w.status === 'active')?.severity ?? null;
}

describe('disk rule at exactly its thresholds (85 % warns, 95 % critical; critical below 256 MB free, warns below 512 MB)', () => {
  const disk = (usedPct: number, freeBytes: number) => ({
    host: { disks: [{ mount: '/', label: 'root', totalBytes: 1000 * GB, freeBytes, usedPct }] },
  });
  const plenty = 100 * GB;
  it.each([
    [84.9, plenty, null],
    [85, plenty, 'warning'],
    [94.9, plenty, 'warning'],
    [95, plenty, 'critical'],
  ] as const)('%s %% used with plenty free → %s', (pct, free, severity) => {
    expect(severityOf('host.disk.root', disk(pct, free))).toBe(severity);
  });
  it.each([
    [512 * MB, null],
    [512 * MB - 1, 'warning'],
    [256 * MB, 'warning'],
    [256 * MB - 1, 'critical'],
  ] as const)('%s bytes free at 50 %% used → %s', (free, severity) => {
    expect(severityOf('host.disk.root', disk(50, free))).toBe(severity);
  });
  it('the thresholds come from the settings, not constants', () => {
    const strict = thresholdsSchema.parse({ diskUsedPctWarning: 50, diskUsedPctCritical: 60 });
    const warnings = evaluateRules({
      instances: [makeStatus(makeSnapshot('vijay', disk(60, plenty)))],
      thresholds: strict,
      now: FIXED_NOW,
      hosts: [VM_HOST],
    });
    expect(warnings.find((w) => w.check === 'host.disk.root')?.severity).toBe('critical');
  });
});

describe('a backup timer that fired recently but failed is not a fresh backup', () => {
  // Every other piece of evidence is old: the repo's last commit and the backup job's last success.
  const oldEvidence = (timer: Parameters<typeof unit>[2]): DeepPartial<Snapshot> => ({
    backup: { lastCommitAt: iso(6 * 3600) },
    cron: { jobs: [] },
    systemd: {
      units: [
        unit('hermes-root-backup.timer', 'backup-timer', {
          activeState: 'active',
          lastTriggerAt: iso(300),
          nextTriggerAt: iso(-3300),
          ...timer,
        }),
      ],
    },
  });
  it('fired 5 min ago and succeeded: fresh', () => {
    expect(severityOf('backup.stale', oldEvidence({ result: 'success' }))).toBeNull();
  });
  it.each(['exit-code', 'timeout', 'signal'])('fired 5 min ago with result %s: stale', (result) => {
    expect(severityOf('backup.stale', oldEvidence({ result }))).not.toBeNull();
  });
  it('fired 5 min ago with an unknown result (null): not counted as a success either', () => {
    expect(severityOf('backup.stale', oldEvidence({ result: null }))).not.toBeNull();
  });
});

describe('the stale boundary (60 s interval, stale after 3 intervals)', () => {
  const live = (age: number) =>
    severityOf('data.stale', { intervalSeconds: 60 }, { state: 'live', dataAgeSeconds: age });
  it('180 s is live, 181 s is stale', () => {
    expect(live(180)).toBeNull();
    expect(live(180.1)).toBe('warning');
    expect(live(181)).toBe('warning');
  });
});
