import { describe, expect, it } from 'vitest';
import type { Frame } from './frame';
import { checkTimeline, cleanFrame, DEFAULT_CLEAN, formatTime, LIST_CAP, toIsoString, type CleanOptions, type Frequency } from './timeline';
import { stableOrder } from './sort';

const MIN = 60_000;
const H = 3_600_000;
const D = 86_400_000;
const utc = (y: number, m: number, d: number, h = 0, mi = 0) => Date.UTC(y, m - 1, d, h, mi);

/** A frame with a time column and one series (or the given columns). */
function frameOf(times: number[], cols: Record<string, number[]> = { v: times.map((_, i) => i) }): Frame {
  return {
    names: Object.keys(cols),
    cols: Object.values(cols).map((c) => Float64Array.from(c)),
    time: Float64Array.from(times),
    timeName: 'date',
  };
}
const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
const without = (xs: number[], drop: number[]) => xs.filter((x) => !drop.includes(x));
/** Every UTC day from a to b inclusive that is Monday–Friday. */
const weekdaysBetween = (a: number, b: number) => range((b - a) / D + 1, (i) => a + i * D).filter((t) => ![0, 6].includes(new Date(t).getUTCDay()));
/** Month ends from (y, m) on, n of them. */
const monthEnds = (y: number, m: number, n: number) => range(n, (i) => Date.UTC(y, m - 1 + i + 1, 0));

describe('checkTimeline: frequency kinds', () => {
  it('hourly with a 3-hour gap', () => {
    const hours = range(48, (i) => utc(2024, 1, 1) + i * H);
    const c = checkTimeline(frameOf(without(hours, [hours[10], hours[11], hours[12]])));
    expect(c.frequency).toMatchObject({ kind: 'hourly', stepMs: H, label: 'hourly' });
    expect(c.gaps).toEqual([{ from: hours[9], to: hours[13], missing: 3 }]);
    expect(c).toMatchObject({ missingSteps: 3, gapCount: 1, expectedRows: 48, rows: 45, sorted: true, duplicateRows: 0 });
  });

  it('daily with two gaps and one duplicate', () => {
    const days = range(60, (i) => utc(2024, 3, 1) + i * D);
    const times = without(days, [days[5], days[20], days[21]]);
    times.splice(25, 0, days[33]); // duplicate, inserted out of place
    const c = checkTimeline(frameOf(times));
    expect(c.frequency.kind).toBe('daily');
    expect(c.sorted).toBe(false);
    expect(c.duplicates).toEqual([{ time: days[33], count: 2 }]);
    expect(c.duplicateRows).toBe(1);
    expect(c.gaps).toEqual([
      { from: days[4], to: days[6], missing: 1 },
      { from: days[19], to: days[22], missing: 2 },
    ]);
    expect(c).toMatchObject({ missingSteps: 3, expectedRows: 60, first: days[0], last: days[59], rows: 58 });
  });

  it('business-daily across weekends, gaps counted in business days', () => {
    const all = weekdaysBetween(utc(2024, 1, 1), utc(2024, 3, 29)); // Mon 1 Jan … Fri 29 Mar
    const wed = utc(2024, 1, 17);
    const fri = utc(2024, 2, 9);
    const c = checkTimeline(frameOf(without(all, [wed, fri])));
    expect(c.frequency).toMatchObject({ kind: 'business-daily', stepMs: D });
    expect(c.gaps).toEqual([
      { from: wed - D, to: wed + D, missing: 1 },
      { from: fri - D, to: fri + 3 * D, missing: 1 },
    ]);
    expect(c.expectedRows).toBe(all.length);
  });

  it('a daily series with weekends is not business-daily', () => {
    expect(checkTimeline(frameOf(range(30, (i) => utc(2024, 1, 1) + i * D))).frequency.kind).toBe('daily');
  });

  it('weekly on any weekday', () => {
    const c = checkTimeline(frameOf(range(30, (i) => utc(2024, 1, 3) + i * 7 * D)));
    expect(c.frequency).toMatchObject({ kind: 'weekly', label: 'weekly (Wednesdays)', stepMs: 7 * D });
  });

  it('monthly, month start, with a missing month', () => {
    const months = range(36, (i) => Date.UTC(2022, i, 1));
    const c = checkTimeline(frameOf(without(months, [months[7]])));
    expect(c.frequency).toMatchObject({ kind: 'monthly', anchor: 'start', day: 1, label: 'monthly (month start)' });
    expect(c.gaps).toEqual([{ from: months[6], to: months[8], missing: 1 }]);
    expect(c.expectedRows).toBe(36);
  });

  it('monthly, month end (Jan 31, Feb 28/29, Mar 31…)', () => {
    const ends = monthEnds(2023, 1, 30);
    expect(toIsoString(ends[13]).slice(0, 10)).toBe('2024-02-29');
    const c = checkTimeline(frameOf(without(ends, [ends[13], ends[14]])));
    expect(c.frequency).toMatchObject({ kind: 'monthly', anchor: 'end', label: 'monthly (month end)' });
    expect(c.gaps).toEqual([{ from: ends[12], to: ends[15], missing: 2 }]);
  });

  it('monthly on a fixed mid-month day', () => {
    const c = checkTimeline(frameOf(range(24, (i) => Date.UTC(2020, i, 15))));
    expect(c.frequency).toMatchObject({ kind: 'monthly', anchor: 'start', day: 15, label: 'monthly (day 15)' });
  });

  it('quarterly (quarter start and quarter end)', () => {
    const start = checkTimeline(frameOf(range(20, (i) => Date.UTC(2015, 3 * i, 1))));
    expect(start.frequency).toMatchObject({ kind: 'quarterly', anchor: 'start', label: 'quarterly (quarter start)' });
    const ends = range(20, (i) => Date.UTC(2015, 3 * i + 3, 0));
    const end = checkTimeline(frameOf(without(ends, [ends[4]])));
    expect(end.frequency).toMatchObject({ kind: 'quarterly', anchor: 'end', label: 'quarterly (quarter end)' });
    expect(end.gaps).toEqual([{ from: ends[3], to: ends[5], missing: 1 }]);
  });

  it('yearly across leap years', () => {
    const c = checkTimeline(frameOf(range(15, (i) => Date.UTC(2001 + i, 0, 1))));
    expect(c.frequency).toMatchObject({ kind: 'yearly', label: 'yearly (year start)' });
    expect(c.missingSteps).toBe(0);
  });

  it('15-minute steps are fixed with a readable label', () => {
    const c = checkTimeline(frameOf(range(200, (i) => utc(2024, 5, 1) + i * 15 * MIN)));
    expect(c.frequency).toMatchObject({ kind: 'fixed', stepMs: 15 * MIN, label: 'every 15 minutes' });
  });

  it('every 2 days is fixed', () => {
    expect(checkTimeline(frameOf(range(50, (i) => utc(2024, 1, 1) + i * 2 * D))).frequency).toMatchObject({ kind: 'fixed', label: 'every 2 days' });
  });

  it('random times are irregular, with no gaps', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const c = checkTimeline(frameOf(range(300, () => utc(2024, 1, 1) + Math.round(rnd() * 90 * D))));
    expect(c.frequency.kind).toBe('irregular');
    expect(c.frequency.label).toMatch(/^irregular \(only \d+% of steps/);
    expect(c.gaps).toEqual([]);
    expect(c.missingSteps).toBe(0);
  });

  it('fewer than 3 valid times are irregular, and the label says why', () => {
    const c = checkTimeline(frameOf([utc(2024, 1, 1), NaN, utc(2024, 1, 2)]));
    expect(c.frequency.kind).toBe('irregular');
    expect(c.frequency.label).toContain('at least 3');
    expect(c.invalidTimes).toBe(1);
  });

  it('a few outliers and gaps do not break a daily grid', () => {
    const days = range(100, (i) => utc(2024, 1, 1) + i * D);
    const times = without(days, [days[10], days[40], days[41], days[70]]);
    times.push(utc(2024, 2, 15, 13)); // one off-grid time
    const c = checkTimeline(frameOf(times.sort((a, b) => a - b)));
    expect(c.frequency.kind).toBe('daily');
  });

  it('index frames', () => {
    const f: Frame = { names: ['v'], cols: [new Float64Array(5)], time: Float64Array.from([0, 1, 2, 3, 4]), timeName: null };
    const c = checkTimeline(f);
    expect(c).toMatchObject({ frequency: { kind: 'index' }, sorted: true, first: 0, last: 4, rows: 5, expectedRows: 5, missingSteps: 0 });
  });
});

describe('checkTimeline: order, invalid times, caps', () => {
  it('counts NaN times and ignores them for order', () => {
    const c = checkTimeline(frameOf([utc(2024, 1, 1), NaN, utc(2024, 1, 2), NaN, utc(2024, 1, 3)]));
    expect(c).toMatchObject({ invalidTimes: 2, sorted: true, rows: 5, first: utc(2024, 1, 1), last: utc(2024, 1, 3) });
  });

  it('caps the duplicate and gap lists but keeps exact totals', () => {
    const times: number[] = [];
    // Blocks of 4 days: day 0 twice, days 1 and 2, day 3 missing (2 of 3 steps are one day).
    const t0 = utc(2020, 1, 1);
    for (let i = 0; i < 3000; i++) times.push(t0 + 4 * i * D, t0 + 4 * i * D, t0 + (4 * i + 1) * D, t0 + (4 * i + 2) * D);
    const c = checkTimeline(frameOf(times));
    expect(c.frequency.kind).toBe('daily');
    expect(c.duplicates).toHaveLength(LIST_CAP);
    expect(c.duplicateTimes).toBe(3000);
    expect(c.duplicateRows).toBe(3000);
    expect(c.gaps).toHaveLength(LIST_CAP);
    expect(c.gapCount).toBe(2999);
    expect(c.missingSteps).toBe(2999);
  });
});

describe('formatting', () => {
  const daily: Frequency = { kind: 'daily', stepMs: D, label: 'daily' };
  it('formats per frequency', () => {
    expect(formatTime(utc(2024, 3, 5), daily)).toBe('2024-03-05');
    expect(formatTime(utc(2024, 3, 5, 14), { kind: 'hourly', stepMs: H, label: 'hourly' })).toBe('2024-03-05 14:00');
    expect(formatTime(utc(2024, 3, 5, 14, 15), { kind: 'fixed', stepMs: 15 * MIN, label: '' })).toBe('2024-03-05 14:15');
    expect(formatTime(12, { kind: 'index', stepMs: 1, label: '' })).toBe('#12');
    expect(toIsoString(utc(2024, 3, 5, 14))).toBe('2024-03-05T14:00:00.000Z');
    expect(toIsoString(NaN)).toBe('invalid time');
  });
});

describe('stableOrder', () => {
  it('sorts like a stable comparator sort, negatives and fractions included', () => {
    let seed = 9;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const keys = Float64Array.from(range(5000, () => Math.round((rnd() - 0.3) * 200) / 4 + (rnd() < 0.1 ? 1e12 : 0)));
    const expected = range(keys.length, (i) => i).sort((a, b) => keys[a] - keys[b] || a - b);
    expect(Array.from(stableOrder(keys))).toEqual(expected);
  });
});

describe('cleanFrame', () => {
  const d = (k: number) => utc(2024, 1, 1) + k * D;
  // Rows: unsorted, duplicate at d2 (rows 1 and 3), invalid time at row 4, days 3 and 4 missing.
  const messy = () => frameOf([d(0), d(2), d(1), d(2), NaN, d(5)], { a: [1, 4, 2, 6, 99, 10], b: [NaN, 8, NaN, NaN, 5, 20] });
  const run = (opts: Partial<CleanOptions>, frame = messy()) => cleanFrame(frame, checkTimeline(frame), { ...DEFAULT_CLEAN, ...opts });
  const arr = (a: Float64Array) => Array.from(a, (v) => (Number.isNaN(v) ? null : +v.toFixed(6)));

  it('drops, sorts, merges, inserts and fills in order, reporting each change', () => {
    const { frame, changes } = run({});
    expect(Array.from(frame.time)).toEqual(range(6, d));
    expect(arr(frame.cols[0])).toEqual([1, 2, 5, 6.666667, 8.333333, 10]);
    expect(arr(frame.cols[1])).toEqual([null, null, 8, 12, 16, 20]);
    expect(changes).toEqual([
      { kind: 'dropped-invalid-time', column: null, count: 1, message: 'Dropped 1 row with a missing or unreadable time' },
      { kind: 'sorted', column: null, count: 2, message: 'Sorted the rows by time (2 rows were out of order)' },
      { kind: 'aggregated', column: null, count: 2, message: 'Merged 2 rows with duplicate timestamps (2024-01-03) into their mean' },
      { kind: 'inserted', column: null, count: 2, message: 'Inserted 2 missing dates on the daily grid' },
      { kind: 'filled', column: 'a', count: 2, message: "Filled 2 missing values in 'a' by linear interpolation" },
      {
        kind: 'filled',
        column: 'b',
        count: 2,
        message: "Filled 2 missing values in 'b' by linear interpolation; 2 values left missing at the start or end (no value on one side to interpolate from)",
      },
    ]);
  });

  it.each([
    ['mean', 5],
    ['sum', 10],
    ['min', 4],
    ['max', 6],
    ['median', 5],
    ['first', 4],
    ['last', 6],
  ] as const)('aggregates duplicates by %s, ignoring NaN', (aggregate, a2) => {
    const { frame } = run({ aggregate, insertMissing: false, fill: 'none' });
    expect(arr(frame.cols[0])).toEqual([1, 2, a2, 10]);
    expect(arr(frame.cols[1])).toEqual([null, null, 8, 20]); // b: 8 and NaN → 8 for every aggregation
  });

  it('median of an even group, and all-NaN groups stay NaN', () => {
    const f = frameOf([d(0), d(0), d(0), d(0), d(1), d(1), d(2)], { a: [4, 1, 3, 10, NaN, NaN, 0] });
    for (const aggregate of ['mean', 'sum', 'min', 'max', 'median', 'first', 'last'] as const) {
      expect(arr(cleanFrame(f, checkTimeline(f), { aggregate, insertMissing: false, fill: 'none' }).frame.cols[0])[1]).toBeNull();
    }
    expect(cleanFrame(f, checkTimeline(f), { aggregate: 'median', insertMissing: false, fill: 'none' }).frame.cols[0][0]).toBe(3.5);
  });

  it('fill previous: leading NaN stays, trailing NaN carries the last value', () => {
    const { frame, changes } = run({ fill: 'previous' });
    expect(arr(frame.cols[0])).toEqual([1, 2, 5, 5, 5, 10]);
    expect(arr(frame.cols[1])).toEqual([null, null, 8, 8, 8, 20]);
    expect(changes.at(-1)?.message).toBe("Filled 2 missing values in 'b' by carrying the previous value forward; 2 values left missing before the first value");
    const tail = frameOf([d(0), d(1), d(2)], { a: [1, NaN, NaN] });
    expect(arr(run({ fill: 'previous' }, tail).frame.cols[0])).toEqual([1, 1, 1]);
    expect(arr(run({ fill: 'linear' }, tail).frame.cols[0])).toEqual([1, null, null]);
  });

  it('fill zero fills everything; none fills nothing', () => {
    const zero = run({ fill: 'zero' });
    expect(arr(zero.frame.cols[0])).toEqual([1, 2, 5, 0, 0, 10]);
    expect(arr(zero.frame.cols[1])).toEqual([0, 0, 8, 0, 0, 20]);
    expect(zero.changes.filter((c) => c.kind === 'filled').map((c) => c.count)).toEqual([2, 4]);
    const none = run({ fill: 'none' });
    expect(arr(none.frame.cols[0])).toEqual([1, 2, 5, null, null, 10]);
    expect(none.changes.map((c) => c.kind)).toEqual(['dropped-invalid-time', 'sorted', 'aggregated', 'inserted']);
  });

  it('linear interpolation is weighted by time when gaps are not inserted', () => {
    const f = frameOf([d(0), d(1), d(4)], { a: [0, NaN, 8] });
    const { frame, changes } = run({ insertMissing: false }, f);
    expect(Array.from(frame.time)).toEqual([d(0), d(1), d(4)]);
    expect(arr(frame.cols[0])).toEqual([0, 2, 8]);
    expect(changes.map((c) => c.kind)).toEqual(['filled']);
  });

  it('inserts on calendar grids: month ends and business days', () => {
    const series = monthEnds(2023, 1, 24);
    const holed = frameOf(without(series, [series[13]]));
    const out = run({ fill: 'none' }, holed);
    expect(toIsoString(out.frame.time[13]).slice(0, 10)).toBe('2024-02-29');
    expect(out.changes.find((c) => c.kind === 'inserted')?.message).toBe('Inserted 1 missing month on the monthly grid');

    const days = weekdaysBetween(utc(2024, 1, 1), utc(2024, 2, 2));
    const fri = utc(2024, 1, 12);
    const mon = utc(2024, 1, 15);
    const bd = run({ fill: 'none' }, frameOf(without(days, [mon])));
    expect(Array.from(bd.frame.time)).toEqual(days);
    expect(bd.frame.time.indexOf(fri)).toBe(bd.frame.time.indexOf(mon) - 1);
    expect(bd.changes.map((c) => c.message)).toEqual(['Inserted 1 missing business day on the business-day grid']);
  });

  it('never mutates the input and returns new arrays', () => {
    const f = messy();
    const copy = { time: f.time.slice(), cols: f.cols.map((c) => c.slice()), names: [...f.names] };
    const { frame } = cleanFrame(f, checkTimeline(f), DEFAULT_CLEAN);
    expect(f.time).toEqual(copy.time);
    expect(f.cols).toEqual(copy.cols);
    expect(f.names).toEqual(copy.names);
    expect(frame.cols[0].buffer).not.toBe(f.cols[0].buffer);
    const clean = frameOf(range(10, d), { a: range(10, (i) => i) });
    const same = cleanFrame(clean, checkTimeline(clean), DEFAULT_CLEAN);
    expect(same.changes).toEqual([]);
    expect(same.frame.time).not.toBe(clean.time);
    expect(same.frame.cols[0]).not.toBe(clean.cols[0]);
    expect(same.frame.cols[0].buffer).not.toBe(clean.cols[0].buffer);
  });

  it('index frames are only filled', () => {
    const f: Frame = { names: ['a'], cols: [Float64Array.from([NaN, 1, NaN, 3, NaN])], time: Float64Array.from([0, 1, 2, 3, 4]), timeName: null };
    const { frame, changes } = cleanFrame(f, checkTimeline(f), DEFAULT_CLEAN);
    expect(arr(frame.cols[0])).toEqual([null, 1, 2, 3, null]);
    expect(changes.map((c) => [c.kind, c.count])).toEqual([['filled', 1]]);
  });

  it('checks and cleans a million rows quickly', () => {
    const n = 1_000_000;
    const time = new Float64Array(n);
    const a = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      time[i] = utc(2000, 1, 1) + i * H;
      a[i] = i % 101 === 0 ? NaN : i;
    }
    for (let i = 500; i < n; i += 10_007) time[i] = time[i - 1]; // duplicates, each leaving a one-hour gap
    const f: Frame = { names: ['a'], cols: [a], time, timeName: 'date' };
    const t0 = performance.now();
    const check = checkTimeline(f);
    const { frame, changes } = cleanFrame(f, check, DEFAULT_CLEAN);
    const ms = performance.now() - t0;
    expect(check.frequency.kind).toBe('hourly');
    expect(check.duplicateRows).toBe(100);
    expect(frame.time.length).toBe(n);
    expect(changes.map((c) => c.kind)).toEqual(['aggregated', 'inserted', 'filled']);
    expect(ms).toBeLessThan(3000); // ~150 ms sorted / ~450 ms shuffled when idle; the bound only catches gross regressions on busy machines
  });
});
