import type { LoadedDataset } from '../data/parse-session';
import { perfRows, sameResults, type MeasuredRun, type PerfRow } from '../engine/perf';
import type { RunSpec } from '../engine/types';
import type { RunState, RunSummary } from './run.svelte';

/**
 * The Performance view: the same RunSpec with 1, 2, 4, … N workers. With repeats, the counts
 * run in turn (1, 2, 4, 1, 2, 4, …) so machine noise hits every count alike, and each row
 * shows the median time.
 */
export class PerfState {
  rows = $state.raw<PerfRow[]>([]);
  /** Whether every run produced the same forecasts (null before a comparison). */
  identical = $state<boolean | null>(null);
  /** Worker count being measured now (0 when idle). */
  current = $state(0);
  /** The untimed first run that starts and warms every worker: its time, for the record. */
  warmup = $state.raw<{ workers: number; seconds: number } | null>(null);
  #stop = false;

  /** Runs the comparison; each run uses a fresh pool. */
  async compare(run: RunState, data: LoadedDataset, spec: RunSpec, counts: number[], repeats = 1): Promise<void> {
    this.#stop = false;
    this.rows = [];
    this.identical = null;
    const measured: MeasuredRun[] = [];
    this.warmup = null;
    // Untimed: starts every worker and lets V8 compile the hot code in each, so the timed runs
    // compare warm workers with warm workers (the app reuses its workers between runs too).
    // V8 keeps optimising for a few seconds of work, so the warm-up is one untimed pass over
    // every count, widest first (which starts all the workers).
    const most = Math.max(...counts);
    let first: RunSummary | null = null;
    for (const workers of [most, ...counts.filter((c) => c !== most)]) {
      this.current = workers;
      const warm = await run.run(data, spec, workers);
      if (!warm || warm.records.some((r) => r.status !== 'done')) {
        this.current = 0;
        return;
      }
      if (!first) {
        first = warm;
        this.warmup = { workers, seconds: warm.seconds };
      }
    }
    let identical = true;
    for (let rep = 0; rep < repeats && !this.#stop; rep++) {
      for (const workers of counts) {
        if (this.#stop) break;
        this.current = workers;
        const summary = await run.run(data, spec, workers);
        if (!summary || summary.records.some((r) => r.status !== 'done')) {
          this.#stop = true;
          break;
        }
        first ??= summary;
        identical &&= sameResults(first.records, summary.records);
        measured.push({ workers, seconds: summary.seconds, targets: spec.targets.length, peakMemoryMB: summary.peakMemory.mb, memorySource: summary.peakMemory.source, backend: summary.choice.backend, tensors: summary.tensors.numTensors });
        this.rows = perfRows(measured);
      }
    }
    this.identical = measured.length > 1 ? identical : null;
    this.current = 0;
  }

  /** Stops after the run in progress. */
  stop(run: RunState): void {
    this.#stop = true;
    run.cancel();
  }
}
