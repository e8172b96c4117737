import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileServiceWorker, cspFromHtml, headerCsp, listFiles, precacheList, renderServiceWorker, versionOf } from '../../scripts/sw-plugin';

const SCOPE = 'https://host.example/sub/app/';
const ASSETS = ['./', 'assets/index-AbCdEf12.js', 'samples/sample.xlsx'];
const CSP = "default-src 'self'; script-src 'self' blob:";

/** Cache Storage in memory, keyed by URL. */
function memoryCaches() {
  const store = new Map<string, Map<string, Response>>();
  const key = (r: string | Request) => (typeof r === 'string' ? r : r.url);
  const cacheOf = (m: Map<string, Response>) => ({
    match: async (r: string | Request) => m.get(key(r))?.clone(),
    put: async (r: string | Request, res: Response) => void m.set(key(r), res.clone()),
  });
  return {
    store,
    open: async (name: string) => {
      if (!store.has(name)) store.set(name, new Map());
      return cacheOf(store.get(name)!);
    },
    keys: async () => [...store.keys()],
    delete: async (name: string) => store.delete(name),
  };
}

type Listener = (event: unknown) => void;

/** Loads the built worker in a sandbox with a fake service-worker global; returns its listeners and the fakes. */
function loadWorker(code: string) {
  const listeners: Record<string, Listener> = {};
  const fetched: { url: string; cache?: string }[] = [];
  const caches = memoryCaches();
  const network = { up: true };
  const fetchFake = async (input: string | { url: string }, init?: { cache?: string }) => {
    const url = typeof input === 'string' ? input : input.url;
    fetched.push({ url, cache: init?.cache });
    if (!network.up) throw new TypeError('Failed to fetch');
    return new Response(`network ${url}`, { status: 200, headers: { 'Content-Type': 'text/plain' } });
  };
  const self = {
    registration: { scope: SCOPE },
    location: new URL(`${SCOPE}sw.js`),
    clients: { claim: async () => undefined },
    addEventListener: (type: string, fn: Listener) => (listeners[type] = fn),
  };
  runInNewContext(code, { self, caches, fetch: fetchFake, Response, Headers, Request, URL, Set, Promise, setTimeout, clearTimeout, JSON, console });
  return { listeners, fetched, caches, network };
}

/** Dispatches an extendable event and waits for what it waits for. */
async function extendable(fn: Listener, extra: object = {}) {
  const waits: Promise<unknown>[] = [];
  let responded: Promise<Response> | null = null;
  fn({ ...extra, waitUntil: (p: Promise<unknown>) => waits.push(p), respondWith: (p: Promise<Response>) => (responded = p) });
  await Promise.all(waits);
  return responded as Promise<Response> | null;
}

function fetchEvent(url: string, init: { method?: string; mode?: string } = {}) {
  return { request: { url, method: init.method ?? 'GET', mode: init.mode ?? 'cors', cache: 'default', headers: new Headers() } };
}

describe('service worker build', () => {
  let code = '';
  beforeAll(async () => {
    const compiled = await compileServiceWorker('src/sw/sw.ts');
    code = renderServiceWorker(compiled, { assets: ASSETS, version: 'v1', csp: CSP });
  });

  it('takes the CSP from index.html and adds blob: scripts for the header', () => {
    const meta = cspFromHtml(`<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'" />`);
    expect(headerCsp(meta)).toBe("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' blob:; connect-src 'self'");
    expect(() => cspFromHtml('<html></html>')).toThrow(/no Content-Security-Policy/);
  });

  it('lists every built file but itself, maps index.html to the folder, and versions by content', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-'));
    mkdirSync(join(dir, 'assets'));
    for (const [f, body] of [
      ['index.html', '<html>'],
      ['sw.js', 'old'],
      ['assets/a-12345678.js', 'a'],
      ['assets/a-12345678.js.map', '{}'],
      ['.DS_Store', ''],
    ]) writeFileSync(join(dir, f), body);
    const list = precacheList(listFiles(dir));
    expect(list).toEqual(['assets/a-12345678.js', './']);
    const v1 = versionOf(dir, list, 'code');
    writeFileSync(join(dir, 'index.html'), '<html>!');
    expect(versionOf(dir, list, 'code')).not.toBe(v1);
    expect(versionOf(dir, list, 'other code')).not.toBe(versionOf(dir, list, 'code'));
  });

  it('is a classic script with the list, version and policy written in', () => {
    expect(code).not.toMatch(/^\s*(import|export)\b/m);
    expect(code).not.toMatch(/__SW_\w+__/);
    expect(code).toContain(JSON.stringify(ASSETS));
  });

  it('precaches every listed file from the network (bypassing the HTTP cache) and serves them with isolation headers', async () => {
    const sw = loadWorker(code);
    await extendable(sw.listeners.install);
    expect(sw.fetched).toEqual(ASSETS.map((a) => ({ url: new URL(a, SCOPE).href, cache: 'reload' })));
    expect([...sw.caches.store.keys()]).toEqual([`forecaster|${SCOPE}|v1`]);
    sw.fetched.length = 0;
    const res = await (await extendable(sw.listeners.fetch, fetchEvent(`${SCOPE}assets/index-AbCdEf12.js`)))!;
    expect(await res.text()).toBe(`network ${SCOPE}assets/index-AbCdEf12.js`);
    expect(sw.fetched).toEqual([]); // from the cache
    expect(res.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(res.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    expect(res.headers.get('Content-Security-Policy')).toBe(CSP);
  });

  it('leaves other origins and other methods alone, and never caches what it did not list', async () => {
    const sw = loadWorker(code);
    await extendable(sw.listeners.install);
    sw.fetched.length = 0;
    expect(await extendable(sw.listeners.fetch, fetchEvent('https://cdn.example/lib.js'))).toBeNull();
    expect(await extendable(sw.listeners.fetch, fetchEvent(`${SCOPE}api`, { method: 'POST' }))).toBeNull();
    expect(sw.fetched).toEqual([]);
    const res = await (await extendable(sw.listeners.fetch, fetchEvent(`${SCOPE}not-listed.txt`)))!;
    expect(res.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    expect(sw.fetched.map((f) => f.url)).toEqual([`${SCOPE}not-listed.txt`]);
    const stored = [...sw.caches.store.values()].flatMap((m) => [...m.keys()]);
    expect(stored.sort()).toEqual(ASSETS.map((a) => new URL(a, SCOPE).href).sort());
  });

  it("deletes this scope's older caches on activation, not another deployment's", async () => {
    const sw = loadWorker(code);
    await sw.caches.open(`forecaster|${SCOPE}|v0`);
    await sw.caches.open('forecaster|https://host.example/other/|v0');
    await extendable(sw.listeners.install);
    await extendable(sw.listeners.activate);
    expect((await sw.caches.keys()).sort()).toEqual([`forecaster|${SCOPE}|v1`, 'forecaster|https://host.example/other/|v0'].sort());
  });

  it('serves the page from the network when it answers, else from the cache', async () => {
    const sw = loadWorker(code);
    await extendable(sw.listeners.install);
    const online = await (await extendable(sw.listeners.fetch, fetchEvent(`${SCOPE}?sample=0`, { mode: 'navigate' })))!;
    expect(await online.text()).toBe(`network ${SCOPE}?sample=0`);
    expect(online.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    sw.network.up = false;
    const offline = await (await extendable(sw.listeners.fetch, fetchEvent(`${SCOPE}index.html`, { mode: 'navigate' })))!;
    expect(await offline.text()).toBe(`network ${SCOPE}`); // what install stored for './'
    expect(offline.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
  });
});
