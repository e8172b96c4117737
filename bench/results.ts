/**
 * Backtest report of the app's pipeline on a real file, in Node: import and clean as the app
 * does, run every job (target × model × fold) in-process, assemble the results (metrics,
 * ensemble, calibrated intervals) and print MASE per model plus the interval coverage.
 *
 *   npx tsx bench/results.ts --data public/samples/petrochem-sample.xlsx
 *   npx tsx bench/results.ts --data ../shared/datasets/ETTh1.csv --targets OT --horizon 24 --backtests 20
 *
 * Options: --targets a,b (default all) --models … --horizon (default by frequency)
 * (kind:option=value, e.g. ebm:horizonMode=stacked; kind:fit for the linear models, e.g. nlinear:ridge) --lookback (default as the app) --backtests 3 --json out.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { ParseSession } from '../src/data/parse-session';
import { defaultHorizon, defaultLookback } from '../src/engine/defaults';
import { planJobs } from '../src/engine/plan';
import { runJob } from '../src/engine/run-job';
import type { JobRecord, RunSpec } from '../src/engine/types';
import { assembleResults } from '../src/results/assemble';
import { fingerprint, futureTimes } from '../src/results/dataset-info';
import { outOfFoldCoverage } from '../src/results/intervals';
import { tableOf } from '../src/engine/series-table';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: 'public/samples/petrochem-sample.xlsx' },
    targets: { type: 'string' },
    models: { type: 'string', default: 'naive,seasonal-naive,drift,ets,dlinear,nlinear' },
    horizon: { type: 'string' },
    lookback: { type: 'string' },
    backtests: { type: 'string', default: '3' },
    json: { type: 'string' },
  },
});

async function main() {
  const bytes = readFileSync(args.data!);
  const file = Object.assign(new Blob([bytes]), { name: basename(args.data!) });
  const loaded = await new ParseSession().load(file, {});
  if (!loaded.ok) throw new Error(loaded.error.message);
  const data = loaded.data;
  const table = tableOf(data);
  const targets = args.targets ? args.targets.split(',') : data.frame.names;
  const horizon = Number(args.horizon ?? defaultHorizon(data.check.frequency.kind));
  const period = table.periods[table.names.indexOf(targets[0])];
  const lookback = Number(args.lookback ?? defaultLookback(horizon, period, table.time.length));
  const spec: RunSpec = { targets, drivers: [], models: args.models!.split(',').map(modelSpec), lookback, horizon, backtests: Number(args.backtests), seed: 42 };
  const t0 = performance.now();
  const records: JobRecord[] = [];
  // CPU seconds per job by model: a wall clock would count the time the process was paused or shared.
  const cpu = new Map<string, number[]>();
  for (const job of planJobs(spec, table)) {
    const c0 = process.cpuUsage();
    const result = await runJob(job, { table, backend: 'js' });
    const c = process.cpuUsage(c0);
    cpu.set(job.model.kind, [...(cpu.get(job.model.kind) ?? []), (c.user + c.system) / 1e6]);
    records.push({ job, status: 'done', attempts: 1, worker: 0, startedAt: 0, endedAt: 0, progress: null, result, error: null });
  }
  const seconds = (performance.now() - t0) / 1000;
  const run = assembleResults({
    id: 'bench',
    records,
    spec,
    table,
    dataset: { fileName: file.name, rows: table.time.length, fingerprint: fingerprint(table), time: table.time, futureTime: futureTimes(table.time, data.check.frequency, horizon), frequency: data.check.frequency.kind },
    run: { workers: 1, backend: 'js', seconds },
  });
  const kinds = run.targets[0].models.map((m) => m.kind);
  console.log(`\n${file.name}: ${targets.length} target(s), ${table.time.length} rows, ${data.check.frequency.label}, horizon ${horizon}, lookback ${lookback}, ${spec.backtests} backtest windows, ${seconds.toFixed(1)} s\n`);
  const rows = kinds.map((kind) => {
    const mase = run.targets.map((t) => t.models.find((m) => m.kind === kind)?.metrics?.mase ?? NaN);
    const cov = outOfFoldCoverage(run.calibration.find((c) => c.kind === kind));
    return { kind, meanMase: mean(mase), wins: run.targets.filter((t) => t.best === kind).length, coverage80: cov[0].coverage, coverage95: cov[1].coverage, cpuPerJob: mean(cpu.get(kind) ?? []), mase };
  });
  console.log('| Model | Mean MASE | Wins | 80 % coverage | 95 % coverage | CPU s per job |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.kind} | ${r.meanMase.toFixed(3)} | ${r.wins} | ${pct(r.coverage80)} | ${pct(r.coverage95)} | ${cpu.has(r.kind) ? r.cpuPerJob.toFixed(2) : '-'} |`);
  if (args.json) writeFileSync(args.json, JSON.stringify({ data: file.name, spec, seconds, rows }, null, 1));
}

/** 'dlinear', 'dlinear:ridge' (the fit option of the linear models) or 'ebm:horizonMode=stacked;calendar=true' (any options). */
const modelSpec = (s: string) => {
  const [kind, opt] = s.split(':');
  if (!opt) return { kind };
  // Several options joined by ';' (ebm:calendar=true;horizonMode=stacked); true, false and numbers are parsed.
  const options: Record<string, unknown> = {};
  for (const o of opt.split(';')) {
    const [key, value] = o.includes('=') ? o.split('=') : ['fit', o];
    options[key] = value === 'true' ? true : value === 'false' ? false : value !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
  }
  return { kind, options };
};
const mean = (xs: number[]) => xs.filter(Number.isFinite).reduce((a, b, _, all) => a + b / all.length, 0);
const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : 'n/a');

void main();
