import { describe, expect, it } from 'vitest';
import { accuracy, bias, byStep, mae, mape, mase, metricsOf, naiveScale, rmse, smape, wape } from './metrics';

const y = [10, 20, 0, 40];
const f = [12, 15, 1, 40];
// errors y − f: -2, 5, -1, 0

describe('metrics', () => {
  it('matches hand-computed values', () => {
    expect(mae(y, f)).toBeCloseTo(8 / 4, 12);
    expect(rmse(y, f)).toBeCloseTo(Math.sqrt(30 / 4), 12);
    // Zero actual skipped: (0.2 + 0.25 + 0) / 3.
    expect(mape(y, f)).toBeCloseTo((100 * 0.45) / 3, 12);
    // 2|e|/(|y|+|f|): 4/22, 10/35, 2/1, 0.
    expect(smape(y, f)).toBeCloseTo((100 * (4 / 22 + 10 / 35 + 2 + 0)) / 4, 12);
    expect(wape(y, f)).toBeCloseTo(8 / 70, 12);
    expect(accuracy(y, f)).toBeCloseTo(100 - 800 / 70, 12);
    expect(bias(y, f)).toBeCloseTo((2 - 5 + 1 + 0) / 4, 12);
  });

  it('skips NaN pairs on either side', () => {
    const a = [1, NaN, 3, 4];
    const p = [2, 5, NaN, 2];
    expect(mae(a, p)).toBeCloseTo(1.5, 12);
    expect(rmse(a, p)).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(bias(a, p)).toBeCloseTo(-0.5, 12);
    expect(wape(a, p)).toBeCloseTo(3 / 5, 12);
    expect(mae([NaN], [1])).toBeNaN();
  });

  it('MASE scales by the in-sample (seasonal) naive MAE', () => {
    const train = [1, 3, 2, 6, 4, NaN, 5];
    // lag 1 diffs: 2, 1, 4, 2, (NaN), (NaN) → mean 9/4.
    expect(naiveScale(train)).toBeCloseTo(9 / 4, 12);
    // lag 2 diffs: 1, 3, 2, (NaN), 1 → mean 7/4.
    expect(naiveScale(train, 2)).toBeCloseTo(7 / 4, 12);
    expect(mase(y, f, train)).toBeCloseTo(2 / (9 / 4), 12);
    expect(mase(y, f, train, 2)).toBeCloseTo(2 / (7 / 4), 12);
    expect(mase(y, f, [5, 5, 5])).toBeNaN();
  });

  it('metricsOf returns every metric', () => {
    const m = metricsOf(y, f, [1, 3, 2, 6], null);
    expect(m.mae).toBe(mae(y, f));
    expect(m.mase).toBeCloseTo(2 / (7 / 3), 12);
    expect(m.accuracy).toBeCloseTo(100 - 100 * m.wape, 12);
    expect(Object.keys(m).sort()).toEqual(['accuracy', 'bias', 'mae', 'mape', 'mase', 'rmse', 'smape', 'wape']);
  });

  it('byStep pools each horizon step across folds', () => {
    const folds = [
      { actual: [1, 2, 3], forecast: [2, 2, 5] },
      { actual: [1, 2, 3], forecast: [0, 5, NaN] },
      { actual: [4, 4], forecast: [4, 0] },
    ];
    const s = byStep(folds, mae);
    expect(s).toBeInstanceOf(Float64Array);
    expect(Array.from(s)).toEqual([2 / 3, 7 / 3, 2]);
  });
});
