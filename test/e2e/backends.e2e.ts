import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium';
import { waitForDataset, watchErrors } from './browser';

describe('backends in Chromium', () => {
  let browser: Browser;
  let webgpuDiff = NaN;
  beforeAll(async () => {
    // SwiftShader gives WebGPU without a GPU: slow, but the same kernels run.
    browser = await launchChromium(['--enable-unsafe-webgpu']);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('an Autoformer trained in a worker forecasts the same on plain JS and WASM with the same weights, and runs on WebGPU', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(inject('baseUrl'));
    await waitForDataset(page, 'petrochem-sample.xlsx');
    await page.locator('[data-testid="tab-performance"]').click();
    await page.locator('[data-testid="backend-check-start"]').click();
    await page.locator('[data-testid="backend-check-table"]').waitFor({ timeout: 110_000 });
    const rows = await page.locator('[data-testid="backend-row"]').evaluateAll((els) =>
      els.map((e) => ({ backend: (e as HTMLElement).dataset.backend, diff: (e as HTMLElement).dataset.diff, note: e.querySelector('td:last-child')?.textContent ?? '' })),
    );
    console.log(`[measure] backend check: ${rows.map((r) => `${r.backend} ${r.diff || '–'} (${r.note})`).join('; ')}`);
    const byName = Object.fromEntries(rows.map((r) => [r.backend, r]));
    expect(Number(byName.cpu.diff)).toBe(0);
    expect(byName.wasm.note).toBe('ran on wasm');
    expect(Number(byName.wasm.diff)).toBeLessThanOrEqual(1e-4);
    expect(byName.webgpu.note).toBe('ran on webgpu');
    webgpuDiff = Number(byName.webgpu.diff);
    expect(errors).toEqual([]);
    await page.close();
  });

  // Known bug: on WebGPU (SwiftShader) the same weights forecast up to ~28 % apart. Marked as
  // failing so the suite stays honest: when WebGPU agrees, this turns red and must be flipped.
  it.fails('WebGPU agrees with plain JS within 1e-4 (known to fail)', () => {
    expect(webgpuDiff).toBeLessThanOrEqual(1e-4);
  });
});
