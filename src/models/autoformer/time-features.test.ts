import { describe, expect, it } from 'vitest';
import { futureFeatures, MARKS, timeFeatures } from './time-features';

describe('timeF features', () => {
  it('scales hour, day of week, day of month and day of year to [-0.5, 0.5] (pandas conventions)', () => {
    // 2016-07-01 was a Friday (dayofweek 4), day 183 of a leap year; 2017-12-31 23:00 a Sunday.
    const f = timeFeatures([Date.UTC(2016, 6, 1, 0), Date.UTC(2017, 11, 31, 23)]);
    const near = (a: Float32Array, b: number[]) => b.forEach((v, i) => expect(a[i]).toBeCloseTo(v, 6));
    near(f.subarray(0, MARKS), [-0.5, 4 / 6 - 0.5, -0.5, 182 / 365 - 0.5]);
    near(f.subarray(MARKS), [0.5, 0.5, 0.5, 364 / 365 - 0.5]);
  });

  it('gives zeros for row indices and steps on past the end for future stamps', () => {
    expect([...timeFeatures(Float64Array.from({ length: 5 }, (_, i) => i))].every((v) => v === 0)).toBe(true);
    const hours = Float64Array.from({ length: 48 }, (_, i) => Date.UTC(2020, 0, 1) + i * 3600_000);
    const next = futureFeatures(hours, 3);
    expect(next.subarray(0, MARKS)).toEqual(timeFeatures([Date.UTC(2020, 0, 3, 0)]));
    expect(next.subarray(2 * MARKS)).toEqual(timeFeatures([Date.UTC(2020, 0, 3, 2)]));
  });
});
