// Settings as a person reads it in `hermes-mc web`: no desktop-only options, sizes in MiB, plain words,
// inputs aligned in rows, and a host's instances as rows of their own.
import { describe, expect, it } from 'vitest';
import { createFixtureService, FIXED_NOW } from './fixtures/fixture-service.js';
import { screenshot } from './helpers/browser.js';
import { useChromiumWindow } from './helpers/chromium-window.js';

const chromium = useChromiumWindow();

async function openSettings() {
  const fx = createFixtureService();
  const server = await chromium.serve(fx.service, { onState: fx.onState, onFocusWarning: fx.onFocusWarning });
  const page = await chromium.open(server.url, { now: FIXED_NOW });
  await page.locator('#pane-tab-settings').click();
  await page.getByLabel('Poll interval (seconds)').waitFor();
  return page;
}

describe('Settings in the browser', () => {
  it('hides the desktop-only options, shows the disk floor in MiB and says things in plain words', async () => {
    const page = await openSettings();
    const text = (await page.locator('#main-panel').textContent()) ?? '';
    expect(text).not.toContain('Launch at login');
    expect(text).not.toContain('Start hidden');
    expect(text).not.toMatch(/\(bytes\)|\(polls\)|exporter intervals/);
    expect(await page.getByLabel('Disk free: critical below (MiB)').inputValue()).toBe('256');
    await page.getByLabel('Notify about a warning once it has lasted (checks in a row)').waitFor();
  });

  it('lines up the inputs of each row of the form, whatever the length of their labels', async () => {
    const page = await openSettings();
    const tops = await page
      .locator('.form-grid')
      .last()
      .locator('.field input')
      .evaluateAll((inputs) =>
        inputs.map((i) => [i.getBoundingClientRect().left, i.getBoundingClientRect().top]),
      );
    // Inputs that share a row share a top edge.
    const rows = new Map<number, number[]>();
    for (const [, top] of tops) {
      const row = [...rows.keys()].find((t) => Math.abs(t - top!) < 40) ?? top!;
      rows.set(row, [...(rows.get(row) ?? []), top!]);
    }
    for (const row of rows.values()) expect(Math.max(...row) - Math.min(...row)).toBeLessThan(1);
    expect([...rows.values()].some((r) => r.length > 1)).toBe(true);
    await screenshot(page, 'settings-aligned');
  });

  it('edits a host’s instances as rows: add one, remove one, each with its own id and label', async () => {
    const page = await openSettings();
    await page.getByRole('button', { name: 'Add host' }).click();
    const form = page.getByRole('form', { name: 'Add a host' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('name');
    await form.getByLabel('Instance 1 id').fill('vijay');
    await form.getByRole('button', { name: 'Add instance' }).click();
    await form.getByLabel('Instance 2 id').fill('bheem');
    await form.getByLabel('Instance 2 label').fill('Bheem (uma)');
    expect(await form.locator('.instance-row').count()).toBe(2);
    await form.getByRole('button', { name: 'Remove instance 1 (vijay)' }).click();
    expect(await form.getByLabel('Instance 1 id').inputValue()).toBe('bheem');
    expect(await form.getByRole('button', { name: /^Remove instance 1/ }).isDisabled()).toBe(true);
  });
});
