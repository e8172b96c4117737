import type { FitOptions, Forecast, Forecaster, ModelState, TrainingData } from '../types';

/** Index of the last finite value of a series at or before `end` (exclusive), or -1. */
export function lastFinite(y: Float64Array, end = y.length): number {
  for (let i = end - 1; i >= 0; i--) if (Number.isFinite(y[i])) return i;
  return -1;
}

/** Repeats the last observed value: the honest floor every model must beat. */
export class Naive implements Forecaster {
  readonly kind: string = 'naive';
  async fit(_data: TrainingData, _opts: FitOptions): Promise<void> {}
  predict(h: number, context: TrainingData): Forecast {
    const i = lastFinite(context.y);
    return { mean: new Float64Array(h).fill(i < 0 ? NaN : context.y[i]) };
  }
  serialize(): ModelState {
    return { kind: this.kind, version: 1, params: {} };
  }
  dispose(): void {}
}

/** Repeats the last observed season (period from the check-up; falls back to naive without one). */
export class SeasonalNaive implements Forecaster {
  readonly kind = 'seasonal-naive';
  #period = 1;
  constructor(period?: number) {
    if (period) this.#period = period;
  }
  async fit(data: TrainingData, _opts: FitOptions): Promise<void> {
    const p = data.period ?? 1;
    this.#period = p >= 2 && p * 2 <= data.y.length ? p : 1;
  }
  predict(h: number, context: TrainingData): Forecast {
    const y = context.y;
    const p = this.#period;
    const mean = new Float64Array(h);
    const fallback = lastFinite(y);
    for (let k = 0; k < h; k++) {
      // The value one (or more) whole seasons before the target step, skipping missing ones.
      let i = y.length - p + (k % p);
      while (i >= 0 && !Number.isFinite(y[i])) i -= p;
      mean[k] = i >= 0 ? y[i] : fallback >= 0 ? y[fallback] : NaN;
    }
    return { mean };
  }
  serialize(): ModelState {
    return { kind: this.kind, version: 1, params: { period: this.#period } };
  }
  dispose(): void {}
}

/** The last value plus the average change over the history (a straight line from first to last). */
export class Drift implements Forecaster {
  readonly kind = 'drift';
  #slope = 0;
  async fit(data: TrainingData, _opts: FitOptions): Promise<void> {
    this.#slope = driftSlope(data.y);
  }
  predict(h: number, context: TrainingData): Forecast {
    const i = lastFinite(context.y);
    const mean = new Float64Array(h);
    for (let k = 0; k < h; k++) mean[k] = i < 0 ? NaN : context.y[i] + this.#slope * (context.y.length - i + k);
    return { mean };
  }
  serialize(): ModelState {
    return { kind: this.kind, version: 1, params: { slope: this.#slope } };
  }
  /** Restores a fitted drift model. */
  static fromState(state: ModelState): Drift {
    const m = new Drift();
    m.#slope = Number(state.params.slope);
    return m;
  }
  dispose(): void {}
}

/** Average step between the first and the last finite value. */
function driftSlope(y: Float64Array): number {
  let first = -1;
  for (let i = 0; i < y.length; i++) {
    if (Number.isFinite(y[i])) {
      first = i;
      break;
    }
  }
  const last = lastFinite(y);
  return first >= 0 && last > first ? (y[last] - y[first]) / (last - first) : 0;
}
