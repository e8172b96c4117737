import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium';

/** Headless Chromium for the tests (Debian's, see scripts/chromium.ts). */
export function launch(): Promise<Browser> {
  return launchChromium();
}

/** Collects uncaught page errors and console errors so a test can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** Waits until the check-up shows the named file (and sheet, when given). */
export async function waitForDataset(page: Page, fileName: string, sheet?: string): Promise<void> {
  const sheetSel = sheet === undefined ? '' : `[data-sheet="${sheet}"]`;
  await page.locator(`[data-testid="checkup"][data-file="${fileName}"]${sheetSel}`).waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="progress"]').waitFor({ state: 'detached', timeout: 60_000 });
}
