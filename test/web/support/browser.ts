import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_HOW_TO, findChromium, projectRoot } from '../../../scripts/bootstrap.mjs';

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** Where the tests write a screenshot of every page (ignored by git). */
export const SCREENSHOT_DIR = path.join(projectRoot, '.screenshots');

/** Chromium found on the machine (scripts/bootstrap.mjs installs Debian's when it can); a clear failure when none. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(`No Chromium found: ${CHROMIUM_HOW_TO}.`);
  return chromium.launch({
    executablePath,
    // Chromium's sandbox refuses to run as root, which CI is.
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
}

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/**
 * axe-core's serious and critical violations on the page as it is now. The
 * script is evaluated through the DevTools protocol, which the pages' CSP
 * (script-src 'self') does not govern, so the page runs under its real policy.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  const source = await axeSource;
  const alreadyThere = await page.evaluate(() => 'axe' in globalThis);
  if (!alreadyThere) await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Formats violations for an assertion message. */
export const describeViolations = (violations: AxeViolation[]) =>
  violations
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`)
    .join('\n');

/** Writes `<name>-desktop.png` and `<name>-phone.png`, restoring the page's size afterwards. */
export async function screenshotBothWidths(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize() ?? DESKTOP;
  for (const [label, size] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(original);
}
