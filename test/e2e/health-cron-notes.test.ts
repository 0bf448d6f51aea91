// What the Health and Cron panes say about signals that had no window test (issue 13 §2), in Chromium over
// crafted snapshots: replies that never arrived, a restart pending (running code ≠ installed checkout), the
// cron ticker's last error, corrupt jobs.json copies, an unreadable jobs.json, and the run strip's times
// in the instance's own time zone (issue 16 §1) while the browser runs in UTC.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Snapshot } from '../../common/contract/snapshot.js';
import { buildDemoSnapshot } from '../../main/core/demo/demo-fleet.js';
import { createFixtureService, FIXED_NOW, SNAPSHOT_AGE_MS } from './fixtures/fixture-service.js';
import { expectAccessible } from './helpers/expect-accessible.js';
import { useChromiumWindow } from './helpers/chromium-window.js';

const chromium = useChromiumWindow();
const WRITTEN = FIXED_NOW - SNAPSHOT_AGE_MS;
/** 12:00:20 UTC is 08:00:20 in New York (EDT, UTC−4) on 14 May 2026. */
const RUN_AT = '2026-05-14T12:00:20.000Z';

/** Bheem with failed replies, a pending restart, a ticker error, two corrupt jobs.json copies, New York time. */
function troubledBheem(): Snapshot {
  const s = buildDemoSnapshot('bheem', WRITTEN);
  const signals = s.signals!;
  const [first, ...rest] = signals.cronJobs!;
  return {
    ...s,
    config: { ...s.config, timezone: 'America/New_York' },
    signals: {
      ...signals,
      deliveryLedger: {
        ...signals.deliveryLedger!,
        pending: 1,
        failed: 2,
        abandoned: 1,
        lastFailedAt: '2026-05-14T13:30:00.000Z',
      },
      tickerLastError: {
        present: true,
        at: '2026-05-14T13:59:00.000Z',
        ageSeconds: 540,
        message: 'sqlite3.OperationalError: database is locked',
      },
      jobsFiles: { ...signals.jobsFiles!, corruptCount: 2, corruptLatestAt: '2026-05-14T11:00:00.000Z' },
      cronJobs: [
        {
          ...first!,
          runs: [{ at: RUN_AT, outcome: 'ok', durationSeconds: 42, cause: null }],
          missed7d: 0,
          failed7d: 0,
          consecutiveFailures: 0,
        },
        ...rest,
      ],
      gatewayLifecycle: {
        ...signals.gatewayLifecycle!,
        codeSha: '9f3c2b1aa0d4e5f6',
        codeVersion: 'v0.12.0',
        restartPending: true,
      },
    },
  };
}

/** Vijay whose jobs.json could not be read: the ledger is unknown, not empty. */
function unreadableVijay(): Snapshot {
  const s = buildDemoSnapshot('vijay', WRITTEN);
  return { ...s, signals: { ...s.signals!, cronJobs: null } };
}

async function open(pane: 'cron' | 'health', snapshots: Partial<Record<string, Snapshot>>): Promise<Page> {
  const fx = createFixtureService({ snapshots });
  const server = await chromium.serve(fx.service, { onState: fx.onState, onFocusWarning: fx.onFocusWarning });
  const page = await chromium.open(server.url, { now: FIXED_NOW, clock: 'manual' });
  await page.locator(`#pane-tab-${pane}`).click();
  return page;
}

describe('Health pane', () => {
  it('shows replies that never arrived and a restart pending, beside a healthy instance that shows neither', async () => {
    const page = await open('health', { bheem: troubledBheem() });
    const delivery = page.getByRole('region', { name: /^Bheem.*: reply delivery$/ });
    await delivery.waitFor();
    const text = await delivery.innerText();
    expect(text).toMatch(/Being sent\s*1/);
    expect(text).toContain('2 failed (retried) · 1 abandoned');
    expect(await delivery.locator('.text-bad').innerText()).toContain('2 failed');
    expect(text).not.toMatch(/Last failure\s*none/);
    const healthy = await page.getByRole('region', { name: /^Vijay.*: reply delivery$/ }).innerText();
    expect(healthy).toContain('0 failed (retried) · 0 abandoned');
    expect(healthy).toMatch(/Last failure\s*none/);

    const restarts = page.getByRole('region', { name: /^Bheem.*: restart forensics$/ });
    const pending = await restarts.locator('.text-bad', { hasText: 'yes: running' }).innerText();
    expect(pending).toContain('v0.12.0');
    expect(pending).toContain('9f3c2b1a');
    expect(pending).not.toContain('9f3c2b1aa0');
    expect(await page.getByRole('region', { name: /^Vijay.*: restart forensics$/ }).innerText()).toMatch(
      /Restart pending\s*no/,
    );
    await expectAccessible(page, 'health pane with failed replies and a pending restart');
  });
});

describe('Cron pane', () => {
  it('says the ticker failed and jobs.json was corrupt, an unreadable jobs.json is unknown, and run times are the instance’s own', async () => {
    const page = await open('cron', { bheem: troubledBheem(), vijay: unreadableVijay() });
    const bheem = page.getByRole('region', { name: /^Bheem.*: cron ledger$/ });
    await bheem.waitFor();
    expect(await bheem.getByRole('heading').first().innerText()).toBe('Runs, last 7 days (America/New_York)');
    const tick = await bheem.locator('p.text-bad', { hasText: 'Last tick failed' }).innerText();
    expect(tick).toContain('sqlite3.OperationalError: database is locked');
    expect(await bheem.innerText()).toContain(
      'jobs.json was found corrupt 2 time(s); Hermes kept the damaged copies.',
    );
    // The browser is in UTC; the run at 12:00:20 UTC reads as New York's 08:00:20.
    const cell = bheem.locator('.ledger-cell').first();
    const label = (await cell.getAttribute('aria-label')) ?? '';
    expect(label).toContain('08:00:20');
    expect(label).not.toContain('12:00:20');
    expect(label).toMatch(/ 08:00:20 .*: ok$/);

    const vijay = page.getByRole('region', { name: /^Vijay.*: cron ledger$/ });
    expect(await vijay.innerText()).toContain('jobs.json could not be read.');
    expect(await vijay.locator('.ledger-cell').count()).toBe(0);
    expect(await vijay.innerText()).not.toContain('Last tick failed');
    expect(await vijay.innerText()).not.toContain('found corrupt');
    await expectAccessible(page, 'cron pane with ticker error and unreadable jobs.json');
  });
});
