import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium';
import { cspFromHtml, headerCsp } from '../../scripts/sw-plugin';
import { waitForDataset, watchErrors } from './browser';
import { startEgressProxy, type EgressProxy } from './egress-proxy';
import { serveStatic, snapshotDist, type StaticServer } from './static-server';

/**
 * "No byte of your data leaves the browser", checked two ways: Playwright records every request
 * of the page, its workers and the service worker, and a proxy that all of Chromium's
 * connections go through records every destination that actually left the browser.
 */
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const SAMPLE = 'petrochem-sample.xlsx';
const CSV = fileURLToPath(new URL('../fixtures/daily-comma.csv', import.meta.url));
/** Quick models, each its own lazily loaded chunk in the training workers. */
const MODELS = ['naive', 'seasonal-naive', 'ets', 'dlinear'];

interface Seen {
  url: string;
  type: string;
  serviceWorker: boolean;
}

/** A server on another origin that counts what reaches it (nothing should). */
async function startDecoy(): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' }).end('leaked');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    // 'localhost' rather than 127.0.0.1: another origin even on the app's port range.
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    hits,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

/** The policy's directives as name → sources. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

/** Tries the usual ways a page sends data elsewhere; returns the CSP violations and what each attempt did. */
function tryToLeak(page: Page, target: string) {
  return page.evaluate(async (to) => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
    const outcome: Record<string, string> = {};
    outcome.fetch = await fetch(`${to}/fetch`, { method: 'POST', body: 'data', mode: 'no-cors' }).then(
      () => 'sent',
      (e: Error) => `refused: ${e.name}`,
    );
    // sendBeacon says 'queued' either way; the violation and the decoy's silence tell.
    navigator.sendBeacon(`${to}/beacon`, 'data');
    outcome.image = await new Promise<string>((done) => {
      const img = new Image();
      img.onload = () => done('sent');
      img.onerror = () => done('refused');
      img.src = `${to}/pixel.png?data`;
    });
    outcome.xhr = await new Promise<string>((done) => {
      const x = new XMLHttpRequest();
      x.onload = () => done('sent');
      x.onerror = () => done('refused');
      try {
        x.open('GET', `${to}/xhr`);
        x.send();
      } catch {
        done('refused');
      }
    });
    await new Promise((r) => setTimeout(r, 500));
    return { outcome, violations };
  }, target);
}

describe('privacy: no request to another origin', () => {
  let proxy: EgressProxy;
  let browser: Browser;
  let decoy: Awaited<ReturnType<typeof startDecoy>>;
  let context: BrowserContext | null = null;
  let server: StaticServer | null = null;
  /** This file's copy of dist/ for the static-host cases. */
  let served = '';

  beforeAll(async () => {
    served = snapshotDist('dist-privacy');
    proxy = await startEgressProxy();
    decoy = await startDecoy();
    // Chromium's own autofill service asks content-autofill.googleapis.com about any page with
    // form fields (field-name hashes, sent by the browser, not the page); it is browser
    // behaviour the app cannot switch off, so it is switched off here to see the app's traffic alone.
    browser = await launchChromium(['--disable-features=AutofillServerCommunication']);
  });
  afterEach(async () => {
    await context?.close();
    context = null;
    await server?.close();
    server = null;
  });
  afterAll(async () => {
    await browser?.close();
    await decoy?.close();
    await proxy?.close();
  });

  it('the built page has a CSP that allows only its own origin; the service worker sends it as a header', () => {
    const html = readFileSync(`${DIST}index.html`, 'utf8');
    const csp = cspFromHtml(html);
    const d = directives(csp);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('connect-src')).toEqual(["'self'", 'blob:', 'data:']);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'none'"]);
    // No third-party source of any kind: no host, scheme-wide http(s):, or wildcard anywhere.
    for (const [name, sources] of d) {
      for (const s of sources) expect(`${name} ${s}`).toMatch(/ ('self'|'none'|'wasm-unsafe-eval'|'unsafe-inline'|blob:|data:)$/);
    }
    expect(d.get('script-src')).not.toContain("'unsafe-inline'");
    // Nothing in the page loads from elsewhere.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    // The service worker adds the same policy (plus blob: scripts for WASM threads) as a header, which binds workers too.
    expect(readFileSync(`${DIST}sw.js`, 'utf8')).toContain(`const CSP = ${JSON.stringify(headerCsp(csp))};`);
  });

  it('a full session (sample, upload, forecast, export) makes no request to another origin', async () => {
    const baseUrl = inject('baseUrl');
    const app = new URL(baseUrl).origin;
    const before = proxy.seen.length;
    context = await browser.newContext({ viewport: { width: 1300, height: 1000 }, proxy: proxy.proxy });
    const seen: Seen[] = [];
    context.on('request', (r) => seen.push({ url: r.url(), type: r.resourceType(), serviceWorker: !!r.serviceWorker() }));
    const page = await context.newPage();
    const errors = watchErrors(page);

    await page.goto(baseUrl);
    await waitForDataset(page, SAMPLE);
    await page.locator('[data-testid="file-input"]').setInputFiles(CSV);
    await waitForDataset(page, 'daily-comma.csv');
    await page.locator('[data-testid="tab-forecast"]').click();
    for (const box of await page.locator('[data-testid^="model-"]').all()) {
      await box.setChecked(MODELS.includes((await box.getAttribute('data-testid'))!.slice('model-'.length)));
    }
    await page.locator('[data-testid="backtests"]').fill('2');
    await page.locator('[data-testid="run-start"]').click();
    await page.locator('[data-testid="results"]').waitFor({ timeout: 120_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="export-forecasts"]').click()]);
    expect(readFileSync((await download.path())!, 'utf8')).toMatch(/naphtha/);
    // The service worker has finished storing the app (its requests are part of the session too).
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.waitForTimeout(500);

    const foreign = seen.filter((r) => !r.url.startsWith(`${app}/`) && !/^(blob|data):/.test(r.url));
    expect(foreign).toEqual([]);
    // What reached the network, page, workers, service worker and browser alike: this origin only.
    expect(proxy.seen.slice(before).filter((o) => o !== app)).toEqual([]);
    // The recording does cover what it claims: the sample, a chunk loaded inside a training worker, the service worker's own fetches.
    expect(seen.some((r) => r.url.endsWith(`/samples/${SAMPLE}`))).toBe(true);
    expect(seen.some((r) => /\/assets\/ets-[\w-]+\.js$/.test(r.url))).toBe(true);
    expect(seen.some((r) => r.serviceWorker)).toBe(true);
    expect(proxy.seen).toContain(app);
    expect(errors).toEqual([]);
  });

  it('on a static host without headers or service worker, the CSP meta alone refuses fetch, beacon, image and XHR to another origin', async () => {
    server = await serveStatic(served, { prefix: '/app/' });
    const before = proxy.seen.length;
    context = await browser.newContext({ serviceWorkers: 'block', proxy: proxy.proxy });
    const page = await context.newPage();
    await page.goto(`${server.url}?sample=0`);
    await page.locator('[data-testid="empty"]').waitFor();
    const { outcome, violations } = await tryToLeak(page, decoy.url);
    expect(outcome).toEqual({ fetch: 'refused: TypeError', image: 'refused', xhr: 'refused' });
    expect(violations.map((v) => v.split(' ')[0]).sort()).toEqual(['connect-src', 'connect-src', 'connect-src', 'img-src']);
    expect(decoy.hits).toEqual([]);
    expect(proxy.seen.slice(before).filter((o) => o !== server!.origin)).toEqual([]);
  });

  it("with the service worker, the policy binds the app's workers too", async () => {
    // A same-origin worker script (the parse and training workers are such scripts): a <meta> policy does not reach it.
    const probe = `onmessage = (e) => fetch(e.data, { method: 'POST', body: 'data', mode: 'no-cors' }).then(() => postMessage('sent'), (err) => postMessage('refused: ' + err.name));`;
    server = await serveStatic(served, { prefix: '/app/', override: { 'probe-worker.js': probe } });
    const before = proxy.seen.length;
    context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}?sample=0`);
    // First load: the worker installs and the page reloads once, isolated and controlled.
    await page.waitForFunction(() => globalThis.crossOriginIsolated && !!navigator.serviceWorker.controller);
    await page.locator('[data-testid="empty"]').waitFor();
    const answer = await page.evaluate(
      (to) =>
        new Promise<string>((done) => {
          const w = new Worker('./probe-worker.js');
          w.onmessage = (e) => done(String(e.data));
          w.onerror = (e) => done(`worker error: ${e.message}`);
          w.postMessage(`${to}/from-worker`);
        }),
      decoy.url,
    );
    expect(answer).toBe('refused: TypeError');
    expect(decoy.hits).toEqual([]);
    expect(proxy.seen.slice(before).filter((o) => o !== server!.origin)).toEqual([]);
  });
});
