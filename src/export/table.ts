/**
 * The export tables as plain rows of typed cells, shared by the CSV and workbook writers so
 * both files hold the same numbers. Text is raw here; each writer guards it on the way out.
 */
import { intervalsFor } from '../results/intervals';
import type { ModelResult, RunResults, TargetResult } from '../results/types';
import { timeCell, timeStyle, type TimeValue } from './time';

/** Text, a number (non-finite ones are written as empty cells), a time, or an empty cell. */
export type Cell = string | number | TimeValue | null;

export interface Table {
  header: string[];
  rows: Cell[][];
}

/** A level as a percent without float noise: 0.95 → "95", 0.975 → "97.5". */
export function levelPercent(level: number): string {
  return String(Number((level * 100).toPrecision(12)));
}

const METRIC_KEYS = ['mae', 'rmse', 'mape', 'smape', 'mase', 'wape', 'accuracy', 'bias'] as const;

/** One row per target × model with a forecast × step; intervals as lower/upper pairs per level. */
export function forecastTable(run: RunResults, levels: readonly number[]): Table {
  const header = ['series', 'model', 'date', 'step', 'forecast'];
  for (const level of levels) header.push(`lower_${levelPercent(level)}`, `upper_${levelPercent(level)}`);
  const style = timeStyle(run.dataset);
  const future = run.dataset.futureTime;
  const rows: Cell[][] = [];
  for (const target of run.targets) {
    for (const model of target.models) {
      const f = model.forecast;
      if (!f) continue;
      const intervals = intervalsFor(run, target, model, levels);
      for (let k = 0; k < f.length; k++) {
        const row: Cell[] = [target.target, model.kind, timeCell(future[k], style), k + 1, f[k]];
        for (const iv of intervals) row.push(iv.lo[k], iv.hi[k]);
        rows.push(row);
      }
    }
  }
  return { header, rows };
}

/** One row per target × model: backtest metrics, fold count and how the model fared. */
export function metricsTable(run: RunResults): Table {
  const header = ['series', 'model', 'best', ...METRIC_KEYS, 'folds', 'status', 'fallback'];
  const rows: Cell[][] = [];
  for (const target of run.targets) {
    for (const model of target.models) {
      const m = model.metrics;
      rows.push([
        target.target,
        model.kind,
        model.kind === target.best ? 1 : 0,
        ...METRIC_KEYS.map((key) => (m ? m[key] : null)),
        model.folds.length,
        model.status,
        model.fallback ? 1 : 0,
      ]);
    }
  }
  return { header, rows };
}

/**
 * One row per target × model × fold × step. A fold trained on rows [0, cutoff) and forecast
 * rows [cutoff, cutoff + h), so step k (1-based) is row cutoff + k − 1 and the cutoff date is
 * the first forecast row's date. error = forecast − actual.
 */
export function backtestTable(run: RunResults): Table {
  const header = ['series', 'model', 'fold', 'cutoff_date', 'date', 'step', 'actual', 'forecast', 'error'];
  const style = timeStyle(run.dataset);
  const time = run.dataset.time;
  const rows: Cell[][] = [];
  for (const target of run.targets) {
    for (const model of target.models) {
      for (const fold of model.folds) {
        const cutoffDate = timeCell(time[fold.cutoff], style);
        const { forecast, actual } = fold;
        for (let k = 0; k < forecast.length; k++) {
          const y = k < actual.length ? actual[k] : NaN;
          rows.push([target.target, model.kind, fold.fold, cutoffDate, timeCell(time[fold.cutoff + k], style), k + 1, y, forecast[k], forecast[k] - y]);
        }
      }
    }
  }
  return { header, rows };
}

/** The model a target's forecast sheet shows: the best one, else the first with a forecast. */
export function shownModel(target: TargetResult): ModelResult | null {
  return target.models.find((m) => m.kind === target.best && m.forecast) ?? target.models.find((m) => m.forecast) ?? null;
}
