/** The accessibility check every window screen gets: no serious or critical axe-core violations. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { describeViolations, seriousA11yViolations } from './browser.js';

/** Fails naming each serious or critical violation on the page as it is now; `label` says which screen. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  expect(
    describeViolations(await seriousA11yViolations(page)),
    `${label}: serious/critical axe violations`,
  ).toBe('');
}
