import type { Forecaster } from '../models/types';
import type { Job } from './types';

/**
 * Fitted models a worker keeps for the backtest folds that reuse them ("refit every k"):
 * a few, least recently used first out, disposed (tensors freed) when evicted or cleared.
 */
export class FitCache {
  readonly #fits = new Map<string, Forecaster>();
  constructor(readonly capacity = 4) {}

  /** Identifies a fit: same series, model, options, training rows and seed give the same model. */
  static key(job: Job): string {
    return `${job.column}|${job.model.kind}|${JSON.stringify(job.model.options ?? {})}|${job.trainStart}|${job.fitCutoff}|${job.seed}|${job.driverColumns.join(',')}|${job.lookback}|${job.horizon}`;
  }

  get(key: string): Forecaster | undefined {
    const m = this.#fits.get(key);
    if (m) {
      this.#fits.delete(key);
      this.#fits.set(key, m);
    }
    return m;
  }

  /** Keeps a fit; returns false (and keeps nothing) when it is already there. */
  put(key: string, model: Forecaster): boolean {
    if (this.#fits.has(key)) return false;
    this.#fits.set(key, model);
    while (this.#fits.size > this.capacity) {
      const [oldest, m] = this.#fits.entries().next().value!;
      this.#fits.delete(oldest);
      m.dispose();
    }
    return true;
  }

  get size(): number {
    return this.#fits.size;
  }

  clear(): void {
    for (const m of this.#fits.values()) m.dispose();
    this.#fits.clear();
  }
}
