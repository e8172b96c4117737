import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, waitForDataset, watchErrors } from './browser';

const SAMPLE = 'petrochem-sample.xlsx';
const NAPHTHA = 'Naphtha CIF NWE ($/t)';
const BRENT = 'Brent crude ($/bbl)';

describe('EBM explanations in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
    errors = watchErrors(page);
    await page.goto(inject('baseUrl'));
    await waitForDataset(page, SAMPLE);
    // Naphtha forecast from its own past and Brent's: one target, one driver.
    await page.getByRole('button', { name: 'Forecast none' }).click();
    await page.locator(`[data-testid="series-row"][data-name="${NAPHTHA}"] select`).selectOption('target');
    await page.locator(`[data-testid="series-row"][data-name="${BRENT}"] select`).selectOption('driver');
    await page.locator('[data-testid="tab-forecast"]').click();
    for (const box of await page.locator('[data-testid^="model-"]').all()) {
      const kind = (await box.getAttribute('data-testid'))!.slice('model-'.length);
      await box.setChecked(kind === 'ebm' || kind === 'naive');
    }
    await page.locator('[data-testid="horizon"]').fill('5');
    await page.locator('[data-testid="backtests"]').fill('1');
    await page.locator('[data-testid="backtests"]').press('Tab');
    await page.locator('[data-testid="run-start"]').click();
    await page.locator('[data-testid="results"]').waitFor({ timeout: 110_000 });
    await page.locator('[data-testid="leaderboard-row"][data-kind="ebm"] button').click();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('splits each forecast step exactly into parts that add up to the forecast on screen', async () => {
    const forecasts = await page.locator('[data-testid="forecast-row"] td:nth-child(2)').evaluateAll((cells) => cells.map((c) => Number((c as HTMLElement).dataset.value)));
    expect(forecasts).toHaveLength(5);
    for (const h of [1, 3, 5]) {
      await page.locator('[data-testid="explain-step"]').fill(String(h));
      const fig = page.locator(`[data-testid="waterfall"][data-h="${h}"]`);
      const sum = Number(await fig.getAttribute('data-sum'));
      const parts = Number(await fig.getAttribute('data-parts'));
      expect(sum).toBeCloseTo(forecasts[h - 1], 8);
      expect(parts).toBeCloseTo(forecasts[h - 1], 8);
    }
    // The driver's lags are among the terms, under the user's column names.
    const terms = await page.locator('[data-testid="importances"] text[text-anchor="end"] title').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    expect(terms.length).toBeGreaterThan(3);
    expect(terms.some((t) => t.startsWith(BRENT) || t.startsWith(NAPHTHA))).toBe(true);
  });

  it('shows a term shape on click and the interaction heat maps', async () => {
    const bar = page.locator('[data-testid="importances"] g.bar').nth(1);
    const term = await bar.locator('text title').first().evaluate((e) => e.textContent);
    await bar.click();
    await expect(page.locator('[data-testid="shape-plot"]').getAttribute('data-term')).resolves.toBe(term);
    expect(Number(await page.locator('[data-testid="shape-plot"]').getAttribute('data-bins'))).toBeGreaterThan(2);
    expect(await page.locator('[data-testid="pair-heatmap"]').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
