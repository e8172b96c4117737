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
  const minRows = L + H * (spec.backtests + 1) + 1;
  if (n < minRows) throw new PlanError(`The data has ${n} rows; lookback ${L}, horizon ${H} and ${spec.backtests} backtest windows need at least ${minRows}.`);
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
      for (let fold = -1; fold < spec.backtests; fold++) {
        const cutoff = fold < 0 ? n : n - (fold + 1) * H;
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
          seed: seedOf(spec.seed, target, model.kind),
          cost: entry.cost(cutoff, L, H),
          ...(fault ? { fault } : {}),
        });
      }
    }
  }
  return jobs.sort((a, b) => b.cost - a.cost || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
