import { describe, expect, it } from 'vitest';
import { decompose, movingAverage } from './decompose';

/** The reference definition, written the slow way: pad by repeating the ends, then average. */
function reference(x: number[], k: number): number[] {
  const half = (k - 1) / 2;
  const padded = [...new Array(half).fill(x[0]), ...x, ...new Array(half).fill(x[x.length - 1])];
  return x.map((_, i) => padded.slice(i, i + k).reduce((a, b) => a + b, 0) / k);
}

describe('series decomposition', () => {
  it('matches the padded moving average, also inside a longer array and at an output offset', () => {
    const x = Array.from({ length: 40 }, (_, i) => Math.sin(i) * 3 + i * 0.1);
    for (const k of [1, 3, 5, 25]) {
      const { trend, seasonal } = decompose(x, k);
      reference(x, k).forEach((v, i) => expect(trend[i]).toBeCloseTo(v, 12));
      x.forEach((v, i) => expect(seasonal[i] + trend[i]).toBeCloseTo(v, 12));
    }
    const out = new Float64Array(50);
    movingAverage([9, 9, ...x, 9], 2, 40, 25, out, 7);
    reference(x, 25).forEach((v, i) => expect(out[7 + i]).toBeCloseTo(v, 12));
  });
  it('handles a window shorter than the kernel', () => {
    const { trend } = decompose([1, 2, 3], 25);
    expect([...trend].map((v) => +v.toFixed(12))).toEqual(reference([1, 2, 3], 25).map((v) => +v.toFixed(12)));
  });
});
