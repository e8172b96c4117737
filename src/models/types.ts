/**
 * The model contract: every forecaster honours it, and one contract test runs over every
 * registered kind. Series are typed arrays end to end; results are typed fields, not string keys.
 */

/** One target series with its drivers, cut at the training cutoff. NaN marks a missing value. */
export interface TrainingData {
  /** Target name as the user sees it. */
  target: string;
  /** Target values, oldest first. */
  y: Float64Array;
  /** Epoch ms (UTC) per value, or the row index when the data has no time column. */
  time: Float64Array;
  /** Driver series aligned with `y` (only their past is used). */
  drivers: Float64Array[];
  driverNames: string[];
  /** Seasonal period in steps found by the check-up, or null. */
  period: number | null;
}

/** Progress of one fit: rounds or epochs done out of a planned total. */
export interface FitProgress {
  done: number;
  total: number;
  /** Training (or validation) loss of the last round, when the model has one. */
  loss?: number;
}

/** How a fit should run. */
export interface FitOptions {
  /** Seed of every random choice the model makes (same seed → same model). */
  seed: number;
  /** Input window length. */
  lookback: number;
  /** Steps ahead to forecast. */
  horizon: number;
  /** Checked between rounds/epochs: when it is aborted, fit stops with a CancelledError. */
  signal?: { readonly aborted: boolean };
  onProgress?: (p: FitProgress) => void;
}

/** A prediction interval at one level (e.g. 0.8). */
export interface Interval {
  level: number;
  lo: Float64Array;
  hi: Float64Array;
}

/** Point forecast for h steps after the end of the context, with optional intervals. */
export interface Forecast {
  mean: Float64Array;
  intervals?: Interval[];
}

/** A fitted model as plain data (numbers, strings, typed arrays): structured-clone and IndexedDB safe. */
export interface ModelState {
  kind: string;
  version: number;
  params: Record<string, unknown>;
}

/** One forecast step split into parts: intercept + Σ contributions = output; output + base = forecast. */
export interface StepExplanation {
  h: number;
  intercept: number;
  terms: string[];
  contributions: Float64Array;
  output: number;
  /** Added to `output` to give the forecast (the value at the origin for a model of changes, else 0). */
  base: number;
}

/** A term's learned shape: score per bin (bin 0 = missing), bin edges and training counts. */
export interface TermShape {
  name: string;
  cuts: Float64Array;
  scores: Float64Array;
  counts: Float64Array;
}

/** A pair's learned surface, row-major over (bins of A) × (bins of B). */
export interface PairSurface {
  names: [string, string];
  cutsA: Float64Array;
  cutsB: Float64Array;
  scores: Float64Array;
  counts: Float64Array;
}

/** How one step's model works overall: term importances and shapes. */
export interface GlobalExplanation {
  h: number;
  terms: string[];
  /** Mean |contribution| over the training rows, per term. */
  importances: Float64Array;
  mains: TermShape[];
  pairs: PairSurface[];
}

/** An additive model's account of its forecast, as plain data for the UI. */
export interface Explanation {
  /** 'level' or 'difference': what each step's model predicts. */
  transform: string;
  steps: StepExplanation[];
  /** Shapes of a few steps' models (the first, the middle and the last). */
  global: GlobalExplanation[];
}

/** What every model does. */
export interface Forecaster {
  readonly kind: string;
  /** Learns from the history in `data`. */
  fit(data: TrainingData, opts: FitOptions): Promise<void>;
  /**
   * Forecasts `h` steps after the end of `context` (the series the model was fitted on, or a
   * longer one). Models that read back from a GPU answer asynchronously.
   */
  predict(h: number, context: TrainingData): Forecast | Promise<Forecast>;
  /** The fitted model as plain data. */
  serialize(): ModelState;
  /** Frees what the model holds outside the JS heap (tensors); a no-op for pure models. */
  dispose(): void;
  /** Models that can split their forecast into parts (the EBM) explain it from the end of `context`. */
  explain?(h: number, context: TrainingData): Explanation;
}

/** Thrown by `fit` when its signal is aborted; the engine treats it as a cancellation, not a failure. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor() {
    super('Cancelled');
  }
}

/** Throws CancelledError when the signal is aborted. */
export function throwIfAborted(signal?: { readonly aborted: boolean }): void {
  if (signal?.aborted) throw new CancelledError();
}
