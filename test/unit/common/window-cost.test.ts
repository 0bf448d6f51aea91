import { describe, expect, it } from 'vitest';
import { windowCostText, windowHasUnpriced } from '../../../common/spend/window-cost.js';
import { buildDemoSnapshot } from '../../../main/core/demo/demo-fleet.js';

const NOW = Date.parse('2026-05-14T14:08:00Z');

describe('a rolling window’s cost as a lower bound', () => {
  it('reads "≥ $x" when Hermes could not price part of the days the window touches', () => {
    const bheem = buildDemoSnapshot('bheem', NOW); // runs a local model Hermes has no price for
    const vijay = buildDemoSnapshot('vijay', NOW); // everything priced
    expect(windowCostText(4.2, bheem.usage, 24)).toBe('≥ $4.20');
    expect(windowCostText(4.2, vijay.usage, 24)).toBe('$4.20');
    expect(windowCostText(null, bheem.usage, 24)).toBe('—');
  });

  it('looks only at the UTC days the window can touch, aux usage included', () => {
    const usage = structuredClone(buildDemoSnapshot('vijay', NOW).usage!);
    const oldest = usage.days[0]!; // 7 days back: inside the 7 d window, outside the 24 h one
    oldest.total.unpricedTokens = 500;
    expect(windowHasUnpriced(usage, 24)).toBe(false);
    expect(windowHasUnpriced(usage, 7 * 24)).toBe(true);
    const today = usage.days.at(-1)!;
    today.aux = { ...today.total, unpricedSessions: 1, unpricedTokens: 0 };
    expect(windowHasUnpriced(usage, 24)).toBe(true);
  });

  it('cannot say without the spend probe: the plain figure, no false claim either way', () => {
    expect(windowHasUnpriced(undefined, 24)).toBeNull();
    expect(windowHasUnpriced(null, 24)).toBeNull();
    expect(windowCostText(1.5, undefined, 24)).toBe('$1.50');
  });
});
