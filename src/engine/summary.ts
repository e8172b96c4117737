import { SeasonalNaive } from '../models/baselines/baselines';
import { mae, rmse } from '../eval/metrics';
import { trainingData } from './run-job';
import type { JobRecord, JobStatus, RunSpec, SeriesTable } from './types';

/** One model's outcome on one target. */
export interface ModelOutcome {
  kind: string;
  status: JobStatus;
  /** The forecast after the last observation (a seasonal-naive fallback when the model failed). */
  forecast: Float64Array | null;
  fallback: boolean;
  error: string | null;
  /** Mean of the per-fold errors over the backtest folds that finished. */
  backtest: { mae: number; rmse: number; folds: number } | null;
  fitMs: number;
  worker: number | null;
  attempts: number;
}

/** Every model's outcome on one target, and the model with the lowest backtest MAE. */
export interface TargetOutcome {
  target: string;
  models: ModelOutcome[];
  best: string | null;
}

/** Folds the pool's job records into per-target outcomes, filling failed final fits with a fallback. */
export function summarise(records: JobRecord[], spec: RunSpec, table: SeriesTable): TargetOutcome[] {
  const byId = new Map(records.map((r) => [r.job.id, r]));
  return spec.targets.map((target) => {
    const models = spec.models.map(({ kind }): ModelOutcome => {
      const final = byId.get(`${target}|${kind}|-1`);
      const folds = Array.from({ length: spec.backtests }, (_, k) => byId.get(`${target}|${kind}|${k}`)?.result).filter((r) => r?.actual);
      const backtest = folds.length
        ? { mae: avg(folds.map((r) => mae(r!.actual!, r!.forecast))), rmse: avg(folds.map((r) => rmse(r!.actual!, r!.forecast))), folds: folds.length }
        : null;
      const failed = final?.status === 'failed';
      return {
        kind,
        status: final?.status ?? 'cancelled',
        forecast: final?.result?.forecast ?? (failed ? fallbackForecast(final!, table) : null),
        fallback: failed,
        error: final?.error ?? null,
        backtest,
        fitMs: final?.result?.fitMs ?? 0,
        worker: final?.worker ?? null,
        attempts: final?.attempts ?? 0,
      };
    });
    const ranked = models.filter((m) => m.backtest && !m.fallback && Number.isFinite(m.backtest.mae)).sort((a, b) => a.backtest!.mae - b.backtest!.mae);
    return { target, models, best: ranked[0]?.kind ?? null };
  });
}

/** Seasonal naive on the whole target: what a failed model's forecast falls back to. */
function fallbackForecast(record: JobRecord, table: SeriesTable): Float64Array {
  const data = trainingData(record.job, table);
  const model = new SeasonalNaive(data.period ?? undefined);
  return model.predict(record.job.horizon, data).mean;
}

function avg(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
