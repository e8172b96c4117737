/**
 * Shape check of a decoded run file, so a damaged or hand-edited file is refused with the
 * place it went wrong instead of breaking the results view later. It checks what the app
 * reads; model states stay free-form (each model checks its own).
 */
import type { RunResults } from '../results/types';

type Check = (v: unknown, path: string) => void;

function fail(path: string, what: string): never {
  throw new Error(`${path} should be ${what}`);
}

const str: Check = (v, p) => typeof v === 'string' || fail(p, 'text');
const num: Check = (v, p) => typeof v === 'number' || fail(p, 'a number');
const bool: Check = (v, p) => typeof v === 'boolean' || fail(p, 'true or false');
const f64: Check = (v, p) => v instanceof Float64Array || fail(p, 'a list of numbers ($f64)');
const i32: Check = (v, p) => v instanceof Int32Array || fail(p, 'a list of integers ($i32)');
const obj: Check = (v, p) => (typeof v === 'object' && v !== null && !Array.isArray(v)) || fail(p, 'an object');

function nullable(c: Check): Check {
  return (v, p) => v === null || c(v, p);
}

/** A field that files written before it existed lack. */
function optional(c: Check): Check {
  return (v, p) => v === undefined || v === null || c(v, p);
}

function listOf(c: Check): Check {
  return (v, p) => {
    if (!Array.isArray(v)) fail(p, 'a list');
    v.forEach((x, i) => c(x, `${p}[${i}]`));
  };
}

function shape(fields: Record<string, Check>): Check {
  return (v, p) => {
    obj(v, p);
    const o = v as Record<string, unknown>;
    for (const [key, c] of Object.entries(fields)) c(Object.hasOwn(o, key) ? o[key] : undefined, `${p}.${key}`);
  };
}

const fold = shape({ fold: num, cutoff: num, forecast: f64, actual: f64 });
const metrics = shape({ mae: num, rmse: num, mape: num, smape: num, mase: num, wape: num, accuracy: num, bias: num });
const model = shape({
  kind: str,
  status: str,
  forecast: nullable(f64),
  fallback: bool,
  error: nullable(str),
  folds: listOf(fold),
  metrics: nullable(metrics),
  maeByStep: nullable(f64),
  weights: nullable(listOf(shape({ kind: str, weight: num }))),
  fitMs: num,
  worker: nullable(num),
  attempts: num,
  state: nullable(shape({ kind: str, version: num, params: obj })),
  explanation: optional(shape({ transform: str, steps: listOf(shape({ h: num, intercept: num, terms: listOf(str), contributions: f64, output: num, base: num })), global: listOf(obj) })),
});

const checkRun = shape({
  id: str,
  createdAt: num,
  spec: shape({ targets: listOf(str), drivers: listOf(str), models: listOf(shape({ kind: str })), lookback: num, horizon: num, backtests: num, seed: num }),
  dataset: shape({ fileName: str, rows: num, fingerprint: str, time: f64, futureTime: f64, history: listOf(f64), frequency: str }),
  targets: listOf(shape({ target: str, best: nullable(str), scale: num, models: listOf(model) })),
  calibration: listOf(shape({ kind: str, byStep: listOf(f64), foldOf: listOf(i32) })),
  run: shape({ workers: num, backend: str, seconds: num }),
});

/** The value as a RunResults, or an Error naming the first field that is wrong. */
export function validateRun(v: unknown): RunResults {
  checkRun(v, 'run');
  const run = v as RunResults;
  for (const t of run.targets) for (const m of t.models) m.explanation ??= null;
  return run;
}
