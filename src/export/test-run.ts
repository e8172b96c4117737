/** A small hand-built run for the export tests: 2 targets, 3 models (one failed with a fallback), 2 folds, horizon 3. */
import type { Metrics } from '../eval/metrics';
import type { Calibration, FoldForecast, ModelResult, RunResults } from '../results/types';

export const DAY = 86_400_000;
export const T0 = Date.UTC(2024, 0, 1);
export const H = 3;
/** Names that need CSV quoting, the formula guard and sheet-name cleaning. */
export const SALES = 'Sales, "EU"\nnorth';
export const RETURNS = '-returns/2024:[Q1]';

const f64 = (...x: number[]) => Float64Array.from(x);

function metrics(base: number): Metrics {
  return { mae: base, rmse: base * 1.25, mape: NaN, smape: 12.5, mase: base / 2, wape: 0.1, accuracy: 90, bias: -0.25 };
}

function folds(shift: number): FoldForecast[] {
  return [
    { fold: 0, cutoff: 7, forecast: f64(17 + shift, 18 + shift, 19 + shift), actual: f64(17, NaN, 19.5) },
    { fold: 1, cutoff: 4, forecast: f64(14 + shift, 15 + shift, 16 + shift), actual: f64(14, 15.5, 16) },
  ];
}

function model(kind: string, forecast: number[], extra: Partial<ModelResult> = {}): ModelResult {
  return {
    kind,
    status: 'done',
    forecast: Float64Array.from(forecast),
    fallback: false,
    error: null,
    folds: folds(kind === 'naive' ? 0 : 0.5),
    metrics: metrics(kind === 'naive' ? 1 : 0.5),
    maeByStep: f64(0.5, 1, 1.5),
    weights: null,
    fitMs: 12.5,
    worker: 1,
    attempts: 1,
    explanation: null,
    state: { kind, version: 1, params: { period: 7, nested: { level: f64(1, NaN, -Infinity), list: [Int32Array.from([1, -2]), { deep: f64(Infinity, -0) }] } } },
    ...extra,
  };
}

function failed(forecast: number[]): ModelResult {
  return model('tft', forecast, { status: 'failed', fallback: true, error: 'Out of memory', folds: [], metrics: null, maeByStep: null, worker: null, attempts: 3, state: null });
}

/** Residuals r·(i+1) for i < n, alternating sign, fold i % 2. */
function calibration(kind: string, n: number): Calibration {
  const byStep: Float64Array[] = [];
  const foldOf: Int32Array[] = [];
  for (let k = 0; k < H; k++) {
    byStep.push(Float64Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1) * (k + 1) * (i + 1) * 0.1));
    foldOf.push(Int32Array.from({ length: n }, (_, i) => i % 2));
  }
  return { kind, byStep, foldOf };
}

/** The fixture run; `frequency` and the time axis can be swapped for the time-style tests. */
export function testRun(frequency = 'daily', step = DAY): RunResults {
  const time = Float64Array.from({ length: 10 }, (_, i) => T0 + i * step);
  const futureTime = Float64Array.from({ length: H }, (_, i) => T0 + (10 + i) * step);
  return {
    id: 'run-1',
    createdAt: 1_700_000_000_000,
    spec: { targets: [SALES, RETURNS], drivers: [], models: [{ kind: 'naive' }, { kind: 'ets', options: { damped: true } }, { kind: 'tft' }], lookback: 7, horizon: H, backtests: 2, seed: 42 },
    dataset: {
      fileName: 'sales.csv',
      rows: 10,
      fingerprint: 'abc123',
      time,
      futureTime,
      history: [f64(10, 11, 12, 13, 14, 15, 16, 17, NaN, 19), f64(5, 4, 6, 5, 7, 6, 8, 7, 9, 8.5)],
      frequency,
    },
    targets: [
      { target: SALES, best: 'ets', scale: 2, models: [model('naive', [19, 19, 19]), model('ets', [20, 21.5, 22]), failed([19, 18, 17])] },
      { target: RETURNS, best: 'naive', scale: 0.5, models: [model('naive', [8.5, 8.5, 8.5]), model('ets', [8.75, 9, 9.25]), failed([8, 9, 8.5])] },
    ],
    // naive: 20 residuals per step (80 % and 95 % widths finite); ets: 5 (95 % infinite); tft: none (all infinite).
    calibration: [calibration('naive', 20), calibration('ets', 5)],
    run: { workers: 2, backend: 'wasm', seconds: 3.5 },
  };
}

/** A minimal RFC 4180 reader for checking the writer (quoted fields, doubled quotes, CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) throw new Error('CSV does not end with CRLF');
  return rows;
}
