/** Error analysis of one model on one target: where, when and how it misses. Pure. */
import type { ModelResult } from './types';

/** One backtest point: its row, the actual, the forecast and error = forecast − actual. */
export interface ErrorPoint {
  row: number;
  step: number;
  fold: number;
  actual: number;
  forecast: number;
  error: number;
}

/** Everything the error-analysis panel shows. */
export interface ErrorAnalysis {
  /** Every finite backtest point, in time order. */
  points: ErrorPoint[];
  /** The largest absolute errors, worst first. */
  worst: ErrorPoint[];
  /** Mean error (forecast − actual): positive = the model over-forecasts. */
  bias: number;
  /** Share of points forecast above the actual. */
  overShare: number;
  histogram: { edges: Float64Array; counts: Int32Array };
}

/** The analysis of a model's backtest folds; `worstCount` points are listed. */
export function errorAnalysis(model: ModelResult, worstCount = 5, bins = 15): ErrorAnalysis {
  const points: ErrorPoint[] = [];
  for (const f of model.folds) {
    for (let k = 0; k < f.forecast.length; k++) {
      const error = f.forecast[k] - f.actual[k];
      if (Number.isFinite(error)) points.push({ row: f.cutoff + k, step: k + 1, fold: f.fold, actual: f.actual[k], forecast: f.forecast[k], error });
    }
  }
  points.sort((a, b) => a.row - b.row || a.step - b.step);
  const worst = [...points].sort((a, b) => Math.abs(b.error) - Math.abs(a.error)).slice(0, worstCount);
  let sum = 0;
  let over = 0;
  for (const p of points) {
    sum += p.error;
    if (p.error > 0) over++;
  }
  return { points, worst, bias: points.length ? sum / points.length : NaN, overShare: points.length ? over / points.length : NaN, histogram: histogram(points.map((p) => p.error), bins) };
}

/** Equal-width bins spanning the values, symmetric around zero so the eye finds the bias. */
export function histogram(values: number[], bins: number): { edges: Float64Array; counts: Int32Array } {
  const m = values.reduce((a, v) => Math.max(a, Math.abs(v)), 0) || 1;
  const edges = Float64Array.from({ length: bins + 1 }, (_, i) => -m + (2 * m * i) / bins);
  const counts = new Int32Array(bins);
  for (const v of values) counts[Math.min(bins - 1, Math.floor(((v + m) / (2 * m)) * bins))]++;
  return { edges, counts };
}
