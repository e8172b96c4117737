import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../common/rng';
import { mseOf } from './adam';
import { LinearForecaster } from './linear';
import { fitRidge, normalMse, normalOfDesign } from './ridge';
import { fitSharedAdam, fitSharedRidge, pooledDesign, predictWindow, sharedNormal, type SharedSpec } from './shared';
import type { Design } from './train';

function noiseless(rows: number, seed: number, w: Float64Array, cols: number, outputs: number): Design {
  const rand = mulberry32(seed);
  const x = new Float32Array(rows * cols);
  const y = new Float32Array(rows * outputs);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols - 1; j++) x[r * cols + j] = rand() * 2 - 1;
    x[r * cols + cols - 1] = 1;
    for (let h = 0; h < outputs; h++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += x[r * cols + j] * w[j * outputs + h];
      y[r * outputs + h] = s;
    }
  }
  return { x, y, rows, cols, outputs };
}

function seasonal(n: number, seed: number, phase = 0): Float64Array {
  const rand = mulberry32(seed);
  return Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * i) / 24 + phase) + 0.5 * Math.sin((2 * Math.PI * i) / 7) + 0.002 * i + (rand() - 0.5) * 0.3);
}

describe('ridge', () => {
  it('recovers a noiseless linear map, bias included, and reads MSE off the normal equations', () => {
    const C = 7;
    const H = 3;
    const w = Float64Array.from({ length: C * H }, (_, i) => Math.sin(i + 1) * 2);
    const train = normalOfDesign(noiseless(200, 1, w, C, H));
    const val = noiseless(50, 2, w, C, H);
    const fit = fitRidge(train, normalOfDesign(val), [1e-10, 1e-2, 1]);
    expect(fit.lambda).toBeLessThan(1e-8);
    for (let i = 0; i < w.length; i++) expect(fit.weights[i]).toBeCloseTo(w[i], 4);
    const other = w.map((v) => v + 0.1);
    expect(normalMse(normalOfDesign(val), other)).toBeCloseTo(mseOf(val, other), 6);
  });

  for (const variant of ['dlinear', 'nlinear'] as const) {
    it(`${variant}: the lag-recursion Gram equals the pooled design's normal equations`, () => {
      const spec: SharedSpec = { variant, kernel: 5, lookback: 12, horizon: 4 };
      const chans = [seasonal(120, 3), seasonal(120, 4, 1)];
      const a = sharedNormal(spec, chans, [20, 90]);
      const b = normalOfDesign(pooledDesign(spec, chans, [20, 90]));
      expect(a.rows).toBe(b.rows);
      expect(a.rows).toBe(140);
      for (let i = 0; i < a.xtx.length; i++) expect(a.xtx[i]).toBeCloseTo(b.xtx[i], 3);
      for (let i = 0; i < a.xty.length; i++) expect(a.xty[i]).toBeCloseTo(b.xty[i], 3);
      expect(a.yty).toBeCloseTo(b.yty, 3);
    });

    it(`${variant}: ridge and Adam reach similar validation MSE on a seasonal series`, async () => {
      const spec: SharedSpec = { variant, kernel: 25, lookback: 48, horizon: 12 };
      const z = [seasonal(900, 5)];
      const train: [number, number] = [48, 700];
      const val: [number, number] = [700, 889];
      const ridge = fitSharedRidge(spec, z, train, val);
      const adam = await fitSharedAdam(spec, z, train, val, { epochs: 10, learningRate: 0.005, batchSize: 32, patience: 3 }, { seed: 1, lookback: 48, horizon: 12 });
      const vd = pooledDesign(spec, z, val);
      const r = mseOf(vd, ridge.weights);
      const a = mseOf(vd, adam);
      expect(r).toBeCloseTo(ridge.loss, 4);
      // The noise floor is 0.3²/12 = 0.0075; the series' variance is ~0.6. Adam (10 epochs, lr halved
      // each epoch) stops short of the least-squares optimum that ridge reaches exactly.
      expect(r).toBeLessThan(0.011);
      expect(r).toBeLessThan(a * 1.05);
      expect(a).toBeLessThan(r * 2);
      // predictWindow agrees with the design's row (targets offset back for NLinear).
      const out = new Float64Array(12);
      predictWindow(spec, ridge.weights, z[0], 700, out, new Float64Array(vd.cols));
      const base = variant === 'nlinear' ? z[0][699] : 0;
      let s = 0;
      for (let j = 0; j < vd.cols; j++) s += vd.x[j] * ridge.weights[j * 12];
      expect(out[0]).toBeCloseTo(s + base, 4);
    });

    it(`${variant}: LinearForecaster fits by ridge, forecasts and round-trips`, async () => {
      const y = seasonal(600, 9).map((v) => v * 3 + 10);
      const data = { target: 'y', y: y.subarray(0, 576), time: Float64Array.from(y.subarray(0, 576), (_, i) => i), drivers: [], driverNames: [], period: 24 };
      const m = new LinearForecaster({ variant, fit: 'ridge' });
      await m.fit(data, { seed: 1, lookback: 48, horizon: 24 });
      const f = m.predict(24, data).mean;
      const actual = y.subarray(576);
      const mae = f.reduce((s, v, i) => s + Math.abs(v - actual[i]), 0) / 24;
      const naive = actual.reduce((s, v) => s + Math.abs(v - y[575]), 0) / 24;
      expect(mae).toBeLessThan(naive * 0.6);
      expect([...LinearForecaster.fromState(structuredClone(m.serialize())).predict(24, data).mean]).toEqual([...f]);
      // A gap sends ridge through the window-by-window sums; the forecast barely moves.
      const gappy = { ...data, y: Float64Array.from(data.y, (v, i) => (i === 100 ? NaN : v)) };
      const g = new LinearForecaster({ variant, fit: 'ridge' });
      await g.fit(gappy, { seed: 1, lookback: 48, horizon: 24 });
      const fg = g.predict(24, gappy).mean;
      for (let k = 0; k < 24; k++) expect(Math.abs(fg[k] - f[k])).toBeLessThan(0.3);
    });
  }
});
