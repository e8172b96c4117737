/**
 * The small record listed for each saved run: written next to the run, so the list of runs
 * never reads (or deserializes) any run's arrays.
 */
import type { RunResults } from '../results/types';

/** One saved run as the run list shows it. */
export interface RunSummary {
  id: string;
  createdAt: number;
  fileName: string;
  /** Hash of the series the run used, to tell whether it matches the dataset on screen. */
  fingerprint: string;
  /** Number of target series. */
  targets: number;
  /** Model kinds in the order the run spec lists them. */
  models: string[];
  horizon: number;
  /** The model that is best on the most targets; absent when no target has a best model. */
  best?: BestModel;
}

export interface BestModel {
  model: string;
  /** Targets on which it has the lowest backtest MASE. */
  wins: number;
  /** Its mean backtest MASE over every target it has metrics for (NaN when none is finite). */
  mase: number;
}

/** Summarizes a run; ties in wins go to the lower mean MASE, then to the model that wins the earliest target. */
export function summarizeRun(run: RunResults): RunSummary {
  const summary: RunSummary = {
    id: run.id,
    createdAt: run.createdAt,
    fileName: run.dataset.fileName,
    fingerprint: run.dataset.fingerprint,
    targets: run.targets.length,
    models: run.spec.models.map((m) => m.kind),
    horizon: run.spec.horizon,
  };
  const best = bestModel(run);
  if (best) summary.best = best;
  return summary;
}

function bestModel(run: RunResults): BestModel | undefined {
  const wins = new Map<string, number>();
  for (const t of run.targets) if (t.best !== null) wins.set(t.best, (wins.get(t.best) ?? 0) + 1);
  let out: BestModel | undefined;
  for (const [model, count] of wins) {
    const candidate = { model, wins: count, mase: meanMase(run, model) };
    if (!out || count > out.wins || (count === out.wins && lower(candidate.mase, out.mase))) out = candidate;
  }
  return out;
}

/** a < b, with NaN worst. */
function lower(a: number, b: number): boolean {
  return Number.isNaN(b) ? !Number.isNaN(a) : a < b;
}

function meanMase(run: RunResults, model: string): number {
  let sum = 0;
  let n = 0;
  for (const t of run.targets) {
    const m = t.models.find((r) => r.kind === model)?.metrics?.mase;
    if (m !== undefined && Number.isFinite(m)) {
      sum += m;
      n++;
    }
  }
  return n ? sum / n : NaN;
}
