/**
 * The backend check: a small Autoformer is trained once on plain JS (the cpu backend, the
 * reference), then the same weights forecast the same window in a fresh worker on every
 * backend this browser has. The forecasts must agree (float32 kernels differ only in rounding).
 */
import * as Comlink from 'comlink';
import type { TrainWorkerApi } from '../workers/train.worker';
import type { BackendName } from '../models/tfjs/runtime';
import { mulberry32 } from '../models/common/rng';
import { planJobs } from './plan';
import type { PlatformProbe } from './platform';
import type { Job, SeriesTable } from './types';

/** One backend's outcome. */
export interface BackendCheckRow {
  backend: BackendName;
  /** Largest |forecast − reference| / max(|reference|, 1e-6) over the steps (null when it did not run). */
  maxRelDiff: number | null;
  ms: number | null;
  note: string;
}

/** Agreement asked of every backend (relative, per step). */
export const BACKEND_TOLERANCE = 1e-4;

/** A seeded daily series with a weekly cycle and a trend, and the job that fits and forecasts it. */
export function checkProblem(): { table: SeriesTable; job: Job } {
  const n = 400;
  const rand = mulberry32(11);
  const y = Float64Array.from({ length: n }, (_, i) => 50 + 0.05 * i + 6 * Math.sin((2 * Math.PI * i) / 7) + rand() - 0.5);
  const table: SeriesTable = { names: ['check'], time: Float64Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + i * 86_400_000), cols: [y], periods: [7] };
  const model = { kind: 'autoformer', options: { dModel: 16, heads: 2, dFF: 32, epochs: 1, batchSize: 32 } };
  const [job] = planJobs({ targets: ['check'], drivers: [], models: [model], lookback: 48, horizon: 12, backtests: 0, seed: 7 }, table);
  return { table, job };
}

/** Runs the check on cpu, wasm and (when an adapter exists) webgpu. */
export async function checkBackends(probe: PlatformProbe): Promise<{ reference: Float64Array; rows: BackendCheckRow[] }> {
  const { table, job } = checkProblem();
  const cpu = await spawn('cpu', table);
  let reference: Float64Array;
  let state;
  try {
    const fitted = await cpu.api.run(job, 0);
    reference = fitted.forecast;
    state = fitted.state!;
  } finally {
    cpu.close();
  }
  const rows: BackendCheckRow[] = [];
  for (const backend of ['cpu', 'wasm', 'webgpu'] as const) {
    if (backend === 'webgpu' && !probe.webgpu) {
      rows.push({ backend, maxRelDiff: null, ms: null, note: 'no WebGPU adapter in this browser' });
      continue;
    }
    const w = await spawn(backend, table);
    try {
      const out = await w.api.predictWith(state, job);
      rows.push({ backend, maxRelDiff: maxRelDiff(out.forecast, reference), ms: out.ms, note: `ran on ${out.backend}` });
    } catch (err) {
      rows.push({ backend, maxRelDiff: null, ms: null, note: `failed: ${(err as Error).message}` });
    } finally {
      w.close();
    }
  }
  return { reference, rows };
}

/** Largest relative difference per step, against the reference. */
export function maxRelDiff(a: Float64Array, ref: Float64Array): number {
  let m = 0;
  for (let k = 0; k < ref.length; k++) m = Math.max(m, Math.abs(a[k] - ref[k]) / Math.max(Math.abs(ref[k]), 1e-6));
  return m;
}

async function spawn(backend: BackendName, table: SeriesTable) {
  const worker = new Worker(new URL('../workers/train.worker.ts', import.meta.url), { type: 'module', name: `check-${backend}` });
  const api = Comlink.wrap<TrainWorkerApi>(worker);
  await api.configure({ backend, threads: 1 });
  await api.setTable(table);
  return {
    api,
    close: () => {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
