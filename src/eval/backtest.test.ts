import { describe, expect, it } from 'vitest';
import { cutoffs } from './backtest';

describe('cutoffs', () => {
  it('matches the engine formula n − (k+1)·H when step = horizon', () => {
    const c = cutoffs({ n: 100, horizon: 12, windows: 3 });
    expect(c.map((f) => f.fold)).toEqual([0, 1, 2]);
    expect(c.map((f) => f.cutoff)).toEqual([88, 76, 64]);
    expect(c.every((f) => f.trainStart === 0 && f.fitCutoff === f.cutoff)).toBe(true);
  });

  it('uses cutoff = n − H − k·step for other steps', () => {
    const c = cutoffs({ n: 50, horizon: 10, windows: 4, step: 3 });
    expect(c.map((f) => f.cutoff)).toEqual([40, 37, 34, 31]);
  });

  it('drops folds that would train on fewer than minTrain values', () => {
    const c = cutoffs({ n: 40, horizon: 10, windows: 5, minTrain: 15 });
    expect(c.map((f) => f.cutoff)).toEqual([30, 20]);
    expect(cutoffs({ n: 5, horizon: 10, windows: 2 })).toEqual([]);
  });

  it('sliding mode trains on the last trainWindow values', () => {
    const c = cutoffs({ n: 60, horizon: 10, windows: 3, mode: 'sliding', trainWindow: 25 });
    expect(c.map((f) => [f.trainStart, f.cutoff])).toEqual([
      [25, 50],
      [15, 40],
      [5, 30],
    ]);
    // Defaults to minTrain and clips at 0.
    const d = cutoffs({ n: 30, horizon: 5, windows: 2, mode: 'sliding', minTrain: 20 });
    expect(d.map((f) => f.trainStart)).toEqual([5, 0]);
  });

  it('refitEvery reuses the fit of the oldest fold in each group', () => {
    const c = cutoffs({ n: 100, horizon: 10, windows: 5, refitEvery: 2, mode: 'sliding', trainWindow: 30 });
    // Chronological cutoffs 50, 60 | 70, 80 | 90: fits at 50, 70, 90.
    expect(c.map((f) => [f.cutoff, f.fitCutoff])).toEqual([
      [90, 90],
      [80, 70],
      [70, 70],
      [60, 50],
      [50, 50],
    ]);
    expect(c[1].fitStart).toBe(40);
    expect(c[1].trainStart).toBe(50);
  });

  it('rejects a zero horizon or step', () => {
    expect(() => cutoffs({ n: 10, horizon: 0, windows: 1 })).toThrow(RangeError);
  });
});
