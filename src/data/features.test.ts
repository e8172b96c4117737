import { describe, expect, it } from 'vitest';
import { buildFeatures } from './features';

const DAY = 86_400_000;
const n = 800; // over two years: the yearly calendar features are in
const time = Float64Array.from({ length: n }, (_, i) => Date.UTC(2023, 0, 2) + i * DAY); // 2023-01-02 is a Monday
const y = Float64Array.from({ length: n }, (_, i) => i);
const oil = Float64Array.from({ length: n }, (_, i) => 1000 + i);

describe('buildFeatures', () => {
  it('uses only the past for lags, names them by distance to the target, and the target date for the calendar', () => {
    const m = buildFeatures('naphtha', y, [{ name: 'crude', values: oil }], time, DAY, { lags: 3, driverLags: 2, rolling: [7], calendar: true }, 2, 10, 20);
    expect(m.names).toEqual(['naphtha lag 2', 'naphtha lag 3', 'naphtha lag 4', 'crude lag 2', 'crude lag 3', 'naphtha mean of last 7', 'naphtha std of last 7', 'day of week', 'day of month', 'month', 'week of year']);
    const row = 0; // origin t = 10, target t + 2 = 12 (2023-01-14, a Saturday)
    const col = (name: string) => m.cols[m.names.indexOf(name)][row];
    expect([col('naphtha lag 2'), col('naphtha lag 3'), col('naphtha lag 4')]).toEqual([10, 9, 8]);
    expect([col('crude lag 2'), col('crude lag 3')]).toEqual([1010, 1009]);
    expect(col('naphtha mean of last 7')).toBe(7);
    expect(col('naphtha std of last 7')).toBeCloseTo(Math.sqrt(28 / 6), 12);
    expect([col('day of week'), col('day of month'), col('month'), col('week of year')]).toEqual([5, 14, 1, 2]);
    // Under two years, a month or week of the year would only tell the model the date of that one year.
    const short = buildFeatures('naphtha', y.subarray(0, 400), [], time.subarray(0, 400), DAY, { lags: 1, driverLags: 0, rolling: [], calendar: true }, 1, 10, 20);
    expect(short.names).toEqual(['naphtha lag 1', 'day of week', 'day of month']);
  });
  it('extends the calendar past the last timestamp, flags holidays, and gives NaN before the start', () => {
    const holidays = Float64Array.of(time[n - 1] + 3 * DAY);
    const m = buildFeatures('y', y, [], time, DAY, { lags: 2, driverLags: 0, rolling: [], calendar: true, holidays }, 3, n - 1, n);
    expect(m.cols[m.names.indexOf('holiday')][0]).toBe(1);
    expect(m.cols[m.names.indexOf('day of month')][0]).toBe(new Date(time[n - 1] + 3 * DAY).getUTCDate());
    const early = buildFeatures('y', y, [], time, DAY, { lags: 3, driverLags: 0, rolling: [], calendar: false }, 1, 0, 2);
    expect([...early.cols[2]]).toEqual([NaN, NaN]);
  });
  it('same-phase values: the target step\'s phase in the last cycles, never after the origin', () => {
    const spec = { lags: 1, driverLags: 0, rolling: [], calendar: false, period: 7, seasons: 2 };
    // Origin t = 20; step h = 3 targets 23, whose phase was last seen at 16 and before at 9.
    const m = buildFeatures('y', y, [], time, DAY, spec, 3, 20, 21);
    expect(m.names).toEqual(['y lag 3', 'y last at the same phase', 'y 2 cycles back at the same phase']);
    expect([m.cols[1][0], m.cols[2][0]]).toEqual([16, 9]);
    // h = 7 targets 27, whose phase is the origin itself; h = 8 looks back to 14.
    expect(buildFeatures('y', y, [], time, DAY, spec, 7, 20, 21).cols[1][0]).toBe(20);
    expect(buildFeatures('y', y, [], time, DAY, spec, 8, 20, 21).cols[1][0]).toBe(14);
    // Change mode: relative to the origin's value.
    const c = buildFeatures('y', y, [], time, DAY, { ...spec, mode: 'change' }, 3, 20, 21);
    expect(c.names[1]).toBe('y last at the same phase vs now');
    expect(c.cols[1][0]).toBe(16 - 20);
  });
});
