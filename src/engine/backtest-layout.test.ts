import { describe, expect, it } from 'vitest';
import { FitCache } from './fit-cache';
import { planJobs, PlanError } from './plan';
import { runJob } from './run-job';
import type { RunSpec, SeriesTable } from './types';

const n = 300;
const table: SeriesTable = {
  names: ['y'],
  time: Float64Array.from({ length: n }, (_, i) => i),
  cols: [Float64Array.from({ length: n }, (_, i) => 10 + 0.05 * i + Math.sin(i / 3))],
  periods: [null],
};
const spec = (backtest: RunSpec['backtest'], models = [{ kind: 'drift' }]): RunSpec => ({ targets: ['y'], drivers: [], models, lookback: 10, horizon: 5, backtests: 4, backtest, seed: 1 });
const folds = (s: RunSpec) => planJobs(s, table).filter((j) => j.fold >= 0).sort((a, b) => a.fold - b.fold);

describe('backtest layout in the plan', () => {
  it('spaces cutoffs by the step and trains sliding windows of the asked length', () => {
    const jobs = folds(spec({ step: 2, mode: 'sliding', trainWindow: 50 }));
    expect(jobs.map((j) => j.cutoff)).toEqual([295, 293, 291, 289]);
    for (const j of jobs) {
      expect(j.fitCutoff).toBe(j.cutoff);
      expect(j.cutoff - j.trainStart).toBe(50);
    }
    const final = planJobs(spec({ mode: 'sliding', trainWindow: 50 }), table).find((j) => j.fold < 0)!;
    expect([final.trainStart, final.fitCutoff]).toEqual([250, 300]);
    expect(() => planJobs(spec({ mode: 'sliding', trainWindow: 5 }), table)).toThrow(PlanError);
  });

  it('refits every k folds, oldest first, and marks the fits that are shared', () => {
    const jobs = folds(spec({ refitEvery: 2 }));
    expect(jobs.map((j) => j.cutoff)).toEqual([295, 290, 285, 280]);
    expect(jobs.map((j) => j.fitCutoff)).toEqual([290, 290, 280, 280]);
    expect(jobs.every((j) => j.sharedFit)).toBe(true);
    expect(folds(spec({})).some((j) => j.sharedFit)).toBe(false);
  });

  it('a reused fit forecasts from its own cutoff, exactly as a fresh fit at the same rows does', async () => {
    const jobs = folds(spec({ refitEvery: 2 }, [{ kind: 'ets' }]));
    const fits = new FitCache();
    const cached = [];
    // Oldest first, as they share: fold 3 fits, fold 2 reuses.
    for (const j of [...jobs].reverse()) cached.push(await runJob(j, { table, backend: 'js', fits }));
    expect(fits.size).toBe(2);
    const fresh = [];
    for (const j of [...jobs].reverse()) fresh.push(await runJob(j, { table, backend: 'js' }));
    for (let i = 0; i < cached.length; i++) expect([...cached[i].forecast]).toEqual([...fresh[i].forecast]);
    // Folds sharing a fit still forecast different windows.
    expect(cached[0].forecast).not.toEqual(cached[1].forecast);
    expect(cached[1].fitMs).toBeLessThan(cached[0].fitMs);
    fits.clear();
    expect(fits.size).toBe(0);
  });
});
