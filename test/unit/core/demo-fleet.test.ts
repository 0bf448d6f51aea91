import { describe, expect, it } from 'vitest';
import { rawSampleSchema, rollupSampleSchema } from '../../../common/contract/history.js';
import { parseSnapshotValue } from '../../../common/contract/parse.js';
import { buildDemoSnapshot, DEMO_INSTANCES } from '../../../main/core/demo/demo-fleet.js';
import { vmAlertsHealth } from '../../../common/model/vm-alerts-health.js';
import { generateDemoHistory } from '../../../main/core/demo/demo-history.js';
import { createDemoFleetPoller } from '../../../main/core/poll/fleet-factory.js';

const NOW = Date.parse('2026-06-01T10:00:00Z');

describe('demo fleet', () => {
  it('reports VM-side alerts: Vijay both paths working, Bheem the Hermes job with path 2 off', () => {
    const health = (id: 'vijay' | 'bheem') => {
      const h = vmAlertsHealth(buildDemoSnapshot(id, NOW).alerts, NOW);
      return [h.hermesCron, h.direct];
    };
    expect(health('vijay')).toEqual(['working', 'working']);
    expect(health('bheem')).toEqual(['working', 'not-installed']);
  });

  it('builds two full snapshots that pass the contract', () => {
    for (const { id } of DEMO_INSTANCES) {
      const parsed = parseSnapshotValue(JSON.parse(JSON.stringify(buildDemoSnapshot(id, NOW))));
      expect(parsed.ok, parsed.ok ? '' : parsed.message).toBe(true);
    }
  });

  it('is Vijay (root, system units, :9119) and Bheem (uma, user units, :9120), both labelled demo', () => {
    const vijay = buildDemoSnapshot('vijay', NOW);
    const bheem = buildDemoSnapshot('bheem', NOW);
    expect([vijay.instance.user, vijay.systemd.scope, vijay.dashboard.port]).toEqual([
      'root',
      'system',
      9119,
    ]);
    expect([bheem.instance.user, bheem.systemd.scope, bheem.dashboard.port]).toEqual(['uma', 'user', 9120]);
    for (const s of [vijay, bheem]) {
      expect(s.instance.label).toMatch(/demo/);
      expect(s.exporterVersion).toMatch(/demo/);
    }
    expect(DEMO_INSTANCES.every((i) => /demo/.test(i.label))).toBe(true);
  });

  it('models Bheem’s real topology: a user gateway, a system dashboard and backup timer', () => {
    const bheem = buildDemoSnapshot('bheem', NOW);
    const vijay = buildDemoSnapshot('vijay', NOW);
    expect(bheem.instance.uid).toBe(1002);
    expect(bheem.systemd.units.map((u) => [u.role, u.name, u.scope])).toEqual([
      ['gateway', 'uma-hermes-gateway.service', 'user'],
      ['dashboard', 'uma-hermes-dashboard.service', 'system'],
      ['backup-timer', 'uma-hermes-backup.timer', 'system'],
    ]);
    expect(new Set(vijay.systemd.units.map((u) => u.scope))).toEqual(new Set(['system']));
  });

  it('gives Bheem the warnings the runbook worries about, and Vijay none of them', () => {
    const bheem = buildDemoSnapshot('bheem', NOW);
    const vijay = buildDemoSnapshot('vijay', NOW);
    const timer = (s: typeof bheem) => s.systemd.units.find((u) => u.role === 'backup-timer');
    expect(timer(bheem)?.activeState).toBe('inactive');
    expect(bheem.recovery.restoreDrillAgeDays).toBeGreaterThan(92);
    expect(bheem.cron.jobs?.filter((j) => j.lastStatus === 'error')).toHaveLength(1);
    expect(bheem.gateway.platforms['telegram']?.state).toBe('retrying');

    expect(timer(vijay)?.activeState).toBe('active');
    expect(vijay.recovery.restoreDrillAgeDays).toBeLessThan(92);
    expect(vijay.cron.jobs?.some((j) => j.lastStatus === 'error')).toBe(false);
    expect(vijay.gateway.platforms['telegram']?.state).toBe('connected');
  });

  it('has 35+ days of history: raw minutes for the last 48 h, rollups before, all valid and deterministic', () => {
    const h = generateDemoHistory('vijay', NOW);
    const nowS = NOW / 1000;
    expect(h.rollup[0]!.t).toBeLessThanOrEqual(nowS - 35 * 86400);
    expect(h.raw[0]!.t).toBeLessThanOrEqual(nowS - 48 * 3600);
    expect(h.raw.at(-1)!.t).toBe(nowS);
    expect(h.raw.length).toBeGreaterThanOrEqual(48 * 60);
    expect(h.rollup.at(-1)!.t + h.rollup.at(-1)!.span).toBeLessThanOrEqual(h.raw[0]!.t);
    expect(new Set(h.rollup.map((r) => r.span))).toEqual(new Set([600, 3600]));
    for (const s of h.raw) expect(rawSampleSchema.safeParse(s).success).toBe(true);
    for (const r of h.rollup) expect(rollupSampleSchema.safeParse(r).success).toBe(true);
    for (let i = 1; i < h.raw.length; i++) expect(h.raw[i]!.t).toBeGreaterThan(h.raw[i - 1]!.t);
    expect(generateDemoHistory('vijay', NOW)).toEqual(h);
    expect(generateDemoHistory('bheem', NOW).raw[0]).not.toEqual(h.raw[0]);
  });

  it('runs through the real poller: both instances live, source demo, with history', async () => {
    let now = NOW;
    const timers = { now: () => now, setTimeout: () => 0, clearTimeout: () => undefined };
    const p = createDemoFleetPoller({ timers });
    let rawSamples = 0;
    p.onHistory((_id, d) => (rawSamples += d.raw.samples.length));
    const first = await p.refreshNow();
    expect(first.instances.map((i) => [i.id, i.state, i.source])).toEqual([
      ['vijay', 'live', 'demo'],
      ['bheem', 'live', 'demo'],
    ]);
    expect(rawSamples).toBeGreaterThan(2 * 48 * 60);

    // A minute later the demo "exporter" has written again: one new raw sample each, appended.
    rawSamples = 0;
    now += 60_000;
    const second = await p.refreshNow();
    expect(rawSamples).toBe(2);
    expect(second.instances.every((i) => i.state === 'live')).toBe(true);
  });
});
