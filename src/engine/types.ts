import type { Explanation, FitProgress, ModelState } from '../models/types';

/** The series every worker receives once per run: columns only, never rows. */
export interface SeriesTable {
  names: string[];
  time: Float64Array;
  cols: Float64Array[];
  /** Seasonal period per column from the check-up (null when none was found). */
  periods: (number | null)[];
}

/** A model choice in a run. */
export interface ModelSpec {
  kind: string;
  options?: Record<string, unknown>;
}

/** Test-only fault injection, so the retry and crash paths are exercised in real browsers. */
export interface FaultSpec {
  /** Target name the faults apply to. */
  target: string;
  /** The first `throws` attempts throw an error. */
  throws?: number;
  /** The first `crashes` attempts kill the worker mid-job. */
  crashes?: number;
  /** The first `oom` attempts fail as a worker out of memory does. */
  oom?: number;
  /** The first `wasmOom` attempts fill the WASM backend's memory until the module aborts. */
  wasmOom?: number;
  /** The first `gpuLost` attempts destroy the WebGPU device as the job starts (a real device loss). */
  gpuLost?: number;
}

/** How backtest folds are laid out (see eval/backtest.ts); every field is optional. */
export interface BacktestLayout {
  /** Steps between consecutive cutoffs (default: the horizon, so folds do not overlap). */
  step?: number;
  /** 'expanding' trains on all history before a cutoff; 'sliding' on the last `trainWindow` rows. */
  mode?: 'expanding' | 'sliding';
  trainWindow?: number;
  /** Refit every k folds; the folds between forecast with the last fit (default 1). */
  refitEvery?: number;
}

/** What the user asked for: the pool turns it into jobs. */
export interface RunSpec {
  targets: string[];
  drivers: string[];
  models: ModelSpec[];
  lookback: number;
  horizon: number;
  /** Backtest folds before the final fit (0 = none); fold k ends k·step steps earlier. */
  backtests: number;
  backtest?: BacktestLayout;
  seed: number;
  faults?: FaultSpec[];
}

/** One unit of work: fit one model on one target up to a cutoff, then forecast. */
export interface Job {
  /** `${target}|${kind}|${fold}`: unique in a run and stable across runs. */
  id: string;
  target: string;
  column: number;
  driverColumns: number[];
  model: ModelSpec;
  lookback: number;
  horizon: number;
  /** -1 for the final fit on all data; 0.. for backtest folds (0 = the latest). */
  fold: number;
  /** Forecast rows [cutoff, cutoff + horizon) from the history before `cutoff`. */
  cutoff: number;
  /** The fit trains on rows [trainStart, fitCutoff); fitCutoff < cutoff when the fold reuses an older fit. */
  trainStart: number;
  fitCutoff: number;
  /** True when other folds reuse this job's fit (a worker may keep it for them). */
  sharedFit: boolean;
  seed: number;
  /** Estimated relative cost, for longest-first ordering. */
  cost: number;
  fault?: FaultSpec;
}

/** What a worker sends back for a job. */
export interface JobResult {
  jobId: string;
  forecast: Float64Array;
  /** The actual values after the cutoff (backtest folds only; NaN where unknown). */
  actual: Float64Array | null;
  fitMs: number;
  backend: string;
  /** The last progress report of the fit (epochs, loss), if any. */
  progress: FitProgress | null;
  /** The fitted model (final fits only). */
  state: ModelState | null;
  /** How the forecast splits into parts (final fits of models that explain, e.g. the EBM). */
  explanation: Explanation | null;
}

/**
 * A worker's answer for one job of a batch: a result, an error (name and message survive the
 * worker boundary), or neither when the batch stopped before the job (it was not run).
 */
export interface JobOutcome {
  jobId: string;
  result: JobResult | null;
  error: { name: string; message: string } | null;
  /** Time the job took in the worker, in ms (0 when not run). */
  ms: number;
}

/** Job status as the run panel shows it. */
export type JobStatus = 'queued' | 'running' | 'retrying' | 'done' | 'failed' | 'cancelled';

/** The pool's record of a job, updated as it moves through the queue. */
export interface JobRecord {
  job: Job;
  status: JobStatus;
  attempts: number;
  /** Worker that ran (or is running) the job. */
  worker: number | null;
  startedAt: number | null;
  endedAt: number | null;
  progress: FitProgress | null;
  result: JobResult | null;
  error: string | null;
}
