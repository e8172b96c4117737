import type { LoadedDataset } from '../data/parse-session';
import { perfRows, sameResults, type MeasuredRun, type PerfRow } from '../engine/perf';
import type { RunSpec } from '../engine/types';
import type { RunState, RunSummary } from './run.svelte';

/** The Performance view: the same RunSpec with 1, 2, 4, … N workers, timed one after another. */
export class PerfState {
  rows = $state.raw<PerfRow[]>([]);
  /** Whether every worker count produced the same forecasts (null before a comparison). */
  identical = $state<boolean | null>(null);
  /** Worker count being measured now (0 when idle). */
  current = $state(0);
  #stop = false;

  /** Runs the comparison; each count runs the full spec on a fresh pool. */
  async compare(run: RunState, data: LoadedDataset, spec: RunSpec, counts: number[]): Promise<void> {
    this.#stop = false;
    this.rows = [];
    this.identical = null;
    const measured: MeasuredRun[] = [];
    let first: RunSummary | null = null;
    let identical = true;
    for (const workers of counts) {
      if (this.#stop) break;
      this.current = workers;
      const summary = await run.run(data, spec, workers);
      if (!summary || summary.records.some((r) => r.status !== 'done')) break;
      first ??= summary;
      identical &&= sameResults(first.records, summary.records);
      measured.push({ workers, seconds: summary.seconds, targets: spec.targets.length, peakMemoryMB: summary.peakMemory.mb, memorySource: summary.peakMemory.source, backend: summary.choice.backend });
      this.rows = perfRows(measured);
    }
    this.identical = measured.length > 1 ? identical : null;
    this.current = 0;
  }

  /** Stops after the worker count being measured. */
  stop(run: RunState): void {
    this.#stop = true;
    run.cancel();
  }
}
