import { describe, expect, it } from 'vitest';
import { ettBorders, publishedCount, ratioBorders, scoreWindows, targetRange, windowCount, zScoreChannels } from './protocol';

describe('LTSF protocol', () => {
  it('reproduces the ETT borders of Autoformer (hour and minute)', () => {
    expect(ettBorders(17420, 336, false)).toEqual({ train: [0, 8640], val: [8304, 11520], test: [11184, 14400] });
    expect(ettBorders(69680, 96, true)).toEqual({ train: [0, 34560], val: [34464, 46080], test: [45984, 57600] });
    expect(() => ettBorders(10000, 96, false)).toThrow();
  });

  it('counts the test windows of the README (independent of seq_len)', () => {
    for (const L of [96, 336, 512]) {
      const t = ettBorders(17420, L, false).test;
      expect([96, 192, 336, 720].map((H) => windowCount(t, L, H))).toEqual([2785, 2689, 2545, 2161]);
      expect(targetRange(t, L, 96)).toEqual([11520, 11520 + 2785]);
    }
    expect(windowCount(ettBorders(69680, 336, true).test, 336, 96)).toBe(11425);
    expect(windowCount(ettBorders(17420, 336, false).train, 336, 96)).toBe(8209);
  });

  it('splits 70/10/20 like Dataset_Custom', () => {
    // Weather: 52696 rows → 36887 / 5270 / 10539.
    expect(ratioBorders(52696, 96)).toEqual({ train: [0, 36887], val: [36791, 42157], test: [42061, 52696] });
  });

  it('drops the last partial batch of 32 in the published convention', () => {
    expect(publishedCount(2785)).toBe(2784);
    expect(publishedCount(2161)).toBe(2144);
    expect(publishedCount(31)).toBe(0);
    const se = Float64Array.from({ length: 33 }, (_, k) => (k < 32 ? 2 : 100));
    const ae = Float64Array.from({ length: 33 }, (_, k) => (k < 32 ? 1 : 10));
    const s = scoreWindows(se, ae, 2);
    expect(s.published).toEqual({ mse: 1, mae: 0.5 });
    expect(s.full.mse).toBeCloseTo((64 + 100) / 66, 12);
    expect([s.windows, s.publishedWindows]).toEqual([33, 32]);
  });

  it('z-scores with training rows only (population std)', () => {
    const { z, scalers } = zScoreChannels([Float64Array.from([1, 3, 100])], 2);
    expect(scalers[0]).toEqual({ mean: 2, std: 1 });
    expect([...z[0]]).toEqual([-1, 1, 98]);
  });
});
