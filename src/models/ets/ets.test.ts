import { describe, expect, it } from 'vitest';
import { mape } from '../../eval/metrics';
import type { TrainingData } from '../types';
import { Ets } from './ets';

// Box & Jenkins monthly airline passengers (thousands), 1949–1960.
const AIR = Float64Array.from([
  112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141, 135, 125, 149, 170, 170, 158, 133, 114, 140,
  145, 150, 178, 163, 172, 178, 199, 199, 184, 162, 146, 166, 171, 180, 193, 181, 183, 218, 230, 242, 209, 191, 172, 194,
  196, 196, 236, 235, 229, 243, 264, 272, 237, 211, 180, 201, 204, 188, 235, 227, 234, 264, 302, 293, 259, 229, 203, 229,
  242, 233, 267, 269, 270, 315, 364, 347, 312, 274, 237, 278, 284, 277, 317, 313, 318, 374, 413, 405, 355, 306, 271, 306,
  315, 301, 356, 348, 355, 422, 465, 467, 404, 347, 305, 336, 340, 318, 362, 348, 363, 435, 491, 505, 404, 359, 310, 337,
  360, 342, 406, 396, 420, 472, 548, 559, 463, 407, 362, 405, 417, 391, 419, 461, 472, 535, 622, 606, 508, 461, 390, 432,
]);

function data(y: Float64Array, period: number | null): TrainingData {
  return { target: 'y', y, time: Float64Array.from(y, (_, i) => i), drivers: [], driverNames: [], period };
}
const opts = { seed: 1, lookback: 24, horizon: 12 };

async function airForecast(log: boolean, options = {}) {
  const train = AIR.slice(0, 132).map((v) => (log ? Math.log(v) : v));
  const model = new Ets(options);
  await model.fit(data(train, 12), opts);
  const mean = model.predict(12, data(train, 12)).mean.map((v) => (log ? Math.exp(v) : v));
  return { model, err: mape(AIR.subarray(132), mean) };
}

describe('Ets', () => {
  it('the fixture is AirPassengers', () => {
    expect(AIR.length).toBe(144);
    expect(AIR.reduce((a, b) => a + b, 0)).toBe(40363);
  });

  it('forecasts the last year of log(AirPassengers) within 10% MAPE with α, β, γ in [0, 1]', async () => {
    const { model, err } = await airForecast(true);
    expect(err).toBeLessThan(10);
    const f = model.fitted!;
    expect(f.season).toBe(true);
    for (const v of [f.params.alpha, f.params.beta, f.params.gamma]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  it('additive Holt–Winters ETS(A,A,A) on the raw series is within 10% MAPE too', async () => {
    const { err } = await airForecast(false, { trend: 'additive', season: 'additive' });
    expect(err).toBeLessThan(10);
  });

  it('extrapolates a pure linear trend nearly exactly', async () => {
    const y = Float64Array.from({ length: 40 }, (_, i) => 5 + 2 * i);
    const model = new Ets();
    await model.fit(data(y, null), opts);
    const mean = model.predict(10, data(y, null)).mean;
    for (let k = 0; k < 10; k++) expect(mean[k]).toBeCloseTo(5 + 2 * (40 + k), 3);
  });

  it('tolerates missing values: skips their update and keeps forecasting', async () => {
    const y = Float64Array.from({ length: 60 }, (_, i) => 100 + 0.5 * i + 10 * Math.sin((2 * Math.PI * i) / 12));
    const holes = y.slice();
    for (const i of [3, 17, 30, 31, 58]) holes[i] = NaN;
    const model = new Ets();
    await model.fit(data(holes, 12), opts);
    expect(Number.isFinite(model.fitted!.mse)).toBe(true);
    const mean = model.predict(12, data(holes, 12)).mean;
    expect(mean.every(Number.isFinite)).toBe(true);
    const truth = Float64Array.from({ length: 12 }, (_, k) => 100 + 0.5 * (60 + k) + 10 * Math.sin((2 * Math.PI * (60 + k)) / 12));
    expect(mape(truth, mean)).toBeLessThan(2);
    // A trailing NaN carries the forecast forward instead of breaking it.
    const tail = Float64Array.from([...holes, NaN]);
    expect(model.predict(11, data(tail, 12)).mean[0]).toBeCloseTo(mean[1], 9);
  });

  it('uses a longer context and round-trips through serialize/fromState', async () => {
    const train = AIR.slice(0, 120).map(Math.log);
    const model = new Ets();
    await model.fit(data(train, 12), opts);
    const longer = AIR.slice(0, 132).map(Math.log);
    const a = model.predict(12, data(longer, 12)).mean;
    const err = mape(AIR.subarray(132), a.map(Math.exp));
    expect(err).toBeLessThan(10);
    const copy = Ets.fromState(structuredClone(model.serialize()));
    expect(Array.from(copy.predict(12, data(longer, 12)).mean)).toEqual(Array.from(a));
    expect(copy.kind).toBe('ets');
  });

  it('handles constant, very short and empty series', async () => {
    const flat = new Ets();
    await flat.fit(data(new Float64Array(30).fill(7), 12), opts);
    expect(Array.from(flat.predict(3, data(new Float64Array(30).fill(7), 12)).mean)).toEqual([7, 7, 7]);
    const short = new Ets();
    await short.fit(data(Float64Array.from([1, 2]), 12), opts);
    expect(short.predict(2, data(Float64Array.from([1, 2]), 12)).mean.every(Number.isFinite)).toBe(true);
    const empty = new Ets();
    await empty.fit(data(Float64Array.from([NaN, NaN]), null), opts);
    expect(empty.predict(2, data(Float64Array.from([NaN, NaN]), null)).mean.every(Number.isNaN)).toBe(true);
  });

  it('is deterministic for a seed and honours an aborted signal', async () => {
    const a = new Ets();
    const b = new Ets();
    await a.fit(data(AIR, 12), opts);
    await b.fit(data(AIR, 12), opts);
    expect(a.serialize()).toEqual(b.serialize());
    await expect(new Ets().fit(data(AIR, 12), { ...opts, signal: { aborted: true } })).rejects.toThrow('Cancelled');
  });
});
