import { modelEntry } from '../models/registry';
import type { FitProgress, TrainingData } from '../models/types';
import type { Job, JobResult, SeriesTable } from './types';

/** Everything a job needs from its host: the table, the backend name and cancellation. */
export interface JobContext {
  table: SeriesTable;
  backend: string;
  signal?: { readonly aborted: boolean };
  onProgress?: (p: FitProgress) => void;
  /** Starts the tfjs backend before the first tfjs job (lazy: other models never load tfjs). */
  ensureBackend?: () => Promise<string>;
}

/** The target (and drivers) cut at the job's cutoff. */
export function trainingData(job: Job, table: SeriesTable, end = job.cutoff): TrainingData {
  return {
    target: job.target,
    y: table.cols[job.column].subarray(0, end),
    time: table.time.subarray(0, end),
    drivers: job.driverColumns.map((c) => table.cols[c].subarray(0, end)),
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
  const data = trainingData(job, ctx.table);
  const model = await entry.create(job.model.options);
  let last: FitProgress | null = null;
  const t0 = performance.now();
  try {
    await model.fit(data, {
      seed: job.seed,
      lookback: job.lookback,
      horizon: job.horizon,
      signal: ctx.signal,
      onProgress: (p) => {
        last = p;
        ctx.onProgress?.(p);
      },
    });
    const fitMs = performance.now() - t0;
    const forecast = model.predict(job.horizon, data).mean;
    const y = ctx.table.cols[job.column];
    const actual = job.fold >= 0 ? y.slice(job.cutoff, job.cutoff + job.horizon) : null;
    return { jobId: job.id, forecast, actual, fitMs, backend, progress: last, state: job.fold < 0 ? model.serialize() : null };
  } finally {
    model.dispose();
  }
}
