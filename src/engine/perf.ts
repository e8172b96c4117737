import type { JobRecord } from './types';

/** One row of the sequential-vs-parallel table (the seed document's scalability table, measured). */
export interface PerfRow {
  workers: number;
  /** Median wall time of the runs with this many workers. */
  seconds: number;
  /** How many runs the median is taken over. */
  runs: number;
  /** Every run's time, in the order they ran (the spread shows how noisy the machine is). */
  allSeconds: number[];
  /** Time with 1 worker / time with this many. */
  speedup: number;
  /** Speedup / workers. */
  efficiency: number;
  targetsPerSecond: number;
  peakMemoryMB: number;
  memorySource: string;
  backend: string;
  /** tfjs tensors left in the workers after the run (the leak check, live). */
  tensors: number;
}

/** A measured run, as the table needs it. */
export interface MeasuredRun {
  workers: number;
  seconds: number;
  targets: number;
  peakMemoryMB: number;
  memorySource: string;
  backend: string;
  tensors: number;
}

/** Worker counts to compare: 1, 2, 4, … up to and including `max`. */
export function scalingCounts(max: number): number[] {
  const out: number[] = [];
  for (let w = 1; w < max; w *= 2) out.push(w);
  out.push(Math.max(1, max));
  return [...new Set(out)];
}

/** Median of a non-empty list. */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * One row per worker count (in first-seen order): the median time of its runs, the highest
 * memory, and speedup and efficiency against the 1-worker median (or the first count's).
 */
export function perfRows(runs: MeasuredRun[]): PerfRow[] {
  const groups = new Map<number, MeasuredRun[]>();
  for (const r of runs) groups.set(r.workers, [...(groups.get(r.workers) ?? []), r]);
  const rows = [...groups.entries()].map(([workers, rs]) => {
    const top = rs.reduce((a, b) => (b.peakMemoryMB > a.peakMemoryMB ? b : a));
    return { workers, seconds: median(rs.map((r) => r.seconds)), allSeconds: rs.map((r) => r.seconds), targets: rs[0].targets, runs: rs.length, peakMemoryMB: top.peakMemoryMB, memorySource: top.memorySource, backend: rs[0].backend, tensors: Math.max(...rs.map((r) => r.tensors)) };
  });
  const base = rows.find((r) => r.workers === 1) ?? rows[0];
  return rows.map((r) => {
    const speedup = base.seconds / r.seconds;
    return {
      workers: r.workers,
      seconds: r.seconds,
      runs: r.runs,
      allSeconds: r.allSeconds,
      speedup,
      efficiency: speedup / r.workers,
      targetsPerSecond: r.targets / r.seconds,
      peakMemoryMB: r.peakMemoryMB,
      memorySource: r.memorySource,
      backend: r.backend,
      tensors: r.tensors,
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
