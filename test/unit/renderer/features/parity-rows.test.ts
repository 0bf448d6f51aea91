import { describe, expect, it } from 'vitest';
import { buildDemoSnapshot } from '../../../../main/core/demo/demo-fleet.js';
import { parityRows } from '../../../../renderer/src/features/agent-config/parity-rows.js';

const NOW = Date.parse('2026-05-14T14:08:00Z');

describe('parity table', () => {
  it('flags exactly the settings that differ between instances', () => {
    const a = buildDemoSnapshot('vijay', NOW);
    const b = structuredClone(a);
    b.config.modelDefault = 'other-model';
    b.config.toolsets = [...a.config.toolsets].reverse();
    const rows = parityRows([a, b]);
    expect(rows.filter((r) => r.differs).map((r) => r.key)).toEqual(['model']);
  });

  it('treats an instance without data as different, and a single instance as nothing to compare', () => {
    const a = buildDemoSnapshot('vijay', NOW);
    expect(parityRows([a, null]).every((r) => r.differs)).toBe(true);
    expect(parityRows([a]).some((r) => r.differs)).toBe(false);
  });

  it('marks Hermes defaults per instance, and a default still equals an explicit same value', () => {
    const vijay = buildDemoSnapshot('vijay', NOW); // approvals: 'ask' by default
    const bheem = buildDemoSnapshot('bheem', NOW); // approvals: 'ask' set in config.yaml
    const row = (key: string, snaps = [vijay, bheem]) => parityRows(snaps).find((r) => r.key === key)!;
    expect(row('approvals')).toMatchObject({
      values: ['ask', 'ask'],
      defaulted: [true, false],
      differs: false,
    });
    expect(row('terminal').defaulted).toEqual([true, true]);
    expect(row('model').defaulted).toEqual([false, false]);
    // Not a config.yaml setting, no data, or an exporter too old to say: unknown, never "set".
    expect(row('exporter').defaulted).toEqual([null, null]);
    const older = structuredClone(bheem);
    delete older.config.defaulted;
    expect(row('approvals', [vijay, older, null] as never).defaulted).toEqual([true, null, null]);
  });
});
