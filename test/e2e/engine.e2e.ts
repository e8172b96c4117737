import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, waitForDataset, watchErrors } from './browser';

const SAMPLE = 'petrochem-sample.xlsx';
const BRENT = 'Brent crude ($/bbl)';
const NAPHTHA = 'Naphtha CIF NWE ($/t)';

/** Opens the app on the sample with the given URL hooks and a small, fast run configured. */
async function openRun(browser: Browser, query = ''): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${inject('baseUrl')}${query}`);
  await waitForDataset(page, SAMPLE);
  await page.locator('[data-testid="tab-forecast"]').click();
  for (const box of await page.locator('[data-testid^="model-"]').all()) {
    const kind = (await box.getAttribute('data-testid'))!.slice('model-'.length);
    await box.setChecked(kind === 'naive' || kind === 'dlinear');
  }
  await page.locator('[data-testid="backtests"]').fill('1');
  await page.locator('[data-testid="workers"]').fill('2');
  await page.locator('[data-testid="workers"]').press('Tab');
  return { page, errors };
}

/** Waits for the run to finish and returns every job's final record as shown. */
async function finishedJobs(page: Page) {
  await page.waitForFunction(() => {
    const p = document.querySelector<HTMLElement>('[data-testid="run-progress"]');
    return p?.dataset.running === 'false' && document.querySelector('[data-testid="result-row"]');
  }, undefined, { timeout: 120_000 });
  return page.locator('[data-testid="job"]').evaluateAll((rows) =>
    rows.map((r) => ({ id: (r as HTMLElement).dataset.id!, status: (r as HTMLElement).dataset.status!, attempts: Number((r as HTMLElement).dataset.attempts), worker: (r as HTMLElement).dataset.worker! })),
  );
}

describe('training engine in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('runs the sample on 2 workers, cancels mid-run, and runs again', async () => {
    const { page, errors } = await openRun(browser, '?');
    await expect(page.locator('[data-testid="backend-reason"]').getAttribute('data-backend')).resolves.toBe('wasm');
    await page.locator('[data-testid="run-start"]').click();
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-testid="run-progress"]')?.dataset.done) >= 3);
    // The live monitor shows the busy workers and the queue while the run goes.
    expect(Number(await page.locator('[data-testid="monitor"]').getAttribute('data-busy'))).toBeGreaterThanOrEqual(1);
    await page.locator('[data-testid="run-cancel"]').click();
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="run-progress"]')?.dataset.running === 'false', undefined, { timeout: 60_000 });
    const cancelled = await page.locator('[data-testid="job"][data-status="cancelled"]').count();
    expect(cancelled).toBeGreaterThan(0);

    await page.locator('[data-testid="run-start"]').click();
    const jobs = await finishedJobs(page);
    expect(jobs.length).toBe(10 * 2 * 2);
    expect(jobs.every((j) => j.status === 'done')).toBe(true);
    expect(new Set(jobs.map((j) => j.worker)).size).toBe(2); // both workers took jobs
    await expect(page.locator('[data-testid="result-row"]').count()).resolves.toBe(10);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('retries a job that throws twice and records its result once', async () => {
    const { page } = await openRun(browser, `?faults=${encodeURIComponent(BRENT)}:throws=2`);
    await page.locator('[data-testid="run-start"]').click();
    const jobs = await finishedJobs(page);
    const brent = jobs.filter((j) => j.id.startsWith(`${BRENT}|`));
    expect(brent.every((j) => j.status === 'done' && j.attempts === 3)).toBe(true);
    expect(jobs.filter((j) => j.status === 'done')).toHaveLength(jobs.length);
    expect(new Set(jobs.map((j) => j.id)).size).toBe(jobs.length);
    await expect(page.locator(`[data-testid="result-row"][data-target="${BRENT}"]`).getAttribute('data-fallbacks')).resolves.toBe('0');
    // Each retry is in the log as a warning naming the series; the log filters and exports.
    await page.locator('[data-testid="tab-log"]').click();
    await page.locator('[data-testid="log-level"]').selectOption('warn');
    const warnings = await page.locator('[data-testid="log-entry"][data-level="warn"]').allInnerTexts();
    expect(warnings.filter((w) => w.includes(BRENT) && w.includes('retrying'))).toHaveLength(2 * brent.length);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="log-export"]').click()]);
    const lines = readFileSync((await download.path())!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { level: string; message: string });
    expect(lines.some((l) => l.level === 'info' && l.message.startsWith('Run finished'))).toBe(true);
    await page.close();
  });

  it('compares 1 and 2 workers in the Performance view: same forecasts, a table and the charts', async () => {
    const { page, errors } = await openRun(browser, '?');
    await page.locator('[data-testid="tab-performance"]').click();
    await page.locator('[data-testid="perf-counts"]').fill('1, 2');
    await page.locator('[data-testid="perf-start"]').click();
    const table = page.locator('[data-testid="perf-table"]');
    await page.waitForFunction(() => {
      const t = document.querySelector<HTMLElement>('[data-testid="perf-table"]');
      return t && JSON.parse(t.dataset.rows!).length === 2 && t.dataset.identical !== '';
    }, undefined, { timeout: 120_000 });
    await expect(table.getAttribute('data-identical')).resolves.toBe('true');
    const rows = JSON.parse((await table.getAttribute('data-rows'))!) as { workers: number; speedup: number; seconds: number }[];
    expect(rows.map((r) => r.workers)).toEqual([1, 2]);
    expect(rows[0].speedup).toBe(1);
    expect(rows[1].seconds).toBeGreaterThan(0);
    await expect(page.locator('[data-testid="scaling-chart"] canvas').count()).resolves.toBe(2);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('uses fewer workers when the memory budget is small, and says so', async () => {
    const { page } = await openRun(browser, '?');
    const plan = page.locator('[data-testid="memory-plan"]');
    const estimate = Number(await plan.getAttribute('data-estimate'));
    expect(estimate).toBeGreaterThan(0);
    // A budget that two workers exceed but one fits.
    const one = Math.ceil(estimate - 40 + 5);
    await page.locator('[data-testid="memory-budget"]').fill(String(one));
    await page.locator('[data-testid="memory-budget"]').press('Tab');
    await expect(plan.getAttribute('data-workers')).resolves.toBe('1');
    await page.locator('[data-testid="run-start"]').click();
    const jobs = await finishedJobs(page);
    expect(new Set(jobs.map((j) => j.worker)).size).toBe(1);
    await page.close();
  });

  it('trains on the latest rows only when even one worker is over the memory budget, and says so', async () => {
    const { page, errors } = await openRun(browser, '?');
    await page.locator('[data-testid="workers"]').fill('1');
    await page.locator('[data-testid="workers"]').press('Tab');
    const plan = page.locator('[data-testid="memory-plan"]');
    const oneWorker = Number(await plan.getAttribute('data-estimate'));
    // Just under what one worker needs: the data and the worker fit, the fits' full history does not.
    await page.locator('[data-testid="memory-budget"]').fill((oneWorker - 0.1).toFixed(3));
    await page.locator('[data-testid="memory-budget"]').press('Tab');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="memory-plan"]')?.dataset.trainRows !== '');
    const trainRows = Number(await plan.getAttribute('data-train-rows'));
    expect(trainRows).toBeGreaterThan(0);
    expect(trainRows).toBeLessThan(1094);
    await page.locator('[data-testid="run-start"]').click();
    const jobs = await finishedJobs(page);
    expect(jobs.every((j) => j.status === 'done')).toBe(true);
    await page.locator('[data-testid="tab-log"]').click();
    const entries = await page.locator('[data-testid="log-entry"][data-level="warn"]').allInnerTexts();
    expect(entries.some((e) => e.includes(`learns from the latest ${trainRows} rows only`))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('replaces a worker killed mid-job and re-runs the job, losing nothing', async () => {
    const { page } = await openRun(browser, `?faults=${encodeURIComponent(NAPHTHA)}:crashes=1&heartbeatTimeout=3000`);
    await page.locator('[data-testid="run-start"]').click();
    const jobs = await finishedJobs(page);
    expect(jobs.every((j) => j.status === 'done')).toBe(true);
    expect(new Set(jobs.map((j) => j.id)).size).toBe(jobs.length);
    const naphtha = jobs.filter((j) => j.id.startsWith(`${NAPHTHA}|`));
    expect(naphtha.every((j) => j.attempts === 2)).toBe(true);
    expect(Number(await page.locator('[data-testid="job"]').evaluateAll((rows) => Math.max(...rows.map((r) => Number((r as HTMLElement).dataset.worker)))))).toBeGreaterThanOrEqual(2);
    await page.close();
  });

  it('falls back to seasonal naive when a target keeps failing, and finishes the rest', async () => {
    const { page } = await openRun(browser, `?faults=${encodeURIComponent(BRENT)}:throws=9`);
    await page.locator('[data-testid="run-start"]').click();
    const jobs = await finishedJobs(page);
    expect(jobs.filter((j) => j.status === 'failed').every((j) => j.id.startsWith(`${BRENT}|`))).toBe(true);
    expect(jobs.filter((j) => j.status === 'failed')).toHaveLength(4);
    await expect(page.locator(`[data-testid="result-row"][data-target="${BRENT}"]`).getAttribute('data-fallbacks')).resolves.toBe('2');
    await expect(page.locator('[data-testid="result-row"]').count()).resolves.toBe(10);
    await page.close();
  });

  it('replaces a worker whose WASM memory ran out and re-runs its job there', async () => {
    // The fault asks the real WASM backend for a 4 GB tensor: it fails as an oversized model does.
    const { page, errors } = await openRun(browser, `?faults=${encodeURIComponent(BRENT)}:wasmOom=1`);
    await page.locator('[data-testid="run-start"]').click();
    const jobs = await finishedJobs(page);
    expect(jobs.every((j) => j.status === 'done')).toBe(true);
    expect(new Set(jobs.map((j) => j.id)).size).toBe(jobs.length);
    const brent = jobs.filter((j) => j.id.startsWith(`${BRENT}|`));
    expect(brent.every((j) => j.attempts === 2)).toBe(true);
    await page.locator('[data-testid="tab-log"]').click();
    await page.locator('[data-testid="log-level"]').selectOption('warn');
    const warnings = await page.locator('[data-testid="log-entry"][data-level="warn"]').allInnerTexts();
    // A Brent job sent ahead to the replaced worker is re-queued without hitting the fault itself.
    const replaced = warnings.filter((w) => w.includes('Worker replaced: Out of memory in the worker')).length;
    expect(replaced).toBeGreaterThanOrEqual(1);
    expect(replaced).toBeLessThanOrEqual(brent.length);
    expect(errors).toEqual([]);
    await page.close();
  });
});
