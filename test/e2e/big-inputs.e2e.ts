import { sharedDataset } from '../datasets';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { longCellCsv, wideCsv, writeBigXlsx, writeHugeCsv } from '../../scripts/big-inputs';
import { launch, waitForDataset, watchErrors } from './browser';
import { chromiumPssMB, sampleMemory } from '../../scripts/memory';

const generated = fileURLToPath(new URL('../.generated/', import.meta.url));
const ETTM1 = sharedDataset('ETTm1.csv');

/** Starts recording main-thread tasks longer than 50 ms (the Long Tasks API). */
async function recordLongTasks(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[] };
    w.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__long.push(e.duration);
    }).observe({ type: 'longtask' });
  });
}

const longTasks = (page: Page) => page.evaluate(() => (window as unknown as { __long: number[] }).__long);

describe('big and pathological inputs in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    mkdirSync(generated, { recursive: true });
    browser = await launch();
    page = await browser.newPage();
    errors = watchErrors(page);
    await page.goto(`${inject('baseUrl')}?sample=0`);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('parses ETTm1 (10 MB, 69,680 rows) without blocking the page', async () => {
    await recordLongTasks(page);
    const memory = sampleMemory();
    const t0 = performance.now();
    await page.locator('[data-testid="file-input"]').setInputFiles(ETTM1);
    await waitForDataset(page, 'ETTm1.csv');
    const seconds = (performance.now() - t0) / 1000;
    const peakMB = memory.stop();
    const checkup = page.locator('[data-testid="checkup"]');
    await expect(checkup.getAttribute('data-rows')).resolves.toBe('69680');
    await expect(checkup.getAttribute('data-frequency')).resolves.toBe('fixed');
    await expect(checkup.getAttribute('data-first')).resolves.toBe('2016-07-01T00:00:00.000Z');
    await expect(checkup.getAttribute('data-last')).resolves.toBe('2018-06-26T19:45:00.000Z');
    const tasks = await longTasks(page);
    console.log(`[measure] ETTm1.csv in Chromium: ${seconds.toFixed(2)} s to check-up, browser peak PSS ${peakMB.toFixed(0)} MB, longest main-thread task ${Math.max(0, ...tasks).toFixed(0)} ms`);
    expect(Math.max(0, ...tasks)).toBeLessThan(200);
  });

  it('handles 100,000 columns with a windowed series list', async () => {
    const path = `${generated}wide.csv`;
    writeFileSync(path, wideCsv(100_001, 5)); // 100,000 series plus the date column
    await page.locator('[data-testid="file-input"]').setInputFiles(path);
    await waitForDataset(page, 'wide.csv');
    await expect(page.locator('[data-testid="checkup"]').getAttribute('data-series')).resolves.toBe('100000');
    expect(await page.locator('[data-testid="series-row"]').count()).toBeLessThan(60);
    expect(await page.locator('[data-testid="preview"] .cell').count()).toBeLessThan(600);
    expect(await page.evaluate(() => document.getElementsByTagName('*').length)).toBeLessThan(5_000);
  });

  it('handles a cell of a million characters', async () => {
    const path = `${generated}long-cell.csv`;
    writeFileSync(path, longCellCsv(1_000_000));
    await page.locator('[data-testid="file-input"]').setInputFiles(path);
    await waitForDataset(page, 'long-cell.csv');
    const issues = await page.locator('[data-testid="cell-issues"]').innerText();
    expect(issues.length).toBeLessThan(2_000); // the giant cell is shown shortened
  });

  it('streams a 200 MB CSV with progress and a responsive page', async () => {
    const path = `${generated}huge.csv`;
    await writeHugeCsv(path, 200 * 1024 * 1024);
    const bytes = statSync(path).size;
    await recordLongTasks(page);
    const memory = sampleMemory();
    const t0 = performance.now();
    await page.locator('[data-testid="file-input"]').setInputFiles(path);
    await page.locator('[data-testid="progress"]').waitFor({ timeout: 10_000 });
    await waitForDataset(page, 'huge.csv');
    const seconds = (performance.now() - t0) / 1000;
    const peakMB = memory.stop();
    const rows = Number(await page.locator('[data-testid="checkup"]').getAttribute('data-rows'));
    const tasks = await longTasks(page);
    console.log(`[measure] ${(bytes / 2 ** 20).toFixed(0)} MB CSV (${rows} rows) in Chromium: ${seconds.toFixed(1)} s, browser peak PSS ${peakMB.toFixed(0)} MB, longest main-thread task ${Math.max(0, ...tasks).toFixed(0)} ms`);
    expect(rows).toBeGreaterThan(1_000_000);
    expect(Math.max(0, ...tasks)).toBeLessThan(500);
  });

  it('streams a 100,000-row × 200-column .xlsx in bounded memory', async () => {
    const path = `${generated}big.xlsx`;
    const t = performance.now();
    const info = await writeBigXlsx(path, 100_000, 200);
    console.log(`[measure] wrote ${path}: ${(info.bytes / 2 ** 20).toFixed(0)} MB (${(info.xmlBytes / 2 ** 20).toFixed(0)} MB of sheet XML) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    // A fresh document, so the datasets of the tests before do not count against this one.
    await page.goto(`${inject('baseUrl')}?sample=0`);
    await recordLongTasks(page);
    const baseMB = chromiumPssMB();
    const memory = sampleMemory();
    const t0 = performance.now();
    await page.locator('[data-testid="file-input"]').setInputFiles(path);
    await page.locator('[data-testid="progress"]').waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="checkup"][data-file="big.xlsx"]').waitFor({ timeout: 300_000 });
    await page.locator('[data-testid="progress"]').waitFor({ state: 'detached', timeout: 60_000 });
    const seconds = (performance.now() - t0) / 1000;
    const peakMB = memory.stop();
    const checkup = page.locator('[data-testid="checkup"]');
    await expect(checkup.getAttribute('data-rows')).resolves.toBe('100000');
    await expect(checkup.getAttribute('data-series')).resolves.toBe('200');
    await expect(checkup.getAttribute('data-frequency')).resolves.toBe('daily');
    await expect(checkup.getAttribute('data-first')).resolves.toBe(`${info.first}T00:00:00.000Z`);
    await expect(checkup.getAttribute('data-last')).resolves.toBe(`${info.last}T00:00:00.000Z`);
    const tasks = await longTasks(page);
    console.log(`[measure] ${(info.bytes / 2 ** 20).toFixed(0)} MB .xlsx (100,000 rows × 200 series) in Chromium: ${seconds.toFixed(1)} s, browser peak PSS ${peakMB.toFixed(0)} MB (${baseMB.toFixed(0)} MB before), longest main-thread task ${Math.max(0, ...tasks).toFixed(0)} ms`);
    // Measured: ~420-440 MB above the page before it (20 M cells; the frame is 160 MB, held twice: raw in the
    // parse worker, cleaned on the page). Reading the sheet's 609 MB of XML whole, as SheetJS does, would take GBs.
    expect(peakMB - baseMB).toBeLessThan(900);
    expect(Math.max(0, ...tasks)).toBeLessThan(500); // the sheet is read in the parse worker
  }, 600_000);

  it('had no uncaught errors', () => {
    expect(errors).toEqual([]);
  });
});
