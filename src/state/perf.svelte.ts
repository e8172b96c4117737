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
  #stop = false;

  /** Runs the comparison; each run uses a fresh pool. */
  async compare(run: RunState, data: LoadedDataset, spec: RunSpec, counts: number[], repeats = 1): Promise<void> {
    this.#stop = false;
    this.rows = [];
    this.identical = null;
    const measured: MeasuredRun[] = [];
    let first: RunSummary | null = null;
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
        measured.push({ workers, seconds: summary.seconds, targets: spec.targets.length, peakMemoryMB: summary.peakMemory.mb, memorySource: summary.peakMemory.source, backend: summary.choice.backend });
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
