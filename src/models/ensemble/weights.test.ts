import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../common/rng';
import { combine, ensembleWeights } from './weights';

function series(n: number, rand: () => number, f: (i: number) => number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => f(i) + (rand() - 0.5) * 4);
}

describe('ensembleWeights', () => {
  it('recovers a planted 0.7·A + 0.3·B + 0·C combination', () => {
    const rand = mulberry32(7);
    const n = 300;
    const truth = series(n, rand, (i) => 50 + 10 * Math.sin(i / 5));
    // Three imperfect, correlated models of the same truth.
    const A = series(n, rand, (i) => truth[i] + 3);
    const B = series(n, rand, (i) => truth[i] - 7);
    const C = series(n, rand, (i) => truth[i] * 0.8);
    const y = Float64Array.from(truth, (_, i) => 0.7 * A[i] + 0.3 * B[i] + (rand() - 0.5) * 0.5);
    const w = ensembleWeights([A, B, C], y);
    expect(w[0]).toBeCloseTo(0.7, 1);
    expect(Math.abs(w[0] - 0.7)).toBeLessThan(0.02);
    expect(Math.abs(w[1] - 0.3)).toBeLessThan(0.02);
    expect(Math.abs(w[2])).toBeLessThan(0.02);
    expect(w[0] + w[1] + w[2]).toBeCloseTo(1, 12);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(0);
  });

  it('puts all weight on a model that is exact, none on the harmful ones', () => {
    const rand = mulberry32(3);
    const y = series(60, rand, (i) => i);
    const bad = Float64Array.from(y, (v) => -v);
    const noisy = Float64Array.from(y, (v) => v + (rand() - 0.5) * 20);
    const w = ensembleWeights([bad, y, noisy], y);
    expect(w[1]).toBeCloseTo(1, 6);
    expect(w[0]).toBeCloseTo(0, 6);
  });

  it('skips rows with a NaN and falls back to equal weights with too few points', () => {
    const a = Float64Array.from([1, 2, NaN, 4, 5, 6, 7]);
    const b = Float64Array.from([2, 2, 2, NaN, 2, 2, 2]);
    const y = Float64Array.from([1, 2, 3, 4, 5, 6, NaN]);
    // Finite rows: 0, 1, 4, 5 → 4 < 3·2.
    expect(Array.from(ensembleWeights([a, b], y))).toEqual([0.5, 0.5]);
    const w = ensembleWeights([a, b], y, { minPoints: 4 });
    expect(w[0]).toBeCloseTo(1, 6);
    expect(Array.from(ensembleWeights([a], y))).toEqual([1]);
  });
});

describe('combine', () => {
  it('weights forecasts and rescales around missing ones', () => {
    const out = combine([Float64Array.from([1, 2, NaN]), Float64Array.from([3, NaN, NaN])], Float64Array.from([0.25, 0.75]));
    expect(out[0]).toBeCloseTo(2.5, 12);
    expect(out[1]).toBeCloseTo(2, 12);
    expect(out[2]).toBeNaN();
  });
});
