/**
 * A finished run as plain data: typed arrays, numbers and strings only, so it survives
 * structured clone (IndexedDB, postMessage) and converts losslessly to the JSON run file.
 * Intervals are not stored: they are derived from the calibration residuals for whatever
 * levels the user picks, without retraining.
 */
import type { Metrics } from '../eval/metrics';
import type { Explanation, ModelState } from '../models/types';
import type { JobStatus, RunSpec } from '../engine/types';

/** The model name the ensemble has in the leaderboard. */
export const ENSEMBLE = 'ensemble';

/** One backtest fold of one model: trained on rows [0, cutoff), forecast rows [cutoff, cutoff + h). */
export interface FoldForecast {
  /** 0 = the latest fold. */
  fold: number;
  cutoff: number;
  forecast: Float64Array;
  /** NaN where the actual is missing. */
  actual: Float64Array;
}

/** One model's outcome on one target. */
export interface ModelResult {
  kind: string;
  status: JobStatus;
  /** Forecast of the final fit (on all data); a seasonal-naive fallback when the model failed. */
  forecast: Float64Array | null;
  fallback: boolean;
  error: string | null;
  folds: FoldForecast[];
  /** Metrics pooled over every backtest point (null without finished folds). */
  metrics: Metrics | null;
  /** MAE per horizon step over the folds. */
  maeByStep: Float64Array | null;
  /** Ensemble only: the weight of each member model, learned on the backtest. */
  weights: { kind: string; weight: number }[] | null;
  fitMs: number;
  worker: number | null;
  attempts: number;
  /** The fitted model (final fit), for the run file and reloading. */
  state: ModelState | null;
  /** The forecast split into parts, for models that explain themselves (the EBM). */
  explanation: Explanation | null;
}

/** Every model's outcome on one target. */
export interface TargetResult {
  target: string;
  /** The model with the lowest backtest MASE (the ensemble only when it wins), or null. */
  best: string | null;
  /** MASE scale (in-sample naive MAE on the history before the earliest fold); scales residuals. */
  scale: number;
  models: ModelResult[];
}

/**
 * Scaled backtest residuals (actual − forecast) / scale, per model and horizon step, pooled
 * over targets and folds, each tagged with its fold so coverage can be checked out of fold.
 */
export interface Calibration {
  kind: string;
  /** byStep[k][i]: the i-th scaled residual at step k. */
  byStep: Float64Array[];
  /** foldOf[k][i]: the fold of that residual. */
  foldOf: Int32Array[];
}

/** Where the data came from, to tell whether a saved run matches the dataset on screen. */
export interface DatasetInfo {
  fileName: string;
  rows: number;
  /** Hash of the series the run used (names, times and values). */
  fingerprint: string;
  /** Times of the history (ms since epoch, UTC) and of the forecast steps after it. */
  time: Float64Array;
  futureTime: Float64Array;
  /** The history of each target, in `targets` order. */
  history: Float64Array[];
  /** e.g. 'daily'; 'index' when rows are not dated. */
  frequency: string;
}

/** A finished run. */
export interface RunResults {
  /** Unique id (also the IndexedDB key). */
  id: string;
  createdAt: number;
  spec: RunSpec;
  dataset: DatasetInfo;
  targets: TargetResult[];
  calibration: Calibration[];
  /** Run facts shown in the header: workers, backend, seconds. */
  run: { workers: number; backend: string; seconds: number };
}
