/**
 * First-load cost: gzip size of the JS the first screen needs and of every lazy chunk, and
 * the time until the app is usable in headless Chromium (sample loaded, check-up on screen).
 *
 *   npm run bench:load -- [--json out.json] [--runs 3] [--no-build]
 *
 * "Initial" = the entry script plus what index.html preloads; everything else loads on demand
 * (workers, tfjs backends, models, the Excel writer). Requests made before the first click are
 * listed, so a heavy chunk sneaking into the first screen shows up.
 */
import { execSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { preview } from 'vite';
import { launchChromium } from '../scripts/chromium';

const { values: args } = parseArgs({ options: { json: { type: 'string' }, runs: { type: 'string', default: '3' }, 'no-build': { type: 'boolean', default: false } } });

const kb = (b: number) => `${(b / 1024).toFixed(1)} kB`;

async function main() {
  if (!args['no-build']) execSync('npx vite build', { stdio: 'ignore' });
  const html = readFileSync('dist/index.html', 'utf8');
  const initial = new Set([...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]));
  const assets = readdirSync('dist/assets').map((name) => {
    const bytes = readFileSync(join('dist/assets', name));
    return { file: `assets/${name}`, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, initial: initial.has(`assets/${name}`) };
  });
  const initialGzip = assets.filter((a) => a.initial).reduce((s, a) => s + a.gzip, 0);

  const server = await preview({ preview: { port: 0, host: '127.0.0.1', open: false }, logLevel: 'warn' });
  const browser = await launchChromium();
  const timings: { interactiveMs: number; sampleReadyMs: number; requestsBeforeReady: string[] }[] = [];
  try {
    for (let run = 0; run < Number(args.runs); run++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const requested: string[] = [];
      page.on('request', (r) => requested.push(new URL(r.url()).pathname.replace(/^.*\/assets\//, 'assets/')));
      const t0 = Date.now();
      await page.goto(server.resolvedUrls!.local[0]);
      // Usable: the "open a file" button is on screen and the page answers a click.
      await page.locator('[data-testid="file-input"]').waitFor({ state: 'attached' });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
      const interactiveMs = Date.now() - t0;
      await page.locator('[data-testid="checkup"]').waitFor({ timeout: 60_000 });
      timings.push({ interactiveMs, sampleReadyMs: Date.now() - t0, requestsBeforeReady: [...new Set(requested)] });
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const result = {
    initialGzipBytes: initialGzip,
    interactiveMs: median(timings.map((t) => t.interactiveMs)),
    sampleReadyMs: median(timings.map((t) => t.sampleReadyMs)),
    requestsBeforeReady: timings[0].requestsBeforeReady,
    assets: assets.sort((a, b) => Number(b.initial) - Number(a.initial) || b.gzip - a.gzip),
  };
  console.log(`\nInitial JS+CSS (gzip): ${kb(initialGzip)} · usable after ${result.interactiveMs} ms · sample checked up after ${result.sampleReadyMs} ms (medians of ${timings.length}, headless Chromium, localhost)\n`);
  console.log('| Asset | Loaded | Size | gzip |');
  console.log('|---|---|---|---|');
  for (const a of result.assets.filter((x) => x.initial || x.gzip > 4096)) console.log(`| ${a.file} | ${a.initial ? 'first screen' : 'on demand'} | ${kb(a.bytes)} | ${kb(a.gzip)} |`);
  const eager = result.requestsBeforeReady.filter((p) => /tfjs|runtime|wasm/.test(p));
  console.log(`\ntfjs requested before the sample was ready: ${eager.length ? eager.join(', ') : 'none'}`);
  if (args.json) writeFileSync(args.json, JSON.stringify(result, null, 2) + '\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
