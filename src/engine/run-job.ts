import { modelEntry } from '../models/registry';
import type { FitProgress, TrainingData } from '../models/types';
import { FitCache } from './fit-cache';
import type { Job, JobResult, SeriesTable } from './types';

/** Everything a job needs from its host: the table, the backend name and cancellation. */
export interface JobContext {
  table: SeriesTable;
  backend: string;
  signal?: { readonly aborted: boolean };
  onProgress?: (p: FitProgress) => void;
  /** Starts the tfjs backend before the first tfjs job (lazy: other models never load tfjs). */
  ensureBackend?: () => Promise<string>;
  /** Fits kept for folds that reuse them (none: every job fits). */
  fits?: FitCache;
}

/** The target (and drivers) over rows [start, end): by default the history the job forecasts from. */
export function trainingData(job: Job, table: SeriesTable, end = job.cutoff, start = job.trainStart): TrainingData {
  return {
    target: job.target,
    y: table.cols[job.column].subarray(start, end),
    time: table.time.subarray(start, end),
    drivers: job.driverColumns.map((c) => table.cols[c].subarray(start, end)),
    driverNames: job.driverColumns.map((c) => table.names[c]),
    period: table.periods[job.column],
  };
}

/**
 * Runs one job: fit on [0, cutoff), forecast the next `horizon` steps, and for backtest
 * folds return the actual values too. Pure apart from tfjs: runs in a worker or in Node.
 */
export async function runJob(job: Job, ctx: JobContext): Promise<JobResult> {
  const entry = modelEntry(job.model.kind);
  const tf = entry.usesTf(job.model.options);
  const backend = tf && ctx.ensureBackend ? await ctx.ensureBackend() : tf ? ctx.backend : 'js';
  const key = job.sharedFit && ctx.fits ? FitCache.key(job) : null;
  let model = key ? ctx.fits!.get(key) : undefined;
  const reused = !!model;
  let last: FitProgress | null = null;
  const t0 = performance.now();
  // The cache owns a reused fit (and one this job hands to it): only an unkept model is disposed here.
  let kept = reused;
  model ??= await entry.create(job.model.options);
  try {
    if (!reused) {
      await model.fit(trainingData(job, ctx.table, job.fitCutoff), {
        seed: job.seed,
        lookback: job.lookback,
        horizon: job.horizon,
        signal: ctx.signal,
        onProgress: (p) => {
          last = p;
          ctx.onProgress?.(p);
        },
      });
    }
    const fitMs = performance.now() - t0;
    // A reused fit forecasts from its fold's own cutoff: the context runs to there.
    const context = trainingData(job, ctx.table);
    const forecast = (await model.predict(job.horizon, context)).mean;
    const explanation = job.fold < 0 && model.explain ? model.explain(job.horizon, context) : null;
    const y = ctx.table.cols[job.column];
    const actual = job.fold >= 0 ? y.slice(job.cutoff, job.cutoff + job.horizon) : null;
    const result = { jobId: job.id, forecast, actual, fitMs, backend, progress: last, state: job.fold < 0 ? model.serialize() : null, explanation };
    kept = reused || (key !== null && ctx.fits!.put(key, model));
    return result;
  } finally {
    if (!kept) model.dispose();
  }
}
