import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, waitForDataset, watchErrors } from './browser';

interface ColumnFact {
  name: string;
  count: number;
  mean: number;
}
interface FixtureFact {
  error?: boolean;
  sheets?: string[];
  sheet?: string | null;
  rows: number;
  series: number;
  frequency: string;
  first: string | null;
  last: string | null;
  duplicates: number;
  missingSteps: number;
  columns: ColumnFact[];
}

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const expected: Record<string, FixtureFact> = JSON.parse(readFileSync(`${fixtures}expected.json`, 'utf8'));
const sampleFacts: Record<string, FixtureFact> = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../public/samples/petrochem-sample.expected.json', import.meta.url)), 'utf8'),
);
const SAMPLE = 'petrochem-sample.xlsx';
const good = Object.entries(expected).filter(([k, f]) => !f.error && !k.includes('#'));
const bad = Object.entries(expected).filter(([, f]) => f.error);

/** Reads what the check-up and the series list show, as plain data. */
async function shown(page: Page) {
  return page.evaluate(() => {
    const c = document.querySelector<HTMLElement>('[data-testid="checkup"]')!.dataset;
    const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="series-row"]')].map((r) => ({
      name: r.dataset.name!,
      count: Number(r.dataset.count),
      mean: Number(r.dataset.mean),
    }));
    return { rows: Number(c.rows), series: Number(c.series), frequency: c.frequency, first: c.first || null, last: c.last || null, duplicates: Number(c.duplicates), missingSteps: Number(c.missingSteps), columns: rows };
  });
}

/** Checks the screen against a fixture's known contents. */
async function expectFacts(page: Page, facts: FixtureFact) {
  const s = await shown(page);
  expect({ rows: s.rows, series: s.series, frequency: s.frequency, first: s.first, last: s.last, duplicates: s.duplicates, missingSteps: s.missingSteps }).toEqual({
    rows: facts.rows,
    series: facts.series,
    frequency: facts.frequency,
    first: facts.first,
    last: facts.last,
    duplicates: facts.duplicates,
    missingSteps: facts.missingSteps,
  });
  const visible = facts.columns.slice(0, s.columns.length);
  expect(s.columns.map((c) => c.name)).toEqual(visible.map((c) => c.name));
  for (const [i, col] of visible.entries()) {
    expect(s.columns[i].count, col.name).toBe(col.count);
    expect(Math.abs(s.columns[i].mean - col.mean), col.name).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(col.mean)));
  }
}

async function upload(page: Page, path: string, name: string) {
  await page.locator('[data-testid="file-input"]').setInputFiles(path);
  await waitForDataset(page, name);
}

describe('import in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    browser = await launch();
    page = await browser.newPage();
    errors = watchErrors(page);
    await page.goto(inject('baseUrl'));
    await waitForDataset(page, SAMPLE);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens on the sample workbook with its check-up', async () => {
    const facts = sampleFacts[SAMPLE];
    await expect(page.locator('[data-testid="sheet-select"] option').allTextContents()).resolves.toEqual(facts.sheets);
    await expectFacts(page, facts);
    await expect(page.locator('[data-testid="error"]').count()).resolves.toBe(0);
    // Windowed preview: a few hundred cells at most, whatever the row count.
    expect(await page.locator('[data-testid="preview"] .cell').count()).toBeLessThan(600);
  });

  it.each(good)('reads %s and shows what it holds', async (name, facts) => {
    await upload(page, `${fixtures}${name}`, name);
    await expectFacts(page, facts);
    await expect(page.locator('[data-testid="error"]').count()).resolves.toBe(0);
  });

  it('switches sheets', async () => {
    const entry = Object.entries(expected).find(([k]) => k.includes('#'));
    expect(entry, 'expected.json lists a second sheet').toBeTruthy();
    const [key, facts] = entry!;
    const [file, sheet] = key.split('#');
    await upload(page, `${fixtures}${file}`, file);
    await page.locator('[data-testid="sheet-select"]').selectOption({ label: sheet });
    await waitForDataset(page, file, sheet);
    await expectFacts(page, facts);
  });

  it('lets the user override the detected separators and date order', async () => {
    const file = 'semicolon-decimal-comma.csv';
    await upload(page, `${fixtures}${file}`, file);
    await expect(page.locator('[data-testid="decimal-select"]').inputValue()).resolves.toBe(',');
    await page.locator('[data-testid="decimal-select"]').selectOption('.');
    // With a decimal point no cell of this file is a number: the user is told, and the data stays.
    await expect(page.locator('[data-testid="error"]').innerText()).resolves.toMatch(/decimal separator/);
    await expect(page.locator('[data-testid="series-row"]').count()).resolves.toBe(3);
    await expect(page.locator('[data-testid="decimal-select"]').inputValue()).resolves.toBe(','); // snaps back
    await page.locator('[data-testid="error"] button').click();

    await upload(page, `${fixtures}hourly-dayfirst.csv`, 'hourly-dayfirst.csv');
    const checkup = page.locator('[data-testid="checkup"]');
    const last = await checkup.getAttribute('data-last');
    await page.locator('[data-testid="date-order-select"]').selectOption('mdy');
    // Month first: 14/03/2023 is no date at all, so the last readable timestamp moves.
    await page.waitForFunction((l) => document.querySelector<HTMLElement>('[data-testid="checkup"]')?.dataset.last !== l, last);
  });

  it.each(bad)('explains what is wrong with %s and keeps the data on screen', async (name) => {
    await upload(page, `${fixtures}daily-comma.csv`, 'daily-comma.csv');
    await page.locator('[data-testid="file-input"]').setInputFiles(`${fixtures}${name}`);
    const error = page.locator('[data-testid="error"]');
    await error.waitFor({ timeout: 30_000 });
    const text = (await error.innerText()).trim();
    expect(text.length).toBeGreaterThan(20);
    expect(text).not.toMatch(/undefined|\[object|at \w+ \(/);
    await expect(page.locator('[data-testid="checkup"]').getAttribute('data-file')).resolves.toBe('daily-comma.csv');
    await page.locator('[data-testid="error"] button').click();
    await expect(error.count()).resolves.toBe(0);
  });

  it('had no uncaught errors', () => {
    expect(errors).toEqual([]);
  });
});
