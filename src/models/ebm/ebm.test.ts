import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../common/rng';
import { CancelledError } from '../types';
import { binFeature, binValue, quantileCuts } from './bins';
import { Ebm } from './ebm';

const TRUE: ((x: number) => number)[] = [(x) => 3 * Math.sin(x), (x) => x * x, (x) => 0.5 * x];

/** y = 3 sin x1 + x2² + 0.5 x3 + x4·x5 + noise, x uniform in [−3, 3]; x6 is pure noise. */
function problem(n: number, seed: number) {
  const rand = mulberry32(seed);
  const cols = Array.from({ length: 6 }, () => new Float64Array(n));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (const c of cols) c[i] = -3 + 6 * rand();
    const noise = (rand() + rand() + rand() - 1.5) * 0.5;
    y[i] = TRUE[0](cols[0][i]) + TRUE[1](cols[1][i]) + TRUE[2](cols[2][i]) + cols[3][i] * cols[4][i] + noise;
  }
  return { cols, y, names: ['x1', 'x2', 'x3', 'x4', 'x5', 'x6'] };
}

function corr(a: number[], b: number[]): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

const OPTS = { maxRounds: 1000, seed: 7, outerBags: 2, interactions: 3 };

describe('bins', () => {
  it('cuts at most maxBins bins, NaN to bin 0, bytes when small', () => {
    const x = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 10);
    x[5] = NaN;
    const b = binFeature(x, 32);
    expect(b.nBins).toBeLessThanOrEqual(32);
    expect(b.bins).toBeInstanceOf(Uint8Array);
    expect(b.bins[5]).toBe(0);
    expect(binValue(b.cuts, -1e9)).toBe(1);
    expect(binValue(b.cuts, 1e9)).toBe(b.nBins - 1);
    expect(binFeature(x, 1024).bins).toBeInstanceOf(Uint16Array);
    expect(Array.from(quantileCuts(Float64Array.of(1, 1, 2, 3), 1024))).toEqual([1.5, 2.5]);
  });
});

describe('Ebm', () => {
  const { cols, y, names } = problem(3000, 1);
  const ebm = new Ebm();
  beforeAll(async () => {
    await ebm.fit(cols, y, { ...OPTS, names });
  });

  it('recovers each main shape function (corr > 0.95 on bin centres)', () => {
    const { mains } = ebm.shapes();
    for (let j = 0; j < 3; j++) {
      const { cuts, scores } = mains[j];
      const f: number[] = [];
      const s: number[] = [];
      // Interior bins only: bin k ≥ 2 spans [cuts[k−2], cuts[k−1]).
      for (let k = 2; k < cuts.length + 1; k++) {
        f.push(TRUE[j]((cuts[k - 2] + cuts[k - 1]) / 2));
        s.push(scores[k]);
      }
      expect(corr(s, f)).toBeGreaterThan(0.95);
    }
  });

  it('ranks the planted x4·x5 interaction first (FAST)', () => {
    expect(ebm.shapes().pairs[0].names).toEqual(['x4', 'x5']);
    expect(ebm.termNames()[6]).toBe('x4 × x5');
  });

  it('fits well out of sample', () => {
    const test = problem(1000, 2);
    const p = ebm.predict(test.cols);
    let se = 0;
    let sv = 0;
    const m = test.y.reduce((a, b) => a + b, 0) / 1000;
    for (let i = 0; i < 1000; i++) {
      se += (p[i] - test.y[i]) ** 2;
      sv += (test.y[i] - m) ** 2;
    }
    expect(1 - se / sv).toBeGreaterThan(0.9);
  });

  it('is bit-identical for the same seed', async () => {
    const again = new Ebm();
    await again.fit(cols, y, { ...OPTS, names });
    expect(again.predict(cols)).toEqual(ebm.predict(cols));
  });

  it('decomposes predictions: intercept + Σ contributions = prediction', () => {
    const p = ebm.predict(cols);
    for (const i of [0, 1, 17, 999, 2999]) {
      const c = ebm.contributions(cols, i);
      expect(c.length).toBe(ebm.termNames().length);
      expect(Math.abs(ebm.intercept + c.reduce((a, b) => a + b, 0) - p[i])).toBeLessThan(1e-9);
    }
    // Training residuals average to zero.
    expect(Math.abs(y.reduce((a, v, i) => a + v - p[i], 0) / y.length)).toBeLessThan(1e-9);
  });

  it('ranks importances: the noise feature is least important among mains', () => {
    const imp = ebm.importances();
    expect(imp.length).toBe(ebm.termNames().length);
    expect(Math.min(...imp.slice(0, 6))).toBe(imp[5]);
  });

  it('round-trips through toState/fromState', () => {
    const copy = Ebm.fromState(structuredClone(ebm.toState()));
    expect(copy.predict(cols)).toEqual(ebm.predict(cols));
  });

  it('sends NaN to the missing bin and still predicts', () => {
    const row = cols.map((c) => Float64Array.of(c[0]));
    row[1][0] = NaN;
    const p = ebm.predict(row)[0];
    expect(Number.isFinite(p)).toBe(true);
    const c = ebm.contributions(row, 0);
    expect(c[1]).toBe(ebm.shapes().mains[1].scores[0]);
    expect(Math.abs(ebm.intercept + c.reduce((a, b) => a + b, 0) - p)).toBeLessThan(1e-9);
  });

  it('stops with CancelledError when aborted', async () => {
    const small = problem(200, 3);
    await expect(new Ebm().fit(small.cols, small.y, { seed: 1, signal: { aborted: true } })).rejects.toBeInstanceOf(CancelledError);
  });
});
