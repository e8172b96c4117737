import { cutoffs } from '../eval/backtest';
import { seedOf } from '../models/common/rng';
import { modelEntry } from '../models/registry';
import type { Job, RunSpec, SeriesTable } from './types';

/** A run that cannot start, with the reason in the user's terms. */
export class PlanError extends Error {
  override readonly name = 'PlanError';
}

/**
 * Turns a RunSpec into jobs, one per target × model × fold, ordered longest-expected-first
 * so that one slow job does not run alone at the end while the other workers idle.
 */
export function planJobs(spec: RunSpec, table: SeriesTable): Job[] {
  const n = table.time.length;
  const { lookback: L, horizon: H } = spec;
  if (spec.targets.length === 0) throw new PlanError('Choose at least one series to forecast.');
  if (spec.models.length === 0) throw new PlanError('Choose at least one model.');
  if (!(L >= 1 && H >= 1)) throw new PlanError('Lookback and horizon must be at least 1.');
  const layout = spec.backtest ?? {};
  const step = Math.max(1, Math.round(layout.step ?? H));
  const minRows = L + H + step * spec.backtests + 1;
  if (n < minRows) throw new PlanError(`The data has ${n} rows; lookback ${L}, horizon ${H} and ${spec.backtests} backtest windows ${step} steps apart need at least ${minRows}.`);
  const sliding = layout.mode === 'sliding';
  const trainWindow = Math.max(L + H + 1, Math.round(layout.trainWindow ?? 0));
  if (sliding && !(layout.trainWindow && layout.trainWindow >= L + H + 1)) throw new PlanError(`A sliding backtest needs a training window of at least ${L + H + 1} rows (lookback + horizon + 1).`);
  const folds = cutoffs({ n, horizon: H, windows: spec.backtests, step, minTrain: L + H + 1, mode: sliding ? 'sliding' : 'expanding', trainWindow, refitEvery: layout.refitEvery });
  const uses = new Map<number, number>();
  for (const f of folds) uses.set(f.fitCutoff, (uses.get(f.fitCutoff) ?? 0) + 1);
  const final = { fold: -1, cutoff: n, fitCutoff: n, fitStart: sliding ? Math.max(0, n - trainWindow) : 0 };
  const column = (name: string) => {
    const i = table.names.indexOf(name);
    if (i < 0) throw new PlanError(`"${name}" is not a series of this dataset.`);
    return i;
  };
  const driverColumns = spec.drivers.map(column);
  const jobs: Job[] = [];
  for (const target of spec.targets) {
    const col = column(target);
    const fault = spec.faults?.find((f) => f.target === target);
    for (const model of spec.models) {
      const entry = modelEntry(model.kind);
      for (const { fold, cutoff, fitCutoff, fitStart } of [final, ...folds]) {
        jobs.push({
          id: `${target}|${model.kind}|${fold}`,
          target,
          column: col,
          driverColumns: driverColumns.filter((d) => d !== col),
          model,
          lookback: L,
          horizon: H,
          fold,
          cutoff,
          trainStart: fitStart,
          fitCutoff,
          sharedFit: fold >= 0 && (uses.get(fitCutoff) ?? 0) > 1,
          seed: seedOf(spec.seed, target, model.kind),
          cost: entry.cost(fitCutoff - fitStart, L, H),
          ...(fault ? { fault } : {}),
        });
      }
    }
  }
  return jobs.sort((a, b) => b.cost - a.cost || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The jobs still to run when some finished in an earlier session (same ids: same work). */
export function withoutDone(jobs: Job[], done: readonly { job: Job }[]): Job[] {
  const ids = new Set(done.map((d) => d.job.id));
  return jobs.filter((j) => !ids.has(j.id));
}
