import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../models/common/rng';
import { cutoffs } from './backtest';
import { applyIntervals, conformal, coverage } from './intervals';

/** A stationary AR(1) series with Gaussian noise (Box–Muller). */
function ar1(n: number, phi: number, seed: number): Float64Array {
  const rand = mulberry32(seed);
  const y = new Float64Array(n);
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    prev = phi * prev + z;
    y[i] = 10 + prev;
  }
  return y;
}

describe('conformal', () => {
  it('takes the ⌈(n+1)·level⌉-th smallest |residual| per step', () => {
    const r = [Float64Array.from([-1, 2, -3, 4, 5, NaN, -6, 7, 8, -9]), Float64Array.from([1, 2])];
    const [w80, w95] = conformal(r, [0.8, 0.95]);
    // Step 0: 9 finite, ⌈10·0.8⌉ = 8 → 8; ⌈10·0.95⌉ = 10 > 9 → ∞. Step 1: ⌈3·0.8⌉ = 3 > 2 → ∞.
    expect(Array.from(w80.width)).toEqual([8, Infinity]);
    expect(Array.from(w95.width)).toEqual([Infinity, Infinity]);
  });

  it('applyIntervals and coverage', () => {
    const iv = applyIntervals(Float64Array.from([1, 2, 3]), [{ level: 0.9, width: Float64Array.from([1, 2]) }]);
    expect(iv[0].level).toBe(0.9);
    expect(Array.from(iv[0].lo)).toEqual([0, 0, -Infinity]);
    expect(Array.from(iv[0].hi)).toEqual([2, 4, Infinity]);
    expect(coverage([0, 5, NaN, 1], [0, 0, 0, 2], [1, 1, 1, 3])).toBeCloseTo(1 / 3, 12);
  });

  it('covers fresh windows of an AR(1) series at the nominal rate (naive forecasts)', () => {
    const H = 6;
    const calib = 2000;
    const fresh = 2000;
    const y = ar1((calib + fresh + 1) * H, 0.7, 42);
    // Latest folds first: the newest `fresh` ones are held out, the older ones calibrate.
    const folds = cutoffs({ n: y.length, horizon: H, windows: calib + fresh });
    const residuals = Array.from({ length: H }, () => new Float64Array(calib));
    for (let j = 0; j < calib; j++) {
      const c = folds[fresh + j].cutoff;
      for (let k = 0; k < H; k++) residuals[k][j] = y[c + k] - y[c - 1];
    }
    const widths = conformal(residuals, [0.8, 0.95]);
    // Step widths grow with the horizon, as they should for a random-walk-like forecast error.
    expect(widths[0].width[H - 1]).toBeGreaterThan(widths[0].width[0]);
    const actual = new Float64Array(fresh * H);
    const mean = new Float64Array(fresh * H);
    const lo = widths.map(() => new Float64Array(fresh * H));
    const hi = widths.map(() => new Float64Array(fresh * H));
    for (let j = 0; j < fresh; j++) {
      const c = folds[j].cutoff;
      const iv = applyIntervals(new Float64Array(H).fill(y[c - 1]), widths);
      for (let k = 0; k < H; k++) {
        actual[j * H + k] = y[c + k];
        mean[j * H + k] = y[c - 1];
        iv.forEach((v, l) => {
          lo[l][j * H + k] = v.lo[k];
          hi[l][j * H + k] = v.hi[k];
        });
      }
    }
    const cov80 = coverage(actual, lo[0], hi[0]);
    const cov95 = coverage(actual, lo[1], hi[1]);
    expect(Math.abs(cov80 - 0.8)).toBeLessThan(0.03);
    expect(Math.abs(cov95 - 0.95)).toBeLessThan(0.03);
    expect(mean.length).toBe(actual.length);
  });
});
