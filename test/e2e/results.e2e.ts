import { readFileSync } from 'node:fs';
import * as XLSX from '@e965/xlsx';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseCsv } from '../../src/export/test-run';
import { launch, waitForDataset, watchErrors } from './browser';

const SAMPLE = 'petrochem-sample.xlsx';
const MODELS = ['naive', 'seasonal-naive', 'drift', 'dlinear'];

/** Runs the sample with a backtest of 3 windows on 2 workers and waits for the results. */
async function runSample(page: Page): Promise<void> {
  await page.goto(inject('baseUrl'));
  await waitForDataset(page, SAMPLE);
  await page.locator('[data-testid="tab-forecast"]').click();
  for (const box of await page.locator('[data-testid^="model-"]').all()) {
    const kind = (await box.getAttribute('data-testid'))!.slice('model-'.length);
    await box.setChecked(MODELS.includes(kind));
  }
  await page.locator('[data-testid="backtests"]').fill('3');
  await page.locator('[data-testid="workers"]').fill('2');
  await page.locator('[data-testid="workers"]').press('Tab');
  await page.locator('[data-testid="run-start"]').click();
  await page.locator('[data-testid="results"]').waitFor({ timeout: 120_000 });
}

/** The numbers in the forecast table (forecast, then lower/upper per level), row by row. */
function forecastTable(page: Page): Promise<number[][]> {
  return page.locator('[data-testid="forecast-row"]').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll<HTMLElement>('[data-value]')].map((c) => Number(c.dataset.value))));
}

/** Clicks an export button and returns the downloaded file's bytes. */
async function downloadedBytes(page: Page, testId: string): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-testid="${testId}"]`).click()]);
  return readFileSync((await download.path())!);
}

async function downloaded(page: Page, testId: string): Promise<string> {
  return (await downloadedBytes(page, testId)).toString('utf8').replace(/^\uFEFF/, '');
}

describe('results in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let runFile = '';

  beforeAll(async () => {
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1300, height: 1000 } });
    page = await context.newPage();
    errors = watchErrors(page);
    await runSample(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the leaderboard, the best model, a chart with two bands and the error analysis', async () => {
    await expect(page.locator('[data-testid="result-row"]').count()).resolves.toBe(10);
    const board = page.locator('[data-testid="leaderboard"]');
    const kinds = await board.locator('[data-testid="leaderboard-row"]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.kind));
    expect(kinds).toEqual([...MODELS, 'ensemble']);
    const best = await board.getAttribute('data-best');
    const mase = await board.locator('[data-testid="leaderboard-row"]').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.mase)));
    // The highlighted model has the lowest backtest MASE.
    expect(mase[kinds.indexOf(best!)]).toBe(Math.min(...mase));
    const chart = page.locator('[data-testid="forecast-chart"]');
    await expect(chart.getAttribute('data-bands')).resolves.toBe('2');
    await expect(chart.locator('canvas').count()).resolves.toBe(1);
    // The wheel zooms in around the cursor; double-click shows everything again.
    const plot = chart.locator('.plot');
    const span = async () => Number(await plot.getAttribute('data-x-max')) - Number(await plot.getAttribute('data-x-min'));
    const before = await span();
    await chart.locator('.u-over').hover();
    await page.mouse.wheel(0, -300);
    await expect.poll(span).toBeLessThan(before);
    await chart.locator('.u-over').dblclick();
    await expect.poll(span).toBeGreaterThan(before);
    const analysis = page.locator('[data-testid="error-analysis"]');
    await expect(analysis.getAttribute('data-points')).resolves.toBe(String(3 * 14));
    await expect(analysis.locator('[data-testid="worst-points"] tbody tr').count()).resolves.toBe(5);
    const coverage = await page.locator('[data-testid="coverage"] [data-level]').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.coverage)));
    expect(coverage).toHaveLength(2);
    for (const c of coverage) expect(c).toBeGreaterThan(0.5);
    expect(errors).toEqual([]);
  });

  it('changes interval levels without retraining', async () => {
    const before = await forecastTable(page);
    expect(before).toHaveLength(14);
    expect(before[0]).toHaveLength(5);
    await page.locator('[data-testid="levels"]').fill('50, 99');
    await page.locator('[data-testid="levels"]').press('Enter');
    await page.locator('[data-testid="coverage"] [data-level="0.5"]').waitFor();
    const after = await forecastTable(page);
    // Same point forecast; the 50 % band sits inside the 80 % band, which sits inside the 99 % one.
    expect(after.map((r) => r[0])).toEqual(before.map((r) => r[0]));
    for (let k = 0; k < 14; k++) {
      expect(after[k][1]).toBeGreaterThanOrEqual(before[k][1]);
      expect(after[k][3]).toBeLessThanOrEqual(before[k][3]);
    }
    await expect(page.locator('[data-testid="job"][data-status="running"]').count()).resolves.toBe(0);
  });

  it('exports forecasts, metrics and the backtest as CSV and XLSX whose numbers match the screen', async () => {
    const target = (await page.locator('[data-testid="target-title"]').innerText()).trim();
    const model = await page.locator('[data-testid="leaderboard"]').getAttribute('data-best');
    const shown = await forecastTable(page);
    const csv = parseCsv(await downloaded(page, 'export-forecasts'));
    expect(csv[0]).toEqual(['series', 'model', 'date', 'step', 'forecast', 'lower_50', 'upper_50', 'lower_99', 'upper_99']);
    const rows = csv.filter((r) => r[0] === target && r[1] === model);
    expect(rows).toHaveLength(14);
    // 99 % needs ≥ 99 residuals per step and there are 30: unbounded on screen, an empty cell in the file.
    rows.forEach((r, k) => r.slice(4).forEach((v, j) => (Number.isFinite(shown[k][j]) ? expect(Number(v)).toBeCloseTo(shown[k][j], 9) : expect(v).toBe(''))));
    expect(shown[0][3]).toBe(-Infinity);
    const metrics = parseCsv(await downloaded(page, 'export-metrics'));
    const mase = Number(metrics.find((r) => r[0] === target && r[1] === model)![metrics[0].indexOf('mase')]);
    expect(mase).toBeCloseTo(Number(await page.locator(`[data-testid="leaderboard-row"][data-kind="${model}"]`).getAttribute('data-mase')), 9);
    const backtest = parseCsv(await downloaded(page, 'export-backtest'));
    expect(backtest.filter((r) => r[0] === target && r[1] === model)).toHaveLength(3 * 14);

    const wb = XLSX.read(await downloadedBytes(page, 'export-xlsx'), { cellDates: true });
    expect(wb.SheetNames).toContain('Metrics');
    const sheet = wb.Sheets[wb.SheetNames.find((n) => n.startsWith(target.slice(0, 10)))!];
    const aoa = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true });
    expect(aoa[0].slice(0, 3)).toEqual(['Timeline', 'Values', 'Forecast']);
    const last = aoa.slice(-14);
    last.forEach((r, k) => {
      expect(r[0]).toBeInstanceOf(Date);
      expect(r[2] as number).toBeCloseTo(shown[k][0], 9);
      expect(r[3] as number).toBeCloseTo(shown[k][1], 9);
    });
    await downloaded(page, 'export-png');
    expect(errors).toEqual([]);
  });

  it('reopens the run after a reload, then deletes all data for real', async () => {
    runFile = await downloaded(page, 'export-run');
    const id = await page.locator('[data-testid="results"]').getAttribute('data-run');
    await page.locator('[data-testid="saved-run"]').first().waitFor();
    await page.reload();
    await page.locator(`[data-testid="results"][data-run="${id}"]`).waitFor({ timeout: 60_000 });
    // Back on the tab it was on, with the dataset re-read from the saved file.
    await expect(page.locator('[data-testid="tab-forecast"]').getAttribute('aria-pressed')).resolves.toBe('true');
    await page.locator('[data-testid="tab-data"]').click();
    await waitForDataset(page, SAMPLE);
    // A choice made just before deleting: its save, a moment later, must not bring the data back.
    await page.locator('[data-testid="series-row"] select').first().selectOption('driver');
    await page.locator('[data-testid="tab-forecast"]').click();
    await expect(page.locator('[data-testid="saved-run"]').count()).resolves.toBe(1);
    page.once('dialog', (d) => void d.accept());
    await page.locator('[data-testid="delete-all"]').click();
    await page.locator('[data-testid="saved-runs"][data-count="0"]').waitFor();
    await page.waitForTimeout(600);
    const left = await page.evaluate(async () => ({ dbs: (await indexedDB.databases()).map((d) => d.name), keys: Object.keys(localStorage).filter((k) => k.startsWith('forecaster.')) }));
    expect(left).toEqual({ dbs: [], keys: [] });
    expect(errors).toEqual([]);
  });

  it('opens a run file and shows the same results', async () => {
    const id = JSON.parse(runFile).run.id as string;
    await page.locator('[data-testid="run-file-input"]').setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(runFile) });
    await page.locator(`[data-testid="results"][data-run="${id}"]`).waitFor();
    await page.locator(`[data-testid="saved-run"][data-id="${id}"]`).waitFor();
    await page.locator('[data-testid="run-file-input"]').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"nope"}') });
    await expect(page.locator('[data-testid="run-file-error"]').innerText()).resolves.toMatch(/bad\.json/);
    expect(errors).toEqual([]);
  });
});
