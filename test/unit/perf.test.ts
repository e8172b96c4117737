import { describe, expect, it } from 'vitest';
import { perfRows, sameResults, scalingCounts } from '../../src/engine/perf';
import type { JobRecord } from '../../src/engine/types';

const run = (workers: number, seconds: number, mb = 100) => ({ workers, seconds, targets: 32, peakMemoryMB: mb, memorySource: 'uasm', backend: 'wasm', tensors: 0 });

describe('performance table', () => {
  it('compares 1, 2, 4, … up to the core count', () => {
    expect(scalingCounts(1)).toEqual([1]);
    expect(scalingCounts(2)).toEqual([1, 2]);
    expect(scalingCounts(6)).toEqual([1, 2, 4, 6]);
    expect(scalingCounts(16)).toEqual([1, 2, 4, 8, 16]);
  });

  it('takes the median of repeated runs and computes speedup and efficiency against 1 worker', () => {
    const rows = perfRows([run(1, 10), run(2, 5.5), run(1, 9, 120), run(2, 5), run(1, 30), run(2, 6)]);
    expect(rows.map((r) => [r.workers, r.seconds, r.runs])).toEqual([[1, 10, 3], [2, 5.5, 3]]);
    expect(rows[1].speedup).toBeCloseTo(10 / 5.5, 12);
    expect(rows[1].efficiency).toBeCloseTo(10 / 5.5 / 2, 12);
    expect(rows[1].targetsPerSecond).toBeCloseTo(32 / 5.5, 12);
    expect(rows[0].peakMemoryMB).toBe(120);
    expect(rows[1].allSeconds).toEqual([5.5, 5, 6]);
  });

  it('calls results identical only when every forecast matches bit for bit', () => {
    const rec = (id: string, v: number) => ({ job: { id }, result: { forecast: Float64Array.of(v, 2) } }) as unknown as JobRecord;
    expect(sameResults([rec('a', 1), rec('b', 3)], [rec('b', 3), rec('a', 1)])).toBe(true);
    expect(sameResults([rec('a', 1)], [rec('a', 1 + 1e-15)])).toBe(false);
    expect(sameResults([rec('a', 1)], [])).toBe(false);
  });
});
