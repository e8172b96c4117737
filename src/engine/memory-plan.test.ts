import { describe, expect, it } from 'vitest';
import { defaultBudgetMB, planMemory } from './memory-plan';
import type { RunSpec } from './types';

const spec = (models: string[]): RunSpec => ({ targets: ['a'], drivers: [], models: models.map((kind) => ({ kind })), lookback: 96, horizon: 24, backtests: 3, seed: 1 });

describe('planMemory', () => {
  it('keeps every worker when the run fits', () => {
    const p = planMemory(spec(['naive', 'dlinear']), 2000, 10, 8, true, 4096);
    expect(p.workers).toBe(8);
    expect(p.overBudget).toBe(false);
    expect(p.estimateMB).toBeGreaterThan(8 * 40);
  });
  it('drops workers until the estimate fits, and says when even one does not', () => {
    const big = planMemory(spec(['dlinear']), 1_000_000, 20, 8, false, 2048);
    expect(big.workers).toBeLessThan(8);
    expect(big.estimateMB).toBeLessThanOrEqual(2048);
    const huge = planMemory(spec(['dlinear']), 20_000_000, 20, 4, true, 8192);
    expect(huge.workers).toBe(1);
    expect(huge.overBudget).toBe(false);
    expect(huge.trainRows).toBeGreaterThan(0);
    expect(huge.trainRows).toBeLessThan(20_000_000);
    expect(huge.estimateMB).toBeLessThanOrEqual(8192 + 1e-6);
    // Fewer workers were enough there: its history is not cut.
    expect(big.trainRows).toBeNull();
  });
  it('says over budget when even the shortest history does not fit (the data alone is too big)', () => {
    const p = planMemory(spec(['dlinear']), 20_000_000, 20, 4, true, 1024);
    expect(p.workers).toBe(1);
    expect(p.overBudget).toBe(true);
    expect(p.trainRows).toBe(4 * (96 + 24));
  });
  it('copies of the data count per worker only when they are not shared', () => {
    const shared = planMemory(spec(['naive']), 1_000_000, 20, 4, true, 1e9);
    const copied = planMemory(spec(['naive']), 1_000_000, 20, 4, false, 1e9);
    expect(copied.estimateMB - shared.estimateMB).toBeCloseTo(3 * ((21 * 1_000_000 * 8) / 2 ** 20), 6);
  });
  it('budgets 80 % of what the browser reports', () => {
    expect(defaultBudgetMB(4 * 2 ** 30, 8)).toBeCloseTo(0.8 * 4096, 6);
    expect(defaultBudgetMB(undefined, 8)).toBeCloseTo(0.8 * 4096, 6);
    expect(defaultBudgetMB(undefined, undefined)).toBeCloseTo(1638.4, 6);
  });
});
