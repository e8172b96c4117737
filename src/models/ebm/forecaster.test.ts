import { describe, expect, it } from 'vitest';
import { EbmForecaster } from './forecaster';
import type { TrainingData } from '../types';
import { mulberry32 } from '../common/rng';

const DAY = 86_400_000;
const n = 400;
const crude = Float64Array.from({ length: n }, (_, i) => 80 + 5 * Math.sin(i / 15));
const y = Float64Array.from({ length: n }, (_, i) => 500 + 3 * (i > 0 ? crude[i - 1] : 80) + 8 * Math.sin((2 * Math.PI * i) / 7) + Math.sin(i * 12.9898));
const data: TrainingData = { target: 'naphtha', y, time: Float64Array.from({ length: n }, (_, i) => Date.UTC(2023, 0, 2) + i * DAY), drivers: [crude], driverNames: ['crude'], period: 7 };
const train = { ...data, y: y.subarray(0, n - 3), time: data.time.subarray(0, n - 3), drivers: [crude.subarray(0, n - 3)] };

describe('EbmForecaster', () => {
  it('forecasts each step with its own additive model whose contributions add up exactly', async () => {
    const f = new EbmForecaster({ ebm: { maxRounds: 300, outerBags: 1, interactions: 2 } });
    await f.fit(train, { seed: 1, lookback: 14, horizon: 3 });
    const mean = f.predict(3, train).mean;
    const actual = y.subarray(n - 3);
    const mae = mean.reduce((a, v, i) => a + Math.abs(v - actual[i]), 0) / 3;
    const naive = actual.reduce((a, v) => a + Math.abs(v - train.y[n - 4]), 0) / 3;
    expect(mae).toBeLessThan(naive);
    const e = f.explainStep(2, train);
    expect(e.terms).toContain('naphtha change 2');
    expect(e.terms).toContain('day of week');
    expect(e.intercept + e.contributions.reduce((a, b) => a + b, 0) + e.base).toBeCloseTo(mean[1], 9);
    const again = EbmForecaster.fromState(structuredClone(f.serialize()));
    expect([...again.predict(3, train).mean]).toEqual([...mean]);
  });

  it('chooses level or difference by the error on the held-out end of the history', async () => {
    const rand = mulberry32(5);
    const walk = new Float64Array(n);
    const season = new Float64Array(n);
    for (let i = 1; i < n; i++) {
      walk[i] = walk[i - 1] + (rand() - 0.5) * 4;
      season[i] = 100 + 10 * Math.sin((2 * Math.PI * i) / 7) + (rand() - 0.5) * 6;
    }
    const series = (v: Float64Array): TrainingData => ({ ...data, y: v, drivers: [], driverNames: [] });
    const options = { ebm: { maxRounds: 200, outerBags: 1, interactions: 0 } };
    const a = new EbmForecaster(options);
    await a.fit(series(walk), { seed: 1, lookback: 14, horizon: 3 });
    expect(a.explain(3, series(walk)).transform).toBe('difference');
    const b = new EbmForecaster(options);
    await b.fit(series(season), { seed: 1, lookback: 14, horizon: 3 });
    expect(b.explain(3, series(season)).transform).toBe('level');
    expect(EbmForecaster.fromState(structuredClone(b.serialize())).explain(3, series(season)).transform).toBe('level');
  });

  it('stacked: one model for every step, h as a feature, parts still add up to each step', async () => {
    const f = new EbmForecaster({ horizonMode: 'stacked', transform: 'difference', ebm: { maxRounds: 300, outerBags: 1, interactions: 2 } });
    await f.fit(train, { seed: 1, lookback: 14, horizon: 3 });
    const mean = f.predict(3, train).mean;
    expect(mean.every(Number.isFinite)).toBe(true);
    const e = f.explain(3, train);
    expect(e.global).toHaveLength(1);
    expect(e.steps[2].terms).toContain('steps ahead');
    e.steps.forEach((s, k) => expect(s.intercept + s.contributions.reduce((a, b) => a + b, 0) + s.base).toBeCloseTo(mean[k], 9));
    const again = EbmForecaster.fromState(structuredClone(f.serialize()));
    expect([...again.predict(3, train).mean]).toEqual([...mean]);
  });
});
