/**
 * Sequential vs parallel, measured in the real app: builds it, serves dist/, drives headless
 * Chromium through the Performance view on a fixed workload and prints the seed-style table.
 *
 *   npm run bench:parallel -- [--json out.json] [--workers 1,2] [--repeats 7]
 *     [--models naive,dlinear,…] [--targets 32] [--length 2000] [--backtests 1] [--backend auto] [--pss-every 1000]
 *     [--batch-ms 100]   (work per message to a worker; 0 sends every job alone)
 *
 * Memory: the app's own reading (measureUserAgentSpecificMemory: page + workers) and, from
 * outside, the proportional set size of every Chromium process, sampled while each count ran.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { preview } from 'vite';
import { launchChromium } from '../scripts/chromium';
import { chromiumPssMB } from '../scripts/memory';
import type { PerfRow } from '../src/engine/perf';
import { workloadCsv } from './workload';

const { values: args } = parseArgs({
  options: {
    json: { type: 'string' },
    workers: { type: 'string' },
    models: { type: 'string', default: 'naive,seasonal-naive,drift,dlinear,nlinear' },
    targets: { type: 'string', default: '32' },
    length: { type: 'string', default: '2000' },
    lookback: { type: 'string', default: '28' },
    horizon: { type: 'string', default: '14' },
    backtests: { type: 'string', default: '1' },
    backend: { type: 'string', default: 'auto' },
    repeats: { type: 'string', default: '7' },
    'batch-ms': { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    // Each PSS reading walks every Chromium process's page tables: ~20 ms of CPU that the
    // workers lose on a 2-core machine (measured), so it is taken once a second, not 5 times.
    'pss-every': { type: 'string', default: '1000' },
  },
});

async function main() {
  if (!args['no-build']) execSync('npx vite build', { stdio: 'ignore' });
  mkdirSync('bench/out', { recursive: true });
  const csvPath = 'bench/out/workload.csv';
  writeFileSync(csvPath, workloadCsv(Number(args.targets), Number(args.length)));
  const server = await preview({ preview: { port: 0, host: '127.0.0.1', open: false }, logLevel: 'warn' });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.resolvedUrls!.local[0]}?sample=0${args['batch-ms'] !== undefined ? `&batchMs=${Number(args['batch-ms'])}` : ''}`);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const counts = args.workers ?? [...new Set([1, 2, 4, 8, 16, 32].filter((w) => w < cores).concat(cores))].join(',');
    await page.locator('[data-testid="file-input"]').setInputFiles(csvPath);
    await page.locator('[data-testid="checkup"][data-file="workload.csv"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="tab-forecast"]').click();
    const models = new Set(args.models!.split(','));
    for (const box of await page.locator('[data-testid^="model-"]').all()) {
      const kind = (await box.getAttribute('data-testid'))!.slice('model-'.length);
      await box.setChecked(models.has(kind));
    }
    await page.locator('[data-testid="lookback"]').fill(args.lookback!);
    await page.locator('[data-testid="horizon"]').fill(args.horizon!);
    await page.locator('[data-testid="backtests"]').fill(args.backtests!);
    await page.locator('[data-testid="backend-select"]').selectOption(args.backend!);
    await page.locator('[data-testid="backtests"]').press('Tab');
    await page.locator('[data-testid="tab-performance"]').click();
    await page.locator('[data-testid="perf-counts"]').fill(counts);
    await page.locator('[data-testid="perf-repeats"]').fill(args.repeats!);
    const pss = new Map<number, number>();
    const baselinePss = chromiumPssMB();
    const sampler = setInterval(() => {
      void page.locator('[data-testid="perf"]').getAttribute('data-current').then((c) => {
        const w = Number(c);
        if (w > 0) pss.set(w, Math.max(pss.get(w) ?? 0, chromiumPssMB()));
      }, () => {});
    }, Number(args['pss-every']));
    const t0 = Date.now();
    await page.locator('[data-testid="perf-start"]').click();
    const n = counts.split(',').length;
    await page.waitForFunction((n) => {
      const t = document.querySelector<HTMLElement>('[data-testid="perf-table"]');
      return t && JSON.parse(t.dataset.rows!).length === n && t.dataset.identical !== '';
    }, n, { timeout: 3_600_000, polling: 1000 });
    clearInterval(sampler);
    const table = page.locator('[data-testid="perf-table"]');
    const rows: PerfRow[] = JSON.parse((await table.getAttribute('data-rows'))!);
    const identical = (await table.getAttribute('data-identical')) === 'true';
    const warmupSeconds = Number(await page.locator('[data-testid="perf-warmup"]').getAttribute('data-seconds'));
    const result = {
      workload: { targets: Number(args.targets), length: Number(args.length), lookback: Number(args.lookback), horizon: Number(args.horizon), backtests: Number(args.backtests), models: [...models] },
      machine: { cores, nodeCpus: cpus().length, cpu: cpus()[0]?.model ?? '' },
      backend: rows[0]?.backend ?? '',
      identicalResults: identical,
      totalSeconds: (Date.now() - t0) / 1000,
      warmupRun: { workers: Math.max(...counts.split(',').map(Number)), seconds: warmupSeconds },
      browserIdlePssMB: baselinePss,
      rows: rows.map((r) => ({ workers: r.workers, runs: r.runs, seconds: r.seconds, allSeconds: r.allSeconds, speedup: r.speedup, efficiency: r.efficiency, targetsPerSecond: r.targetsPerSecond, peakMemoryMB: pss.get(r.workers) ?? NaN, appMemoryMB: r.peakMemoryMB, appMemorySource: r.memorySource })),
    };
    console.log(`\nWorkload: ${result.workload.targets} daily series × ${result.workload.length}, lookback ${result.workload.lookback}, horizon ${result.workload.horizon}, ${result.workload.backtests} backtest window(s), models ${result.workload.models.join(', ')}`);
    console.log(`Machine: ${cores} cores (${result.machine.cpu}), backend ${result.backend}\n`);
    console.log('| Workers | Time (median) | Runs | Speedup | Efficiency | Targets/s | Peak memory (browser PSS) | App reading |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const r of result.rows) {
      console.log(`| ${r.workers} | ${r.seconds.toFixed(2)} s | ${r.runs} | ${r.speedup.toFixed(2)}x | ${(r.efficiency * 100).toFixed(0)}% | ${r.targetsPerSecond.toFixed(2)} | ${r.peakMemoryMB.toFixed(0)} MB | ${r.appMemoryMB.toFixed(0)} MB (${r.appMemorySource}) |`);
    }
    for (const r of result.rows) console.log(`runs with ${r.workers} worker(s): ${r.allSeconds.map((x) => x.toFixed(2)).join(', ')} s`);
    console.log(`untimed warm-up run (${result.warmupRun.workers} workers, cold start): ${warmupSeconds.toFixed(2)} s`);
    console.log(`\nidenticalResults: ${identical}`);
    if (args.json) writeFileSync(args.json, JSON.stringify(result, null, 2) + '\n');
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
