// The core's link facts in the window (issue 11 §3 §4): a poll that waits says "checking… last answer at
// HH:MM:SS" on the card; a host that served an invalid snapshot reads "Invalid snapshot" with the reason
// (a reachable host, not "Can't reach"); ages that rest on this computer's clock say so.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { clockWithSeconds } from '../../common/text/link-facts.js';
import { createFixtureService, FIXED_NOW, type Scenario } from './fixtures/fixture-service.js';
import { useChromiumWindow } from './helpers/chromium-window.js';

const chromium = useChromiumWindow();

async function open(scenario: Scenario): Promise<Page> {
  const fx = createFixtureService({ scenario });
  const server = await chromium.serve(fx.service, { onState: fx.onState });
  return chromium.open(server.url, { now: FIXED_NOW });
}

describe('link facts in the window', () => {
  it('says "checking… last answer at" and "VM clock unknown" on the card of the host being checked', async () => {
    const page = await open('checking');
    const vijay = page.locator('section.column').nth(0);
    const bheem = page.locator('section.column').nth(1);
    const lastAnswer = clockWithSeconds(new Date(FIXED_NOW - 35_000).toISOString());
    expect(await vijay.locator('.instance-header [data-link="checking"]').textContent()).toBe(
      `checking… last answer at ${lastAnswer}`,
    );
    expect(await vijay.locator('.instance-header [data-link="vm-clock"]').textContent()).toMatch(
      /^VM clock unknown: ages use this computer's clock/,
    );
    // The other instance is answering normally: nothing to say.
    expect(await bheem.locator('[data-link]').count()).toBe(0);
  });

  it('reads "Invalid snapshot" with the reason for a host that served a bad file, not "Can\'t reach"', async () => {
    const page = await open('invalid');
    const vijay = page.locator('section.column').nth(0);
    expect(await vijay.locator('.freshness').textContent()).toBe('Invalid snapshot');
    const notice = vijay.locator('[data-failure="invalid"]');
    expect(await notice.locator('.failure-title').textContent()).toBe('Invalid snapshot');
    const reason = await notice.locator('.failure-reason').textContent();
    expect(reason).toContain('hermes-vm answered');
    expect(reason).toContain('gateway.running: expected boolean');
    expect(await vijay.getByText(/Can’t reach/).count()).toBe(0);
  });
});
