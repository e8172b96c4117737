import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, waitForDataset, watchErrors } from './browser';

describe('a run interrupted by a reload', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('keeps the finished jobs and resumes the rest', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(inject('baseUrl'));
    await waitForDataset(page, 'petrochem-sample.xlsx');
    await page.locator('[data-testid="tab-forecast"]').click();
    for (const box of await page.locator('[data-testid^="model-"]').all()) {
      const kind = (await box.getAttribute('data-testid'))!.slice('model-'.length);
      await box.setChecked(['naive', 'drift', 'dlinear', 'nlinear'].includes(kind));
    }
    await page.locator('[data-testid="backtests"]').fill('3');
    await page.locator('[data-testid="workers"]').fill('1');
    await page.locator('[data-testid="workers"]').press('Tab');
    await page.locator('[data-testid="run-start"]').click();
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-testid="run-progress"]')?.dataset.done) >= 12);
    await page.waitForTimeout(800); // a checkpoint tick (checkpoints come every 2 s: it may hold fewer jobs)
    await page.reload();

    const banner = page.locator('[data-testid="interrupted"]');
    await banner.waitFor({ timeout: 60_000 });
    const done = Number(await banner.getAttribute('data-done'));
    const total = Number(await banner.getAttribute('data-total'));
    expect(total).toBe(10 * 4 * 4);
    expect(done).toBeGreaterThanOrEqual(1);
    expect(done).toBeLessThan(total);
    await page.locator('[data-testid="resume-run"]').click();
    await page.locator('[data-testid="results"]').waitFor({ timeout: 120_000 });
    await expect(page.locator('[data-testid="result-row"]').count()).resolves.toBe(10);
    await expect(page.locator('[data-testid="run-progress"]').getAttribute('data-done')).resolves.toBe(String(total));
    await expect(banner.count()).resolves.toBe(0);
    await page.locator('[data-testid="tab-log"]').click();
    await expect(page.locator('[data-testid="log-entry"]', { hasText: `Resuming a run: ${done} jobs were already done` }).count()).resolves.toBe(1);
    // Finished: nothing left to resume after another reload.
    await page.reload();
    await page.locator('[data-testid="results"]').waitFor({ timeout: 60_000 }).catch(() => {});
    await page.locator('[data-testid="tab-forecast"]').click();
    await page.locator('[data-testid="saved-runs"]').waitFor();
    await expect(banner.count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
