import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { describeViolations, DESKTOP, PHONE, screenshotBothWidths, seriousAccessibilityViolations } from './browser';

/**
 * What every page must pass, at desktop and phone width: no serious or
 * critical axe-core violation, and a screenshot of each width in .screenshots/.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    const violations = await seriousAccessibilityViolations(page);
    assert.deepEqual(violations, [], `${name} at ${size.width}px:\n${describeViolations(violations)}`);
  }
  await page.setViewportSize(DESKTOP);
  await screenshotBothWidths(page, name);
}
