/**
 * The service worker (built into `dist/sw.js` by scripts/sw-plugin.ts; never part of the app bundle).
 *
 * Two jobs, one worker:
 * 1. Cross-origin isolation on hosts that cannot send headers (the coi-serviceworker technique):
 *    every same-origin response it serves gets `Cross-Origin-Opener-Policy: same-origin` and
 *    `Cross-Origin-Embedder-Policy: require-corp` (unless the host already sent them), so the page
 *    and its workers get SharedArrayBuffer and threaded WASM. It also adds the app's Content
 *    Security Policy as a header: a `<meta>` policy binds the page only, a header binds the
 *    workers too (no fetch to another origin from the parse or training workers either).
 * 2. Offline: at install it stores every file of the build (the list and a version hash are
 *    written in at build time) in a cache named after its scope and version; at activation it
 *    deletes this deployment's older caches. The app page is fetched network-first (so a new
 *    deployment shows up on the next reload) and falls back to the cache; every other file is
 *    served from the cache first.
 *
 * It handles same-origin GET requests only, never caches anything from another origin, and stores
 * nothing but the files of its list (fetched again in the background when the cache was emptied).
 */
export {};

declare const self: ServiceWorkerGlobalScope;
/** Written in at build time: a hash of every file of the build. */
declare const __SW_VERSION__: string;
/** Written in at build time: every file of the build, relative to this script ('./' is the page). */
declare const __SW_ASSETS__: string[];
/** Written in at build time: the Content-Security-Policy header to add ('' for none). */
declare const __SW_CSP__: string;

const VERSION = __SW_VERSION__;
const ASSETS = __SW_ASSETS__;
const CSP = __SW_CSP__;

/** Caches are per origin: the scope in the name keeps two deployments on one host apart. */
const PREFIX = `forecaster|${self.registration.scope}|`;
const CACHE = PREFIX + VERSION;
const SCOPE_PATH = new URL(self.registration.scope).pathname;
/** How long a page request waits for the network before the cached page is served. */
const PAGE_TIMEOUT_MS = 4000;
/** Vite's content-hashed output: the same name means the same bytes, so an older cache may supply it. */
const HASHED = /(^|\/)assets\/[^/]+-[\w-]{8}\.\w+$/;

const urlOf = (path: string) => new URL(path, self.location.href).href;

/** This scope's other caches, older or newer (another deployment's caches are left alone). */
async function otherCaches(): Promise<string[]> {
  return (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);
}

async function precache(): Promise<void> {
  const cache = await caches.open(CACHE);
  const others = await otherCaches();
  await Promise.all(
    ASSETS.map(async (path) => {
      const url = urlOf(path);
      if (await cache.match(url, { ignoreVary: true })) return; // an earlier, interrupted install got this far
      if (HASHED.test(path)) {
        for (const name of others) {
          const hit = await (await caches.open(name)).match(url, { ignoreVary: true });
          if (hit) return cache.put(url, hit);
        }
      }
      // 'reload' skips the HTTP cache, so a stale copy of an unhashed file is never stored.
      const res = await fetch(url, { cache: 'reload', credentials: 'same-origin' });
      if (!res.ok) throw new Error(`Precaching ${path} failed: HTTP ${res.status}`);
      await cache.put(url, res);
    }),
  );
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      await Promise.all((await otherCaches()).map((name) => caches.delete(name)));
      // Control the page that registered us at once, so its later requests are cached files too.
      await self.clients.claim();
    })(),
  );
});

/** The same response with the isolation headers (and the CSP) added where the host did not send them. */
function withHeaders(res: Response): Response {
  if (res.type === 'opaque' || res.type === 'opaqueredirect' || res.status === 0) return res;
  const headers = new Headers(res.headers);
  if (!headers.has('Cross-Origin-Opener-Policy')) headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  if (!headers.has('Cross-Origin-Embedder-Policy')) headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  if (CSP && !headers.has('Content-Security-Policy')) headers.set('Content-Security-Policy', CSP);
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

/** A precached response: this version's cache first, then an older or newer one of this scope. */
async function cached(url: string): Promise<Response | undefined> {
  const hit = await (await caches.open(CACHE)).match(url, { ignoreVary: true });
  if (hit) return hit;
  for (const name of await otherCaches()) {
    const other = await (await caches.open(name)).match(url, { ignoreVary: true });
    if (other) return other;
  }
  return undefined;
}

/** The page: from the network when it answers in time, else the cached copy. */
async function page(request: Request): Promise<Response> {
  const network = fetch(request).then((res) => (res.ok || res.type === 'opaqueredirect' ? res : Promise.reject(new Error(`HTTP ${res.status}`))));
  network.catch(() => undefined); // a late failure after the cached page was served is no error
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), PAGE_TIMEOUT_MS));
  try {
    return await Promise.race([network, timeout]);
  } catch {
    const copy = await cached(urlOf('./'));
    if (copy) return copy;
    return network; // nothing cached: the network's answer (or its error), however slow
  }
}

/** Every precached file's URL. */
const LISTED = new Set(ASSETS.map(urlOf));
let repairing: Promise<void> | null = null;

/**
 * A listed file missing from every cache (the user's "delete all my data" empties Cache Storage):
 * fetch the whole list again in the background, so the app keeps working offline.
 */
function repair(event: FetchEvent): void {
  repairing ??= precache()
    .catch(() => undefined)
    .finally(() => (repairing = null));
  event.waitUntil(repairing);
}

async function respond(event: FetchEvent, url: URL): Promise<Response> {
  const request = event.request;
  const isPage = request.mode === 'navigate' && (url.pathname === SCOPE_PATH || url.pathname === `${SCOPE_PATH}index.html`);
  if (isPage) {
    if (!(await cached(urlOf('./')))) repair(event);
    return withHeaders(await page(request));
  }
  const key = url.origin + url.pathname;
  const hit = await cached(key);
  if (!hit && LISTED.has(key)) repair(event);
  return withHeaders(hit ?? (await fetch(request)));
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  // Another origin: not ours to answer, cache or decorate (the CSP refuses such requests anyway).
  if (url.origin !== self.location.origin) return;
  // A devtools quirk: this combination throws when fetched from a service worker.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  // Range requests (media) go to the network untouched.
  if (request.headers.has('range')) return;
  event.respondWith(respond(event, url));
});
