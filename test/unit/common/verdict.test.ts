import { describe, expect, it } from 'vitest';
import { instanceVerdict, worstVerdict } from '../../../common/model/verdict.js';
import type { Warning } from '../../../common/model/warning.js';
import { makeSnapshot, makeStatus } from '../../fixtures/snapshot-factory.js';

const warning = (over: Partial<Warning>): Warning => ({
  id: `bheem:${over.check ?? 'x'}`,
  instanceId: 'bheem',
  check: 'x',
  severity: 'warning',
  title: 'Cron job failing: Daily digest',
  facts: [],
  since: null,
  status: 'active',
  commands: [],
  ...over,
});

describe('instanceVerdict', () => {
  const bheem = makeStatus(makeSnapshot('bheem'));

  it('is OK only for live data with no active warning', () => {
    expect(instanceVerdict(bheem, [])).toMatchObject({ level: 'ok', label: 'OK', warnings: 0 });
    // An info note or another instance's warning does not count.
    expect(
      instanceVerdict(bheem, [warning({ severity: 'info' }), warning({ instanceId: 'vijay' })]).level,
    ).toBe('ok');
  });

  it('needs attention for live data with a warning, and is critical with a critical, naming the top one', () => {
    const failing = warning({ check: 'cron.failing' });
    expect(instanceVerdict(bheem, [failing])).toMatchObject({
      level: 'attention',
      label: 'Needs attention',
      reason: 'Cron job failing: Daily digest',
      warnings: 1,
    });
    const down = warning({ check: 'gateway.down', severity: 'critical', title: 'Gateway down' });
    expect(instanceVerdict(bheem, [failing, down])).toMatchObject({
      level: 'critical',
      criticals: 1,
      warnings: 2,
      reason: 'Gateway down',
    });
  });

  it('is Unknown whenever the data is not current, however green the last snapshot looked', () => {
    for (const state of ['stale', 'unreachable', 'unknown', 'incompatible'] as const) {
      expect(instanceVerdict({ ...bheem, state }, []).level).toBe('unknown');
    }
    // The rules turn per-check warnings unknown while data is not current: they do not make it "attention".
    expect(instanceVerdict({ ...bheem, state: 'stale' }, [warning({ status: 'unknown' })]).level).toBe(
      'unknown',
    );
    expect(instanceVerdict(bheem, [], { dataCurrent: false })).toMatchObject({
      level: 'unknown',
      reason: 'Mission Control disconnected',
    });
  });

  it('still says Critical for a known critical while the data is not current (a changed host key)', () => {
    const mismatch = warning({
      check: 'ssh.host-key-mismatch',
      severity: 'critical',
      title: 'Host key changed',
    });
    expect(instanceVerdict({ ...bheem, state: 'unreachable' }, [mismatch]).level).toBe('critical');
  });
});

describe('worstVerdict', () => {
  it('ranks critical over unknown over attention over ok, and knows nothing of an empty fleet', () => {
    expect(worstVerdict(['ok', 'unknown'])).toBe('unknown');
    expect(worstVerdict(['ok', 'attention', 'unknown'])).toBe('unknown');
    expect(worstVerdict(['ok', 'attention'])).toBe('attention');
    expect(worstVerdict(['attention', 'critical'])).toBe('critical');
    expect(worstVerdict(['ok', 'ok'])).toBe('ok');
    expect(worstVerdict([])).toBe('unknown');
  });
});
