import { describe, expect, it } from 'vitest';
import { planJobs } from '../engine/plan';
import { runJob } from '../engine/run-job';
import type { JobRecord, RunSpec, SeriesTable } from '../engine/types';
import { mae } from '../eval/metrics';
import { mulberry32 } from '../models/common/rng';
import { assembleResults } from './assemble';
import { intervalsFor, outOfFoldCoverage } from './intervals';
import { fingerprint, futureTimes } from './dataset-info';
import { ENSEMBLE } from './types';

const DAY = 86_400_000;

/** Weekly-seasonal series with noise: seasonal naive should beat naive. */
function table(targets: number, n: number, seed = 1): SeriesTable {
  const rand = mulberry32(seed);
  const cols = Array.from({ length: targets }, (_, k) => Float64Array.from({ length: n }, (_, i) => 100 + 10 * k + 8 * Math.sin((2 * Math.PI * i) / 7) + 2 * (rand() - 0.5)));
  return { names: cols.map((_, k) => `s${k}`), time: Float64Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + i * DAY), cols, periods: cols.map(() => 7) };
}

async function records(spec: RunSpec, t: SeriesTable, failTarget?: string): Promise<JobRecord[]> {
  const out: JobRecord[] = [];
  for (const job of planJobs(spec, t)) {
    const failed = job.target === failTarget && job.model.kind === 'naive' && job.fold < 0;
    const result = failed ? null : await runJob(job, { table: t, backend: 'js' });
    out.push({ job, status: failed ? 'failed' : 'done', attempts: failed ? 4 : 1, worker: 0, startedAt: 0, endedAt: 1, progress: null, result, error: failed ? 'boom' : null });
  }
  return out;
}

const spec = (t: SeriesTable, over: Partial<RunSpec> = {}): RunSpec => ({
  targets: t.names,
  drivers: [],
  models: [{ kind: 'naive' }, { kind: 'seasonal-naive' }, { kind: 'drift' }],
  lookback: 14,
  horizon: 7,
  backtests: 4,
  seed: 1,
  ...over,
});

async function assemble(t: SeriesTable, s: RunSpec, failTarget?: string) {
  return assembleResults({
    id: 'r1',
    records: await records(s, t, failTarget),
    spec: s,
    table: t,
    dataset: { fileName: 'x.csv', rows: t.time.length, fingerprint: fingerprint(t), time: t.time, futureTime: futureTimes(t.time, { kind: 'daily', stepMs: DAY, label: 'daily' }, s.horizon), frequency: 'daily' },
    run: { workers: 1, backend: 'js', seconds: 0 },
  });
}

describe('assembleResults', () => {
  it('pools metrics over folds, ranks by MASE and adds an out-of-fold ensemble', async () => {
    const t = table(3, 200);
    const run = await assemble(t, spec(t));
    expect(run.targets).toHaveLength(3);
    for (const tr of run.targets) {
      const kinds = tr.models.map((m) => m.kind);
      expect(kinds).toEqual(['naive', 'seasonal-naive', 'drift', ENSEMBLE]);
      const sn = tr.models[1];
      expect(sn.folds).toHaveLength(4);
      // Pooled MAE over 4 folds of equal length is the mean of the fold MAEs.
      const foldMae = sn.folds.map((f) => mae(f.actual, f.forecast));
      expect(sn.metrics!.mae).toBeCloseTo(foldMae.reduce((a, b) => a + b) / 4, 10);
      expect(sn.maeByStep).toHaveLength(7);
      expect(sn.metrics!.mase).toBeLessThan(tr.models[0].metrics!.mase);
      expect(['seasonal-naive', ENSEMBLE]).toContain(tr.best);
      const ens = tr.models[3];
      const w = ens.weights!.map((x) => x.weight);
      expect(w.reduce((a, b) => a + b)).toBeCloseTo(1, 9);
      expect(Math.min(...w)).toBeGreaterThanOrEqual(0);
      // Seasonal naive carries the weight on a seasonal series.
      expect(ens.weights!.find((x) => x.kind === 'seasonal-naive')!.weight).toBeGreaterThan(0.5);
      expect(ens.forecast).toHaveLength(7);
    }
    expect(run.dataset.history[0]).toEqual(t.cols[0]);
    expect(run.dataset.futureTime[0]).toBe(t.time[199] + DAY);
  });

  it('falls back to seasonal naive for a failed final fit, which never wins', async () => {
    const t = table(2, 120);
    const s = spec(t, { models: [{ kind: 'naive' }, { kind: 'drift' }], backtests: 2 });
    const run = await assemble(t, s, 's0');
    const failed = run.targets[0].models.find((m) => m.kind === 'naive')!;
    expect(failed.fallback).toBe(true);
    expect(failed.error).toBe('boom');
    expect(failed.forecast).toHaveLength(7);
    // Seasonal naive with period 7 repeats the last week.
    expect(failed.forecast![0]).toBe(t.cols[0][120 - 7]);
    expect(run.targets[0].best).not.toBe('naive');
    // With one usable member left there is no ensemble.
    expect(run.targets[0].models.some((m) => m.kind === ENSEMBLE)).toBe(false);
  });

  it('calibrates intervals whose out-of-fold coverage is near nominal', async () => {
    const t = table(12, 400, 7);
    const run = await assemble(t, spec(t, { backtests: 8 }));
    const cal = run.calibration.find((c) => c.kind === 'seasonal-naive')!;
    expect(cal.byStep).toHaveLength(7);
    expect(cal.byStep[0].length).toBe(12 * 8);
    const cov = outOfFoldCoverage(cal);
    expect(cov[0].coverage).toBeGreaterThan(0.72);
    expect(cov[0].coverage).toBeLessThan(0.9);
    expect(cov[1].coverage).toBeGreaterThan(0.9);
    const tr = run.targets[0];
    const [i80, i95] = intervalsFor(run, tr, tr.models[1]);
    for (let k = 0; k < 7; k++) {
      expect(i80.lo[k]).toBeLessThan(tr.models[1].forecast![k]);
      expect(i95.hi[k] - i95.lo[k]).toBeGreaterThanOrEqual(i80.hi[k] - i80.lo[k]);
      if (k > 0) expect(i80.hi[k] - i80.lo[k]).toBeGreaterThanOrEqual(i80.hi[k - 1] - i80.lo[k - 1] - 1e-12);
    }
  });
});

describe('dataset info', () => {
  it('fingerprints change with any value and survive copies', () => {
    const t = table(2, 50);
    const a = fingerprint(t);
    expect(fingerprint({ ...t, cols: t.cols.map((c) => c.slice()) })).toBe(a);
    const cols = t.cols.map((c) => c.slice());
    cols[1][10] += 1e-9;
    expect(fingerprint({ ...t, cols })).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
  });
  it('steps the future on the calendar grid', () => {
    const jan31 = Date.UTC(2024, 0, 31);
    const f = futureTimes(Float64Array.of(jan31), { kind: 'monthly', stepMs: 30 * DAY, label: 'monthly', anchor: 'end' }, 2);
    expect([...f]).toEqual([Date.UTC(2024, 1, 29), Date.UTC(2024, 2, 31)]);
    expect([...futureTimes(Float64Array.of(0, 1, 2), { kind: 'index', stepMs: 1, label: '' }, 2)]).toEqual([3, 4]);
  });
});
