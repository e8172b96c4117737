import { describe, expect, it } from 'vitest';
import { waterfall } from './waterfall';

describe('waterfall', () => {
  it('adds up exactly to base + intercept + Σ contributions, biggest parts first', () => {
    const step = { h: 1, intercept: 2, terms: ['a', 'b', 'c', 'd'], contributions: Float64Array.of(0.5, -3, 1, 0.25), output: 0.75, base: 100 };
    const rows = waterfall(step, 2);
    expect(rows.map((r) => r.label)).toEqual(['last value', 'intercept', 'b', 'c', '2 other terms', 'forecast']);
    expect(rows.at(-2)!.value).toBeCloseTo(0.75, 12);
    expect(rows.at(-1)!.value).toBeCloseTo(100.75, 12);
    for (let i = 1; i < rows.length - 1; i++) expect(rows[i].from).toBeCloseTo(rows[i - 1].to, 12);
  });
  it('has no origin bar for a model of levels', () => {
    const rows = waterfall({ h: 2, intercept: 5, terms: ['x'], contributions: Float64Array.of(1), output: 6, base: 0 });
    expect(rows.map((r) => [r.label, r.value])).toEqual([['intercept', 5], ['x', 1], ['forecast', 6]]);
  });
});
