import { describe, expect, it } from 'vitest';
import { errorAnalysis, histogram } from './errors';
import type { ModelResult } from './types';

const model = (folds: { cutoff: number; f: number[]; a: number[] }[]): ModelResult =>
  ({ kind: 'm', folds: folds.map((x, i) => ({ fold: i, cutoff: x.cutoff, forecast: Float64Array.from(x.f), actual: Float64Array.from(x.a) })) }) as ModelResult;

describe('errorAnalysis', () => {
  it('lists points in time order, the worst first, and the bias as forecast − actual', () => {
    const e = errorAnalysis(model([{ cutoff: 10, f: [5, 5, 5], a: [4, 8, NaN] }, { cutoff: 7, f: [1, 1, 1], a: [1, 2, 0] }]), 2);
    expect(e.points.map((p) => p.row)).toEqual([7, 8, 9, 10, 11]);
    // Ties keep time order.
    expect(e.worst.map((p) => [p.row, p.error])).toEqual([[11, -3], [8, -1]]);
    expect(e.bias).toBeCloseTo((0 - 1 + 1 + 1 - 3) / 5, 12);
    expect(e.overShare).toBeCloseTo(2 / 5, 12);
    expect(e.worst[0]).toMatchObject({ step: 2, fold: 0, actual: 8, forecast: 5 });
  });
  it('histograms are symmetric around zero and count every value once', () => {
    const h = histogram([-2, -1, 0, 0.5, 2], 4);
    expect([...h.edges]).toEqual([-2, -1, 0, 1, 2]);
    expect([...h.counts]).toEqual([1, 1, 2, 1]);
  });
});
