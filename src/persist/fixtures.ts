/** Small datasets and runs for the persistence tests: typed arrays with NaN, nulls, nested states. */
import type { SavedDataset } from './store';
import type { Metrics } from '../eval/metrics';
import type { ModelResult, RunResults, TargetResult } from '../results/types';

export function makeDataset(fileName = 'sales.csv'): SavedDataset {
  return {
    file: new Blob(['date,a\n2024-01-01,1\n2024-01-02,2\n'], { type: 'text/csv' }),
    fileName,
    parse: { delimiter: ',', decimal: '.' },
    clean: { aggregate: 'mean', insertMissing: true, fill: 'none' },
    roles: { a: 'target' },
  };
}

function metrics(mase: number): Metrics {
  return { mae: 1, rmse: 1, mape: 1, smape: 1, mase, wape: 1, accuracy: 1, bias: 0 };
}

function model(kind: string, mase: number | null): ModelResult {
  return {
    kind,
    status: mase === null ? 'failed' : 'done',
    forecast: mase === null ? null : new Float64Array([1.5, NaN]),
    fallback: false,
    error: mase === null ? 'boom' : null,
    folds: mase === null ? [] : [{ fold: 0, cutoff: 2, forecast: new Float64Array([1, 2]), actual: new Float64Array([NaN, 2]) }],
    metrics: mase === null ? null : metrics(mase),
    maeByStep: mase === null ? null : new Float64Array([0.5, NaN]),
    weights: null,
    fitMs: 3,
    worker: 0,
    attempts: 1,
    explanation: null,
    state: mase === null ? null : { kind, version: 1, params: { coef: new Float64Array([0.25, NaN]), lags: new Int32Array([1, 7]), nested: { bias: -1 } } },
  };
}

/** A run of two models on `targets` targets; `best[i]` is target i's best model (null = none). */
export function makeRun(id: string, createdAt: number, best: (string | null)[] = ['naive'], mase: Record<string, number> = { naive: 1, linear: 0.8 }): RunResults {
  const targets: TargetResult[] = best.map((b, i) => ({
    target: `t${i}`,
    best: b,
    scale: 2,
    models: [model('naive', mase.naive ?? null), model('linear', mase.linear ?? null)],
  }));
  return {
    id,
    createdAt,
    spec: { targets: targets.map((t) => t.target), drivers: [], models: [{ kind: 'naive' }, { kind: 'linear', options: { alpha: 0.1 } }], lookback: 2, horizon: 2, backtests: 1, seed: 7 },
    dataset: {
      fileName: 'sales.csv',
      rows: 4,
      fingerprint: 'abc123',
      time: new Float64Array([0, 1, 2, 3]),
      futureTime: new Float64Array([4, 5]),
      history: targets.map(() => new Float64Array([1, NaN, 3, 4])),
      frequency: 'index',
    },
    targets,
    calibration: [{ kind: 'naive', byStep: [new Float64Array([0.1, NaN]), new Float64Array([-0.2])], foldOf: [new Int32Array([0, 1]), new Int32Array([0])] }],
    run: { workers: 2, backend: 'cpu', seconds: 1.25 },
  };
}
