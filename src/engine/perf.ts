import type { JobRecord } from './types';

/** One row of the sequential-vs-parallel table (the seed document's scalability table, measured). */
export interface PerfRow {
  workers: number;
  seconds: number;
  /** Time with 1 worker / time with this many. */
  speedup: number;
  /** Speedup / workers. */
  efficiency: number;
  targetsPerSecond: number;
  peakMemoryMB: number;
  memorySource: string;
  backend: string;
}

/** A measured run, as the table needs it. */
export interface MeasuredRun {
  workers: number;
  seconds: number;
  targets: number;
  peakMemoryMB: number;
  memorySource: string;
  backend: string;
}

/** Worker counts to compare: 1, 2, 4, … up to and including `max`. */
export function scalingCounts(max: number): number[] {
  const out: number[] = [];
  for (let w = 1; w < max; w *= 2) out.push(w);
  out.push(Math.max(1, max));
  return [...new Set(out)];
}

/** Speedup and efficiency of each run against the 1-worker run (or the first one given). */
export function perfRows(runs: MeasuredRun[]): PerfRow[] {
  const base = runs.find((r) => r.workers === 1) ?? runs[0];
  return runs.map((r) => {
    const speedup = base ? base.seconds / r.seconds : 1;
    return {
      workers: r.workers,
      seconds: r.seconds,
      speedup,
      efficiency: speedup / r.workers,
      targetsPerSecond: r.targets / r.seconds,
      peakMemoryMB: r.peakMemoryMB,
      memorySource: r.memorySource,
      backend: r.backend,
    };
  });
}

/** True when both runs produced bit-identical forecasts for every job. */
export function sameResults(a: JobRecord[], b: JobRecord[]): boolean {
  if (a.length !== b.length) return false;
  const other = new Map(b.map((r) => [r.job.id, r.result?.forecast]));
  return a.every((r) => {
    const x = r.result?.forecast;
    const y = other.get(r.job.id);
    if (!x || !y || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  });
}
