import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, or the one named by CHROME_PATH; never a downloaded browser. */
export function chromiumPath(): string {
  const path = process.env.CHROME_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) throw new Error(`Chromium not found at ${path}: install Debian's chromium (apt-get install chromium) or set CHROME_PATH.`);
  return path;
}

/** Headless Chromium with the flags that keep it quiet and offline on CI machines. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run', '--disable-dev-shm-usage'],
  });
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
