/** Columns of a forecast chart (aligned on one time axis), built from a run's results. */
import type { Interval } from '../models/types';
import type { ModelResult, RunResults } from './types';

/** Aligned series for the chart: x, then history, backtest, forecast and (lo, hi) per level. null = no point. */
export interface ForecastChartData {
  x: Float64Array;
  history: (number | null)[];
  backtest: (number | null)[];
  forecast: (number | null)[];
  bands: { level: number; lo: (number | null)[]; hi: (number | null)[] }[];
}

/**
 * History (the target as used), the model's backtest forecasts at their dates, and the final
 * forecast with its bands. The forecast and bands start at the last actual so the lines join,
 * as in Excel's Forecast Sheet. Infinite band edges (too little calibration) are left out.
 */
export function forecastChartData(run: RunResults, targetIndex: number, model: ModelResult, intervals: Interval[]): ForecastChartData {
  const y = run.dataset.history[targetIndex];
  const n = y.length;
  const h = model.forecast?.length ?? 0;
  const x = new Float64Array(n + h);
  x.set(run.dataset.time.subarray(0, n));
  x.set(run.dataset.futureTime.subarray(0, h), n);
  const empty = () => new Array<number | null>(n + h).fill(null);
  const history = empty();
  for (let i = 0; i < n; i++) history[i] = finite(y[i]);
  const backtest = empty();
  for (const f of model.folds) for (let k = 0; k < f.forecast.length && f.cutoff + k < n; k++) backtest[f.cutoff + k] = finite(f.forecast[k]);
  const forecast = empty();
  const last = n > 0 ? finite(y[n - 1]) : null;
  if (h > 0) forecast[n - 1] = last;
  for (let k = 0; k < h; k++) forecast[n + k] = finite(model.forecast![k]);
  const bands = intervals.map(({ level, lo, hi }) => {
    const l = empty();
    const u = empty();
    if (h > 0 && Number.isFinite(lo[0]) && Number.isFinite(hi[0])) l[n - 1] = u[n - 1] = last;
    for (let k = 0; k < h; k++) {
      l[n + k] = finite(lo[k]);
      u[n + k] = finite(hi[k]);
    }
    return { level, lo: l, hi: u };
  });
  return { x, history, backtest, forecast, bands };
}

function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
