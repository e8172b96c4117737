import { describe, expect, it } from 'vitest';
import { clearlyBetter, EbmForecaster } from './forecaster';
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
    const f = new EbmForecaster({ calendar: true, horizonMode: 'direct', ebm: { maxRounds: 300, outerBags: 1, interactions: 2 } });
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

  it('horizon mode: one model per step when a lag acts differently at each step, else one for all', async () => {
    const rand = mulberry32(7);
    const zigzag = new Float64Array(n);
    const walk = new Float64Array(n);
    for (let i = 1; i < n; i++) {
      walk[i] = walk[i - 1] + (rand() - 0.5) * 2;
      // A swing that flips every step: at odd steps ahead the last change reverses, at even ones it cancels, which one additive model over h cannot say.
      zigzag[i] = walk[i] + (6 + 3 * Math.sin(i / 20)) * (i % 2 ? 1 : -1);
    }
    const series = (v: Float64Array): TrainingData => ({ ...data, y: v, drivers: [], driverNames: [], period: null });
    const options = { transform: 'difference' as const, calendar: false, ebm: { maxRounds: 300, outerBags: 1, interactions: 0 } };
    const a = new EbmForecaster(options);
    await a.fit(series(zigzag), { seed: 1, lookback: 14, horizon: 4 });
    expect(a.setup.mode).toBe('direct');
    expect(a.explain(4, series(zigzag)).global).toHaveLength(3);
    expect(EbmForecaster.fromState(structuredClone(a.serialize())).setup.mode).toBe('direct');
    const b = new EbmForecaster(options);
    await b.fit(series(walk), { seed: 1, lookback: 14, horizon: 4 });
    expect(b.setup.mode).toBe('stacked');
  });

  it('calendar terms: kept for a weekly cycle, dropped when the held-out folds show they clearly hurt', async () => {
    const rand = mulberry32(11);
    const weekly = new Float64Array(n);
    const flipped = new Float64Array(n);
    let walk = 0;
    for (let i = 1; i < n; i++) {
      walk += (rand() - 0.5) * 4;
      // A weekday effect (weekends print lower) on a wandering level: the check-up's ACF misses such a cycle.
      const weekend = i % 7 >= 5 ? -12 : 0;
      weekly[i] = walk + weekend;
      // The same effect, reversed for the last 45 % of the history: what the calendar learnt before misleads.
      flipped[i] = walk + (i < 0.55 * n ? weekend : -weekend);
    }
    const series = (v: Float64Array): TrainingData => ({ ...data, y: v, drivers: [], driverNames: [], period: null });
    const options = { transform: 'difference' as const, horizonMode: 'stacked' as const, calendar: 'auto' as const, ebm: { maxRounds: 300, outerBags: 1, interactions: 0 } };
    const a = new EbmForecaster(options);
    await a.fit(series(weekly), { seed: 1, lookback: 14, horizon: 3 });
    expect(a.setup.calendar).toBe(true);
    expect(a.explainStep(1, series(weekly)).terms).toContain('day of week');
    expect(EbmForecaster.fromState(structuredClone(a.serialize())).setup.calendar).toBe(true);
    const b = new EbmForecaster(options);
    await b.fit(series(flipped), { seed: 1, lookback: 14, horizon: 3 });
    expect(b.setup.calendar).toBe(false);
    expect(b.explainStep(1, series(flipped)).terms).not.toContain('day of week');
  });
});

describe('clearlyBetter', () => {
  const rand = mulberry32(3);
  const noise = Float64Array.from({ length: 400 }, () => rand());
  it('needs a paired gain beyond two standard errors of block means', () => {
    const shifted = noise.map((v, i) => v - 0.2 + 0.05 * Math.sin(i));
    expect(clearlyBetter(shifted, noise, 10)).toBe(true);
    expect(clearlyBetter(noise, shifted, 10)).toBe(false);
    const other = Float64Array.from({ length: 400 }, () => rand());
    expect(clearlyBetter(other, noise, 10)).toBe(false);
    // Fewer than four blocks: nothing is clear.
    expect(clearlyBetter(shifted.subarray(0, 30), noise.subarray(0, 30), 10)).toBe(false);
  });
});
