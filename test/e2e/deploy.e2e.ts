import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launch, waitForDataset, watchErrors } from './browser';
import { serveStatic, snapshotDist, type StaticServer } from './static-server';

/**
 * dist/ on a plain static host: a sub-path, no COOP/COEP headers. The service worker makes the page
 * cross-origin isolated after one reload and keeps a copy of every file for offline use.
 */
const SUB = '/sub/app/';
const SAMPLE = 'petrochem-sample.xlsx';
const CSV = fileURLToPath(new URL('../fixtures/daily-comma.csv', import.meta.url));
const NOT_ISOLATED = 'single-threaded: this page is not cross-origin isolated';

/** The files the built service worker precaches (written into dist/sw.js at build time). */
function precached(dist: string): string[] {
  const m = /const ASSETS = (\[[^\]]*\]);/.exec(readFileSync(`${dist}sw.js`, 'utf8'));
  if (!m) throw new Error('sw.js has no asset list');
  return JSON.parse(m[1]) as string[];
}

/** Counts the main frame's navigations (loads and reloads). */
function countLoads(page: Page): { n: number } {
  const loads = { n: 0 };
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) loads.n++;
  });
  return loads;
}

async function backendReason(page: Page): Promise<string> {
  await page.locator('[data-testid="tab-forecast"]').click();
  const reason = page.locator('[data-testid="backend-reason"]');
  await reason.waitFor();
  return reason.innerText();
}

describe('deploy: dist/ from a sub-path of a plain static host', () => {
  let browser: Browser;
  /** This test file's copy of dist/. */
  let dist = '';
  let server: StaticServer | null = null;
  let context: BrowserContext | null = null;

  beforeAll(async () => {
    dist = snapshotDist('dist-deploy');
    browser = await launch();
  });
  afterEach(async () => {
    // A fresh context per test: service workers and caches persist per profile.
    await context?.close();
    context = null;
    await server?.close();
    server = null;
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the host sends no isolation headers; the service worker isolates the page after one reload', async () => {
    server = await serveStatic(dist, { prefix: SUB });
    const index = await fetch(server.url);
    expect(index.headers.get('cross-origin-opener-policy')).toBeNull();
    expect(index.headers.get('cross-origin-embedder-policy')).toBeNull();

    context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchErrors(page);
    const loads = countLoads(page);
    await page.goto(server.url);
    await waitForDataset(page, SAMPLE);
    const state = await page.evaluate(() => ({
      isolated: globalThis.crossOriginIsolated,
      sab: typeof SharedArrayBuffer,
      controlled: !!navigator.serviceWorker.controller,
      scope: navigator.serviceWorker.controller?.scriptURL,
    }));
    expect(state).toEqual({ isolated: true, sab: 'function', controlled: true, scope: `${server.url}sw.js` });
    // The first load, then exactly one reload by the app.
    expect(loads.n).toBe(2);
    const reason = await backendReason(page);
    expect(reason).toContain('data shared between workers');
    expect(reason).not.toContain('not cross-origin isolated');
    expect(errors).toEqual([]);
  });

  it('works offline after the first visit: the page, every chunk and WASM file, the sample, a forecast', async () => {
    server = await serveStatic(dist, { prefix: SUB });
    const url = server.url;
    context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(url);
    await waitForDataset(page, SAMPLE);
    // Something else on screen, so that opening the sample offline has to read it from the cache.
    await page.locator('[data-testid="file-input"]').setInputFiles(CSV);
    await waitForDataset(page, 'daily-comma.csv');
    await page.waitForTimeout(1000); // the app saves the dataset on screen 0.3 s after a change
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));

    // Cut the network twice over: the browser is offline and the server is gone.
    await server.close();
    const served = server.requests.length;
    await context.setOffline(true);

    const fromWorker: string[] = [];
    page.on('response', (r) => {
      if (r.fromServiceWorker()) fromWorker.push(r.url());
    });
    await page.reload();
    await waitForDataset(page, 'daily-comma.csv');
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    await page.locator('[data-testid="load-sample"]').click();
    await waitForDataset(page, SAMPLE);
    expect(fromWorker).toContain(`${url}samples/${SAMPLE}`);

    // Every precached file answers offline (JS chunks of the workers and models, the three WASM binaries, icons).
    const assets = precached(dist);
    expect(assets.filter((a) => a.endsWith('.wasm'))).toHaveLength(3);
    const statuses = await page.evaluate(async (list) => Promise.all(list.map(async (a) => [a, (await fetch(a)).status] as const)), assets);
    expect(statuses.filter(([, s]) => s !== 200)).toEqual([]);

    // A small forecast runs on workers loaded from the cache.
    await page.locator('[data-testid="tab-forecast"]').click();
    for (const box of await page.locator('[data-testid^="model-"]').all()) {
      await box.setChecked((await box.getAttribute('data-testid')) === 'model-seasonal-naive');
    }
    await page.locator('[data-testid="backtests"]').fill('1');
    await page.locator('[data-testid="run-start"]').click();
    await page.locator('[data-testid="results"]').waitFor({ timeout: 120_000 });
    expect(server.requests.length).toBe(served);
    expect(errors).toEqual([]);
  });

  it('a new build replaces the old one once its tabs are closed, and the old cache is deleted', async () => {
    // The next build: the same files with a changed page, so a changed sw.js (new version).
    const next = fileURLToPath(new URL('../.generated/dist-next/', import.meta.url));
    rmSync(next, { recursive: true, force: true });
    cpSync(dist, next, { recursive: true });
    writeFileSync(`${next}index.html`, readFileSync(`${next}index.html`, 'utf8').replace('<title>Forecaster</title>', '<title>Forecaster next</title>'));
    writeFileSync(`${next}sw.js`, readFileSync(`${next}sw.js`, 'utf8').replace(/const VERSION = "\w+";/, 'const VERSION = "next";'));
    const versions = (page: Page) => page.evaluate(async () => (await caches.keys()).map((k) => k.split('|')[2]));

    server = await serveStatic(dist, { prefix: SUB });
    const port = Number(new URL(server.url).port);
    context = await browser.newContext();
    let page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => globalThis.crossOriginIsolated && !!navigator.serviceWorker.controller);
    const [first] = await versions(page);

    // Deploy the next build at the same address.
    await server.close();
    server = await serveStatic(next, { prefix: SUB, port });
    await page.reload();
    await expect(page.title()).resolves.toBe('Forecaster next'); // the page comes from the network first
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    await expect.poll(() => page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting), { timeout: 60_000 }).toBe(true);
    // Both copies while the old worker still serves an open tab.
    expect((await versions(page)).sort()).toEqual([first, 'next'].sort());

    await page.close();
    page = await context.newPage();
    await page.goto(server.url);
    await expect.poll(() => versions(page), { timeout: 30_000 }).toEqual(['next']);
    // Offline, the next build is what opens.
    await server.close();
    await context.setOffline(true);
    await page.reload();
    await expect(page.title()).resolves.toBe('Forecaster next');
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  });

  it('without service workers it runs single-threaded, says so, and does not reload', async () => {
    server = await serveStatic(dist, { prefix: SUB });
    context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    const loads = countLoads(page);
    await page.goto(server.url);
    await waitForDataset(page, SAMPLE);
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(false);
    expect(await backendReason(page)).toContain(NOT_ISOLATED);
    await page.waitForTimeout(1000);
    expect(loads.n).toBe(1);
  });

  it('a service worker that cannot isolate costs one reload, never a loop', async () => {
    // A worker that installs and takes control but adds no headers (as in a browser that ignores them).
    server = await serveStatic(dist, { prefix: SUB, override: { 'sw.js': "self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));\nself.addEventListener('fetch', () => {});\n" } });
    context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchErrors(page);
    const loads = countLoads(page);
    await page.goto(server.url);
    await waitForDataset(page, SAMPLE);
    await page.waitForTimeout(1000);
    expect(loads.n).toBe(2);
    expect(await page.evaluate(() => ({ isolated: globalThis.crossOriginIsolated, controlled: !!navigator.serviceWorker.controller }))).toEqual({ isolated: false, controlled: true });
    expect(await backendReason(page)).toContain(NOT_ISOLATED);
    // The user reloads (the app reopens on the Forecast tab): still no automatic reload.
    await page.reload();
    expect(await backendReason(page)).toContain(NOT_ISOLATED);
    await page.waitForTimeout(1000);
    expect(loads.n).toBe(3);
    expect(errors).toEqual([]);
  });
});
