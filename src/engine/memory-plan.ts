/**
 * Will a run fit in memory? An estimate of the peak, from the data size and what each model
 * builds while it trains, against a budget; when it does not fit, fewer workers (each worker
 * holds its own working set) until it does, and when even one worker does not fit, training on
 * the latest rows only (a fit's working set grows with the rows it learns from). Pure: the
 * numbers come from the caller.
 */
import type { RunSpec } from './types';

const MB = 2 ** 20;
/** A worker's fixed cost: its JS engine, the app's code, and tfjs with WASM when a model uses it. */
const WORKER_BASE_MB = 40;

/** Bytes one fit of `kind` may hold at its peak on `n` rows (training matrices, bins, weights). */
export function fitBytes(kind: string, n: number, lookback: number, horizon: number, drivers: number): number {
  switch (kind) {
    case 'naive':
    case 'seasonal-naive':
    case 'drift':
      return 16 * n;
    case 'ets':
      return 64 * n;
    case 'dlinear':
    case 'nlinear':
      // Train and validation designs (float32) of up to 2L features plus targets, and a copy of the series.
      return n * (2 * lookback + horizon) * 4 * 2 + 16 * n;
    case 'ebm': {
      // Feature columns (float64) and their bins (uint16) per step model, bags' residuals.
      const features = 14 + 3 * drivers + 10;
      return n * features * (8 + 2) * 2 + n * 8 * 8;
    }
    default:
      // Neural models: batches of windows and activations, bounded by the lookback and a model width.
      return n * lookback * 4 * 8 + 64 * MB;
  }
}

/** The estimate for a run on `workers` workers. */
export interface MemoryPlan {
  /** Estimated peak, MB. */
  estimateMB: number;
  budgetMB: number;
  /** The workers to use: as asked, or fewer when the asked number would not fit. */
  workers: number;
  /** True when even one worker is estimated over the budget, with the history cut as far as it goes. */
  overBudget: boolean;
  /** Rows each fit may learn from (the latest ones) so one worker fits; null when all of them fit. */
  trainRows: number | null;
}

/**
 * Peak ≈ the page's copy of the data + the data in the workers (once when shared, else per
 * worker) + per worker its base cost and its largest fit.
 */
export function planMemory(spec: RunSpec, rows: number, columns: number, workers: number, shared: boolean, budgetMB: number): MemoryPlan {
  const dataMB = ((columns + 1) * rows * 8) / MB;
  const fitMB = Math.max(0, ...spec.models.map((m) => fitBytes(m.kind, rows, spec.lookback, spec.horizon, spec.drivers.length))) / MB;
  const estimate = (w: number) => dataMB + (shared ? dataMB : w * dataMB) + w * (WORKER_BASE_MB + fitMB);
  let w = Math.max(1, workers);
  while (w > 1 && estimate(w) > budgetMB) w--;
  if (estimate(w) <= budgetMB || fitMB === 0) return { estimateMB: estimate(w), budgetMB, workers: w, overBudget: estimate(w) > budgetMB, trainRows: null };
  // Fits grow linearly with their rows: keep the share of the history that fits, but never
  // fewer rows than a few training windows.
  const minRows = 4 * (spec.lookback + spec.horizon);
  const share = (budgetMB - (estimate(1) - fitMB)) / fitMB;
  const trainRows = Math.max(minRows, Math.floor(rows * Math.max(0, share)));
  if (trainRows >= rows) return { estimateMB: estimate(1), budgetMB, workers: 1, overBudget: true, trainRows: null };
  const estimateMB = estimate(1) - fitMB * (1 - trainRows / rows);
  return { estimateMB, budgetMB, workers: 1, overBudget: estimateMB > budgetMB, trainRows };
}

/** The default budget: 80 % of the JS heap limit the browser reports, else of half the device memory, else 2 GB. */
export function defaultBudgetMB(heapLimitBytes: number | undefined, deviceMemoryGB: number | undefined): number {
  if (heapLimitBytes && heapLimitBytes > 0) return (0.8 * heapLimitBytes) / MB;
  if (deviceMemoryGB && deviceMemoryGB > 0) return 0.8 * deviceMemoryGB * 512;
  return 0.8 * 2048;
}
