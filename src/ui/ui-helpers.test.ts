import { describe, expect, it } from 'vitest';
import { envelope } from './charts/decimate';
import { formatNumber, formatTimestamp, plural } from './format';
import { visibleRange } from './windowing';

describe('visibleRange', () => {
  it('returns the visible slice plus overscan, clamped to the list', () => {
    expect(visibleRange(0, 100, 10, 1000, 2)).toEqual({ start: 0, end: 13 });
    expect(visibleRange(500, 100, 10, 1000, 2)).toEqual({ start: 48, end: 63 });
    expect(visibleRange(9_990, 100, 10, 1000, 2)).toEqual({ start: 997, end: 1000 });
    expect(visibleRange(0, 100, 10, 0)).toEqual({ start: 0, end: 0 });
  });
  it('keeps a million rows to a few dozen', () => {
    const r = visibleRange(12_345_678, 360, 24, 1_000_000);
    expect(r.end - r.start).toBeLessThan(30);
  });
});

describe('envelope', () => {
  it('keeps the extremes of every bucket and skips NaN', () => {
    const v = Float64Array.from([1, 5, NaN, 2, -3, 4, NaN, NaN]);
    const e = envelope(v, 4);
    expect([...e.min]).toEqual([1, 2, -3, NaN]);
    expect([...e.max]).toEqual([5, 2, 4, NaN]);
    expect([e.lo, e.hi]).toEqual([-3, 5]);
  });
  it('never has more buckets than values', () => {
    expect(envelope(Float64Array.from([1, 2]), 100).min.length).toBe(2);
  });
});

describe('format', () => {
  it('formats numbers and timestamps for people', () => {
    expect(formatNumber(NaN)).toBe('–');
    expect(formatNumber(1234.567)).toBe('1,235');
    expect(formatNumber(12.3456)).toBe('12.35');
    expect(formatTimestamp(Date.UTC(2024, 2, 5))).toBe('2024-03-05');
    expect(formatTimestamp(Date.UTC(2024, 2, 5, 14, 15))).toBe('2024-03-05 14:15');
    expect(formatTimestamp(4, true)).toBe('#5');
    expect(plural(1, 'row')).toBe('1 row');
    expect(plural(1200, 'row')).toBe('1,200 rows');
  });
});
