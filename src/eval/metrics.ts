/** Forecast error metrics over paired arrays; pairs with a missing value on either side are skipped. */

/** A metric over one actual/forecast pair of arrays. */
export type Metric = (actual: ArrayLike<number>, forecast: ArrayLike<number>) => number;

/** Mean absolute error. */
export function mae(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = actual[i] - forecast[i];
    if (Number.isFinite(e)) {
      sum += Math.abs(e);
      n++;
    }
  }
  return n ? sum / n : NaN;
}

/** Root mean squared error. */
export function rmse(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = actual[i] - forecast[i];
    if (Number.isFinite(e)) {
      sum += e * e;
      n++;
    }
  }
  return n ? Math.sqrt(sum / n) : NaN;
}

/** Mean absolute percentage error in percent; pairs with a zero actual are skipped (undefined ratio). */
export function mape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = actual[i] - forecast[i];
    if (Number.isFinite(e) && actual[i] !== 0) {
      sum += Math.abs(e / actual[i]);
      n++;
    }
  }
  return n ? (100 * sum) / n : NaN;
}

/** Symmetric MAPE in percent (0–200): |e| / ((|y| + |ŷ|) / 2); pairs where both are zero count as 0. */
export function smape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = actual[i] - forecast[i];
    if (!Number.isFinite(e)) continue;
    const d = Math.abs(actual[i]) + Math.abs(forecast[i]);
    sum += d > 0 ? (2 * Math.abs(e)) / d : 0;
    n++;
  }
  return n ? (100 * sum) / n : NaN;
}

/** In-sample mean absolute difference at lag m (m = 1 without a season): the MASE denominator. */
export function naiveScale(train: ArrayLike<number>, period: number | null = null): number {
  const m = period && period >= 1 ? Math.floor(period) : 1;
  let sum = 0;
  let n = 0;
  for (let i = m; i < train.length; i++) {
    const d = train[i] - train[i - m];
    if (Number.isFinite(d)) {
      sum += Math.abs(d);
      n++;
    }
  }
  return n ? sum / n : NaN;
}

/** Mean absolute scaled error: MAE over the in-sample seasonal-naive MAE of the training series. */
export function mase(actual: ArrayLike<number>, forecast: ArrayLike<number>, train: ArrayLike<number>, period: number | null = null): number {
  const scale = naiveScale(train, period);
  // A constant training series has no scale: MASE is undefined rather than infinite.
  return scale > 0 ? mae(actual, forecast) / scale : NaN;
}

/** Weighted absolute percentage error as a fraction: Σ|e| / Σ|y|. */
export function wape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = actual[i] - forecast[i];
    if (Number.isFinite(e)) {
      num += Math.abs(e);
      den += Math.abs(actual[i]);
    }
  }
  return den > 0 ? num / den : NaN;
}

/** Forecast accuracy in percent, supply-chain style: 100 − 100·WAPE (can go negative). */
export function accuracy(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  return 100 - 100 * wape(actual, forecast);
}

/** Mean error forecast − actual: positive when the forecast runs high. */
export function bias(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = forecast[i] - actual[i];
    if (Number.isFinite(e)) {
      sum += e;
      n++;
    }
  }
  return n ? sum / n : NaN;
}

/** Every metric of one forecast. */
export interface Metrics {
  mae: number;
  rmse: number;
  mape: number;
  smape: number;
  mase: number;
  wape: number;
  accuracy: number;
  bias: number;
}

/** All metrics of one forecast against its actuals; `train` and `period` give the MASE scale. */
export function metricsOf(actual: ArrayLike<number>, forecast: ArrayLike<number>, train: ArrayLike<number>, period: number | null = null): Metrics {
  return {
    mae: mae(actual, forecast),
    rmse: rmse(actual, forecast),
    mape: mape(actual, forecast),
    smape: smape(actual, forecast),
    mase: mase(actual, forecast, train, period),
    wape: wape(actual, forecast),
    accuracy: accuracy(actual, forecast),
    bias: bias(actual, forecast),
  };
}

/** One backtest fold: actuals and forecast over the horizon. */
export interface Fold {
  actual: ArrayLike<number>;
  forecast: ArrayLike<number>;
}

/** A metric per horizon step, pooling that step across folds (length = the longest fold). */
export function byStep(folds: readonly Fold[], metric: Metric): Float64Array {
  let h = 0;
  for (const f of folds) h = Math.max(h, Math.min(f.actual.length, f.forecast.length));
  const out = new Float64Array(h);
  const a = new Float64Array(folds.length);
  const p = new Float64Array(folds.length);
  for (let k = 0; k < h; k++) {
    // Folds shorter than this step contribute NaN, which every metric skips.
    for (let j = 0; j < folds.length; j++) {
      const f = folds[j];
      a[j] = k < f.actual.length ? f.actual[k] : NaN;
      p[j] = k < f.forecast.length ? f.forecast[k] : NaN;
    }
    out[k] = metric(a, p);
  }
  return out;
}
