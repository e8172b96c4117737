/** Split-conformal prediction intervals per horizon step, calibrated on backtest residuals. */
import type { Interval } from '../models/types';

/** Half-widths of the interval at one level, one per horizon step. */
export interface StepWidths {
  level: number;
  width: Float64Array;
}

/**
 * Half-width per level and step: the ⌈(n+1)·level⌉-th smallest |residual| of that step
 * (residual = actual − forecast, pooled over folds and targets; NaN skipped), ∞ when n is too small.
 */
export function conformal(residualsByStep: readonly Float64Array[], levels: readonly number[] = [0.8, 0.95]): StepWidths[] {
  const h = residualsByStep.length;
  const out = levels.map((level) => ({ level, width: new Float64Array(h) }));
  for (let k = 0; k < h; k++) {
    const r = residualsByStep[k];
    const abs = new Float64Array(r.length);
    let n = 0;
    for (let i = 0; i < r.length; i++) if (Number.isFinite(r[i])) abs[n++] = Math.abs(r[i]);
    const sorted = abs.subarray(0, n).sort();
    for (const o of out) {
      // The finite-sample rank that guarantees coverage ≥ level for exchangeable residuals.
      const rank = Math.ceil((n + 1) * o.level);
      o.width[k] = rank >= 1 && rank <= n ? sorted[rank - 1] : Infinity;
    }
  }
  return out;
}

/** Intervals mean ± width for every level (steps past the widths' length get an infinite width). */
export function applyIntervals(mean: Float64Array, widths: readonly StepWidths[]): Interval[] {
  return widths.map(({ level, width }) => {
    const lo = new Float64Array(mean.length);
    const hi = new Float64Array(mean.length);
    for (let k = 0; k < mean.length; k++) {
      const w = k < width.length ? width[k] : Infinity;
      lo[k] = mean[k] - w;
      hi[k] = mean[k] + w;
    }
    return { level, lo, hi };
  });
}

/** Share of finite actuals inside [lo, hi] (NaN when none are finite). */
export function coverage(actual: ArrayLike<number>, lo: ArrayLike<number>, hi: ArrayLike<number>): number {
  let inside = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const y = actual[i];
    if (!Number.isFinite(y) || Number.isNaN(lo[i]) || Number.isNaN(hi[i])) continue;
    n++;
    if (y >= lo[i] && y <= hi[i]) inside++;
  }
  return n ? inside / n : NaN;
}
