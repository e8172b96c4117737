import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { transformWithOxc, type Plugin } from 'vite';

/** The service worker's file name in `dist/` (next to index.html, so its scope is the app's folder). */
export const SW_FILE = 'sw.js';

/** The Content-Security-Policy of the page: the `<meta http-equiv>` in index.html, the one place it is written. */
export function cspFromHtml(html: string): string {
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
  if (!meta) throw new Error('index.html has no Content-Security-Policy meta tag');
  return meta[1].replace(/\s+/g, ' ').trim();
}

/**
 * The same policy for a response header. A header also binds workers (a `<meta>` policy binds the
 * page only); workers need `blob:` scripts (threaded tfjs-wasm starts its threads from a blob).
 * A page under both policies gets their intersection, so the page itself stays on the meta policy.
 */
export function headerCsp(metaCsp: string): string {
  return metaCsp
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean)
    .map((d) => (/^script-src\s/.test(d) && !/\sblob:/.test(d) ? `${d} blob:` : d))
    .join('; ');
}

/** Every file under `dir`, as forward-slash paths relative to it, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * What the service worker precaches: every file of the build except itself, source maps and
 * dotfiles; index.html is stored as './' (the address a static host serves it under).
 */
export function precacheList(files: string[]): string[] {
  return files
    .filter((f) => f !== SW_FILE && !f.endsWith('.map') && !f.split('/').some((part) => part.startsWith('.')))
    .map((f) => (f === 'index.html' ? './' : f));
}

/** A short hash of the files' names and bytes (and the worker's own code): a new build, a new cache. */
export function versionOf(dir: string, files: string[], swCode: string): string {
  const h = createHash('sha256');
  h.update(swCode);
  for (const f of files) {
    h.update(`\0${f}\0`);
    h.update(readFileSync(join(dir, f === './' ? 'index.html' : f)));
  }
  return h.digest('hex').slice(0, 16);
}

/** Compiles src/sw/sw.ts to a classic script (no module syntax: classic workers run everywhere). */
export async function compileServiceWorker(source: string): Promise<string> {
  const { code } = await transformWithOxc(readFileSync(source, 'utf8'), source, { lang: 'ts', target: 'es2022' });
  const classic = code.replace(/^\s*export\s*\{\s*\};?\s*$/m, '');
  if (/^\s*(import|export)\b/m.test(classic)) throw new Error(`${source} must not import or export anything: it is built as a classic script`);
  return classic;
}

/** The service worker for a built `dist/`: the compiled code with the asset list, version and CSP written in. */
export function renderServiceWorker(code: string, opts: { assets: string[]; version: string; csp: string }): string {
  const values: Record<string, string> = {
    __SW_ASSETS__: JSON.stringify(opts.assets),
    __SW_VERSION__: JSON.stringify(opts.version),
    __SW_CSP__: JSON.stringify(opts.csp),
  };
  let out = code;
  for (const [name, value] of Object.entries(values)) {
    if (!out.includes(name)) throw new Error(`service worker code lacks ${name}`);
    out = out.replaceAll(name, value);
  }
  return `// Forecaster service worker, version ${opts.version} (built from src/sw/sw.ts by scripts/sw-plugin.ts)\n${out}`;
}

/**
 * The `sw.js` of a build with the service worker switched off: a browser that has the old one
 * fetches this on its next visit, and it deletes its caches and unregisters itself.
 */
export const SW_OFF = `// Forecaster: the service worker is switched off in this build. This one removes an earlier one.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const prefix = 'forecaster|' + self.registration.scope + '|';
    for (const name of await caches.keys()) if (name.startsWith(prefix)) await caches.delete(name);
    await self.registration.unregister();
  })());
});
`;

/**
 * Vite plugin (build only): once the bundle, the worker bundles and public/ are written, lists
 * `dist/`, hashes it, and writes `dist/sw.js`. Nothing of it runs in `vite dev`. With
 * `enabled: false` it writes the self-removing SW_OFF instead.
 */
export function serviceWorkerPlugin(opts: { source: string; csp: string; enabled?: boolean }): Plugin {
  let outDir = '';
  let source = '';
  let log: (msg: string) => void = () => undefined;
  return {
    name: 'forecaster-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      source = resolve(config.root, opts.source);
      log = (msg) => config.logger.info(msg);
    },
    writeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        if (opts.enabled === false) {
          writeFileSync(join(outDir, SW_FILE), SW_OFF);
          log(`service worker: switched off (${SW_FILE} only removes an earlier one)`);
          return;
        }
        const code = await compileServiceWorker(source);
        const assets = precacheList(listFiles(outDir));
        const version = versionOf(outDir, assets, code);
        writeFileSync(join(outDir, SW_FILE), renderServiceWorker(code, { assets, version, csp: opts.csp }));
        const kb = assets.reduce((s, f) => s + readFileSync(join(outDir, f === './' ? 'index.html' : f)).length, 0) / 1024;
        log(`service worker: ${SW_FILE} version ${version}, ${assets.length} files precached (${kb.toFixed(0)} kB)`);
      },
    },
  };
}
