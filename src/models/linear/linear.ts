import type { FitOptions, Forecast, Forecaster, ModelState, TrainingData } from '../types';
import { borrow, release } from '../common/scratch';
import { fitScaler, scale, slidingWindows, type Scaler, type Windows } from '../common/windows';
import { fitByAdamJs } from './adam';
import { featureWidth, writeFeatures, type LinearVariant } from './features';
import { fitRidge, normalOfDesign } from './ridge';
import { sharedNormal } from './shared';
import type { Design } from './train';

export type { LinearVariant } from './features';

/** Training settings; defaults follow the LTSF-Linear ETTh1 scripts. */
export interface LinearOptions {
  variant: LinearVariant;
  epochs: number;
  learningRate: number;
  batchSize: number;
  patience: number;
  /** Share of the series (the latest part) whose windows are held out for early stopping. */
  validation: number;
  /** Moving-average kernel of DLinear's decomposition. */
  kernel: number;
  /** Where Adam runs: plain TypeScript (fast for these small maps) or TensorFlow.js (any backend). */
  engine: 'js' | 'tfjs';
  /** How the map is fitted: Adam (the reference recipe) or closed-form ridge with λ chosen on validation. */
  fit: 'adam' | 'ridge';
}

/** Defaults of the reference scripts (lr 0.005, batch 32, 10 epochs, patience 3, kernel 25). */
export const LINEAR_DEFAULTS: Omit<LinearOptions, 'variant'> = { epochs: 10, learningRate: 0.005, batchSize: 32, patience: 3, validation: 0.15, kernel: 25, engine: 'js', fit: 'adam' };

/** The fitted map: `weights` is (features + 1) × horizon, row-major, the last row being the bias. */
interface Fitted {
  lookback: number;
  horizon: number;
  weights: Float32Array;
  scaler: Scaler;
}

/**
 * A linear map from the last `lookback` values to the next `horizon`. DLinear's two maps
 * (seasonal and trend, each with a bias) are one map over [seasonal | trend | 1]; NLinear's
 * is a map over [x − last | 1] predicting y − last. Trained with Adam, in plain TypeScript
 * by default or in tfjs on any backend; forecasting is a dot product and needs no tensors.
 */
export class LinearForecaster implements Forecaster {
  readonly kind: LinearVariant;
  readonly options: LinearOptions;
  #fitted: Fitted | null = null;

  constructor(options: Partial<LinearOptions> & { variant: LinearVariant }) {
    this.options = { ...LINEAR_DEFAULTS, ...options };
    this.kind = options.variant;
  }

  async fit(data: TrainingData, opts: FitOptions): Promise<void> {
    const { lookback: L, horizon: H } = opts;
    const n = data.y.length;
    const valFrom = Math.max(L, Math.floor(n * (1 - this.options.validation)));
    const scaler = fitScaler(data.y, valFrom);
    const z = scale(data.y, scaler);
    // Train targets end before the validation part starts; validation targets start after.
    const train = slidingWindows(z, L, H, L, valFrom - H + 1, borrow);
    const val = slidingWindows(z, L, H, valFrom, n, borrow);
    const designs = [this.#design(train), val.count > 0 ? this.#design(val) : null];
    release(train.x, train.y, val.x, val.y);
    try {
      if (train.count < 1) throw new Error(`Too little data: ${n} values give no training window of ${L}+${H} steps.`);
      if (this.options.fit === 'ridge') {
        // A complete series takes the O(N·(L+H)) Gram recursion; gaps need the window-by-window sums.
        const spec = { variant: this.kind, kernel: this.options.kernel, lookback: L, horizon: H };
        const complete = z.every(Number.isFinite);
        const normal = (d: Design | null, range: [number, number]) => (!d ? null : complete ? sharedNormal(spec, [z], range) : normalOfDesign(d));
        const weights = Float32Array.from(fitRidge(normal(designs[0], [L, valFrom - H + 1])!, normal(designs[1], [valFrom, n])).weights);
        this.#fitted = { lookback: L, horizon: H, weights, scaler };
        return;
      }
      const { epochs, learningRate, batchSize, patience } = this.options;
      const fitWith = this.options.engine === 'tfjs' ? (await import('./train')).fitByAdam : fitByAdamJs;
      const weights = await fitWith(designs[0]!, designs[1], { epochs, learningRate, batchSize, patience, fanIn: L }, opts);
      this.#fitted = { lookback: L, horizon: H, weights, scaler };
    } finally {
      for (const d of designs) if (d) release(d.x, d.y);
    }
  }

  predict(h: number, context: TrainingData): Forecast {
    const f = this.#fitted;
    if (!f) throw new Error('predict() before fit()');
    const z = scale(context.y.subarray(context.y.length - f.lookback), f.scaler);
    if (z.length < f.lookback || z.some((v) => !Number.isFinite(v))) throw new Error(`The last ${f.lookback} values must be present to forecast.`);
    const x = Float32Array.from(z);
    const row = this.#features(x, 0, f.lookback);
    const cols = row.length;
    const base = this.kind === 'nlinear' ? x[f.lookback - 1] : 0;
    const out = new Float64Array(h).fill(NaN);
    for (let k = 0; k < Math.min(h, f.horizon); k++) {
      let s = base;
      for (let j = 0; j < cols; j++) s += row[j] * f.weights[j * f.horizon + k];
      out[k] = s * f.scaler.std + f.scaler.mean;
    }
    return { mean: out };
  }

  serialize(): ModelState {
    if (!this.#fitted) throw new Error('serialize() before fit()');
    return { kind: this.kind, version: 2, params: { options: this.options, ...this.#fitted } };
  }

  /** Restores a fitted model from `serialize()` output. */
  static fromState(state: ModelState): LinearForecaster {
    const p = state.params as unknown as Fitted & { options: LinearOptions };
    const m = new LinearForecaster(p.options);
    m.#fitted = { lookback: p.lookback, horizon: p.horizon, weights: p.weights, scaler: p.scaler };
    return m;
  }

  dispose(): void {}

  /** Every window's features and targets as a regression design, written in place. */
  #design(w: Windows): Design {
    const L = w.lookback;
    const H = w.horizon;
    const cols = this.#width(L);
    const x = borrow(w.count * cols);
    const y = borrow(w.y.length);
    y.set(w.y);
    for (let k = 0; k < w.count; k++) {
      this.#writeFeatures(w.x, k * L, L, x, k * cols);
      if (this.kind === 'nlinear') {
        const last = w.x[k * L + L - 1];
        for (let j = 0; j < H; j++) y[k * H + j] -= last;
      }
    }
    return { x, y, rows: w.count, cols, outputs: H };
  }

  /** One window's features (a new array; for forecasting). */
  #features(x: Float32Array, offset: number, L: number): Float32Array {
    const out = new Float32Array(this.#width(L));
    this.#writeFeatures(x, offset, L, out, 0);
    return out;
  }

  /** Features per window: 2L + 1 for DLinear, L + 1 for NLinear. */
  #width(L: number): number {
    return featureWidth(this.kind, L);
  }

  /** Writes one window's features at `out[at..]` (see `writeFeatures`). */
  #writeFeatures(x: Float32Array, offset: number, L: number, out: Float32Array, at: number): void {
    writeFeatures(this.kind, this.options.kernel, x, offset, L, out, at);
  }
}
