/** Prediction intervals of a run, derived on demand from its calibration residuals. */
import { applyIntervals, conformal, type StepWidths } from '../eval/intervals';
import type { Interval } from '../models/types';
import type { Calibration, ModelResult, RunResults, TargetResult } from './types';

/** Default interval levels (Excel's Forecast Sheet shows 95 %). */
export const DEFAULT_LEVELS = [0.8, 0.95];

/** Scaled half-widths per step for one model's calibration (∞ where there are too few residuals). */
export function scaledWidths(cal: Calibration | undefined, levels: readonly number[]): StepWidths[] {
  if (!cal) return levels.map((level) => ({ level, width: new Float64Array(0) }));
  return monotone(conformal(cal.byStep, levels));
}

/** Intervals around a model's final forecast for one target, in the target's units. */
export function intervalsFor(run: RunResults, target: TargetResult, model: ModelResult, levels: readonly number[] = DEFAULT_LEVELS): Interval[] {
  if (!model.forecast) return [];
  const cal = run.calibration.find((c) => c.kind === model.kind);
  const widths = scaledWidths(cal, levels).map(({ level, width }) => ({ level, width: width.map((w) => w * target.scale) }));
  return applyIntervals(model.forecast, widths);
}

/**
 * Coverage the intervals would have had out of fold: each fold's residuals are checked
 * against widths calibrated on the other folds only (honest, unlike in-sample coverage).
 * NaN when there is a single fold or too few residuals.
 */
export function outOfFoldCoverage(cal: Calibration | undefined, levels: readonly number[] = DEFAULT_LEVELS): { level: number; coverage: number }[] {
  const inside = new Float64Array(levels.length);
  let n = 0;
  if (cal) {
    const folds = new Set<number>();
    for (const f of cal.foldOf) for (const k of f) folds.add(k);
    for (const held of folds) {
      const train = cal.byStep.map((r, k) => r.filter((_, i) => cal.foldOf[k][i] !== held));
      const widths = monotone(conformal(train, levels));
      cal.byStep.forEach((r, k) => {
        for (let i = 0; i < r.length; i++) {
          if (cal.foldOf[k][i] !== held || !Number.isFinite(r[i])) continue;
          n++;
          widths.forEach((w, j) => {
            if (Math.abs(r[i]) <= w.width[k]) inside[j]++;
          });
        }
      });
    }
  }
  return levels.map((level, j) => ({ level, coverage: n ? inside[j] / n : NaN }));
}

/** Widths never shrink with the horizon: uncertainty grows, and noisy quantiles should not say otherwise. */
function monotone(widths: StepWidths[]): StepWidths[] {
  for (const { width } of widths) for (let k = 1; k < width.length; k++) width[k] = Math.max(width[k], width[k - 1]);
  return widths;
}
