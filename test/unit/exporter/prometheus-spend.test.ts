import { describe, expect, it } from 'vitest';
import { renderPrometheus } from '../../../exporter/src/prometheus.js';
import { makeUsage, type DaySpec } from '../../fixtures/usage-factory.js';
import { makeSnapshot } from './make-snapshot.js';

const run = { durationMs: 120, subprocesses: 3 };
const week = Array<DaySpec>(7).fill({ interactive: 0.5 });

function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

describe('spend in the Prometheus file', () => {
  it("writes today's spend per source, its tokens, and flags a lower bound", () => {
    const usage = makeUsage([...week, { cron: 4.2, interactive: 0.11, other: 0.05, unpricedTokens: 3700 }], {
      lastHourCron: 1.2,
    });
    const m = samples(renderPrometheus({ ...makeSnapshot(), usage }, run));
    expect(m.get('hermes_spend_today_usd{instance="vijay",source="all"}')).toBe(4.36);
    expect(m.get('hermes_spend_today_usd{instance="vijay",source="cron"}')).toBe(4.2);
    expect(m.get('hermes_spend_today_usd{instance="vijay",source="other"}')).toBe(0.05);
    expect(m.get('hermes_spend_today_tokens{instance="vijay",source="cron"}')).toBe(42_000);
    expect(m.get('hermes_spend_today_unpriced_tokens{instance="vijay"}')).toBe(3700);
    expect(m.get('hermes_spend_today_lower_bound{instance="vijay"}')).toBe(1);
    expect(m.get('hermes_spend_last_hour_cron_usd{instance="vijay"}')).toBe(1.2);
  });

  it('writes explicit zeros on a quiet day and no spend series at all when spend is unknown', () => {
    const quiet = samples(renderPrometheus({ ...makeSnapshot(), usage: makeUsage([...week, {}]) }, run));
    expect(quiet.get('hermes_spend_today_usd{instance="vijay",source="all"}')).toBe(0);
    expect(quiet.get('hermes_spend_today_lower_bound{instance="vijay"}')).toBe(0);
    const unknown = renderPrometheus({ ...makeSnapshot(), usage: null }, run);
    expect(unknown).not.toContain('hermes_spend_');
  });
});
