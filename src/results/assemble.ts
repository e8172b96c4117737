/**
 * Turns the pool's job records into run results: per target and model the backtest folds,
 * pooled metrics and error by step; a backtest-weighted ensemble; the best model; and the
 * scaled residuals that calibrate the prediction intervals. Pure: runs in Node tests.
 */
import { byStep, mae, metricsOf, naiveScale } from '../eval/metrics';
import { SeasonalNaive } from '../models/baselines/baselines';
import { combine, ensembleWeights } from '../models/ensemble/weights';
import { trainingData } from '../engine/run-job';
import type { JobRecord, RunSpec, SeriesTable } from '../engine/types';
import { ENSEMBLE, type Calibration, type DatasetInfo, type FoldForecast, type ModelResult, type RunResults, type TargetResult } from './types';

/** Everything a run's results are built from. */
export interface AssembleInput {
  id: string;
  records: JobRecord[];
  spec: RunSpec;
  table: SeriesTable;
  dataset: Omit<DatasetInfo, 'history'>;
  run: RunResults['run'];
  createdAt?: number;
}

/** The run's results; pure function of its inputs. */
export function assembleResults(input: AssembleInput): RunResults {
  const { records, spec, table } = input;
  const byId = new Map(records.map((r) => [r.job.id, r]));
  const targets = spec.targets.map((target) => targetResult(target, byId, spec, table));
  return {
    id: input.id,
    createdAt: input.createdAt ?? Date.now(),
    spec,
    dataset: { ...input.dataset, history: spec.targets.map((t) => table.cols[table.names.indexOf(t)].slice()) },
    targets,
    calibration: calibrate(targets),
    run: input.run,
  };
}

function targetResult(target: string, byId: Map<string, JobRecord>, spec: RunSpec, table: SeriesTable): TargetResult {
  const column = table.names.indexOf(target);
  const y = table.cols[column];
  const period = table.periods[column];
  // Every fold trains on at least the history before the oldest cutoff: the MASE scale comes from there.
  let oldest = y.length;
  for (const { kind } of spec.models) for (let k = 0; k < spec.backtests; k++) oldest = Math.min(oldest, byId.get(`${target}|${kind}|${k}`)?.job.cutoff ?? oldest);
  const train = y.subarray(0, Math.max(2, oldest));
  const scale = positive(naiveScale(train, period)) ?? positive(naiveScale(train)) ?? 1;
  const models = spec.models.map(({ kind }) => modelResult(target, kind, byId, spec, table, train, period));
  const ensemble = ensembleOf(models, train, period);
  if (ensemble) models.push(ensemble);
  return { target, best: bestOf(models), scale, models };
}

function modelResult(target: string, kind: string, byId: Map<string, JobRecord>, spec: RunSpec, table: SeriesTable, train: Float64Array, period: number | null): ModelResult {
  const final = byId.get(`${target}|${kind}|-1`);
  const folds: FoldForecast[] = [];
  for (let k = 0; k < spec.backtests; k++) {
    const r = byId.get(`${target}|${kind}|${k}`);
    if (r?.result?.actual) folds.push({ fold: k, cutoff: r.job.cutoff, forecast: r.result.forecast, actual: r.result.actual });
  }
  const failed = final?.status === 'failed';
  return {
    kind,
    status: final?.status ?? 'cancelled',
    forecast: final?.result?.forecast ?? (failed ? fallbackForecast(final!, table) : null),
    fallback: failed,
    error: final?.error ?? null,
    folds,
    ...scores(folds, train, period),
    weights: null,
    fitMs: final?.result?.fitMs ?? 0,
    worker: final?.worker ?? null,
    attempts: final?.attempts ?? 0,
    state: final?.result?.state ?? null,
    explanation: final?.result?.explanation ?? null,
  };
}

/** Metrics pooled over every fold's points, and MAE per horizon step. */
function scores(folds: FoldForecast[], train: Float64Array, period: number | null): Pick<ModelResult, 'metrics' | 'maeByStep'> {
  if (!folds.length) return { metrics: null, maeByStep: null };
  return { metrics: metricsOf(concat(folds.map((f) => f.actual)), concat(folds.map((f) => f.forecast)), train, period), maeByStep: byStep(folds, mae) };
}

/**
 * The ensemble: non-negative weights summing to one, fitted on the members' backtest
 * forecasts. Its own backtest is out of fold (each fold combined with weights learned on the
 * other folds), so it is judged like any other model; its final forecast uses all folds.
 */
function ensembleOf(models: ModelResult[], train: Float64Array, period: number | null): ModelResult | null {
  const most = models.reduce<ModelResult | null>((a, m) => (!m.fallback && m.folds.length > (a?.folds.length ?? 0) ? m : a), null);
  const folds = most?.folds.map((f) => f.fold) ?? [];
  const members = models.filter((m) => m.forecast && !m.fallback && m.folds.length > 0 && sameFolds(m, folds));
  if (members.length < 2) return null;
  const fit = (use: (fold: number) => boolean) => {
    const pick = (m: ModelResult) => concat(m.folds.filter((f) => use(f.fold)).map((f) => f.forecast));
    const actual = concat(members[0].folds.filter((f) => use(f.fold)).map((f) => f.actual));
    return ensembleWeights(members.map(pick), actual);
  };
  const ensembleFolds: FoldForecast[] = members[0].folds.map((f, j) => {
    // With a single fold there is nothing to learn from out of fold: equal weights.
    const w = folds.length > 1 ? fit((k) => k !== f.fold) : new Float64Array(members.length).fill(1 / members.length);
    return { fold: f.fold, cutoff: f.cutoff, actual: f.actual, forecast: combine(members.map((m) => m.folds[j].forecast), w) };
  });
  const weights = fit(() => true);
  return {
    kind: ENSEMBLE,
    status: 'done',
    forecast: combine(members.map((m) => m.forecast!), weights),
    fallback: false,
    error: null,
    folds: ensembleFolds,
    ...scores(ensembleFolds, train, period),
    weights: members.map((m, i) => ({ kind: m.kind, weight: weights[i] })),
    fitMs: 0,
    worker: null,
    attempts: 0,
    state: null,
    explanation: null,
  };
}

/** Lowest backtest MASE wins (MAE when MASE is undefined); fallbacks never win. */
function bestOf(models: ModelResult[]): string | null {
  const key = (m: ModelResult) => (Number.isFinite(m.metrics!.mase) ? m.metrics!.mase : m.metrics!.mae);
  const ranked = models.filter((m) => m.metrics && !m.fallback && m.forecast && Number.isFinite(key(m))).sort((a, b) => key(a) - key(b));
  return ranked[0]?.kind ?? null;
}

/** Scaled residuals per model and step, pooled over targets, so even short series get intervals. */
function calibrate(targets: TargetResult[]): Calibration[] {
  const kinds = [...new Set(targets.flatMap((t) => t.models.map((m) => m.kind)))];
  return kinds.map((kind) => {
    const res: number[][] = [];
    const fold: number[][] = [];
    for (const t of targets) {
      const m = t.models.find((x) => x.kind === kind);
      if (!m || m.fallback) continue;
      for (const f of m.folds) {
        for (let k = 0; k < f.forecast.length; k++) {
          const r = (f.actual[k] - f.forecast[k]) / t.scale;
          if (!Number.isFinite(r)) continue;
          (res[k] ??= []).push(r);
          (fold[k] ??= []).push(f.fold);
        }
      }
    }
    return { kind, byStep: Array.from(res, (r) => Float64Array.from(r ?? [])), foldOf: Array.from(fold, (f) => Int32Array.from(f ?? [])) };
  });
}

/** Seasonal naive on the whole target: what a failed model's forecast falls back to. */
function fallbackForecast(record: JobRecord, table: SeriesTable): Float64Array {
  const data = trainingData(record.job, table);
  return new SeasonalNaive(data.period ?? undefined).predict(record.job.horizon, data).mean;
}

function sameFolds(m: ModelResult, folds: number[]): boolean {
  return m.folds.length === folds.length && m.folds.every((f, i) => f.fold === folds[i]);
}

function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function positive(x: number): number | null {
  return x > 0 && Number.isFinite(x) ? x : null;
}
