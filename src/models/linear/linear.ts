import type { FitOptions, Forecast, Forecaster, ModelState, TrainingData } from '../types';
import { movingAverage } from '../common/decompose';
import { fitScaler, scale, slidingWindows, type Scaler } from '../common/windows';
import { trainLinear, type LinearWeights } from './train';

/** DLinear (trend + seasonal maps) or NLinear (last-value normalised map), after Zeng et al. 2023. */
export type LinearVariant = 'dlinear' | 'nlinear';

/** Training settings; defaults follow the LTSF-Linear ETTh1 scripts. */
export interface LinearOptions {
  variant: LinearVariant;
  epochs: number;
  learningRate: number;
  batchSize: number;
  patience: number;
  /** Share of the windows (the latest ones) held out for early stopping. */
  validation: number;
  /** Moving-average kernel of DLinear's decomposition. */
  kernel: number;
}

/** Defaults of the reference scripts (lr 0.005, batch 32, 10 epochs, patience 3, kernel 25). */
export const LINEAR_DEFAULTS: Omit<LinearOptions, 'variant'> = { epochs: 10, learningRate: 0.005, batchSize: 32, patience: 3, validation: 0.15, kernel: 25 };

/** A linear map from the last `lookback` values to the next `horizon`, trained with Adam in tfjs. */
export class LinearForecaster implements Forecaster {
  readonly kind: LinearVariant;
  readonly options: LinearOptions;
  #w: LinearWeights | null = null;
  #scaler: Scaler = { mean: 0, std: 1 };

  constructor(options: Partial<LinearOptions> & { variant: LinearVariant }) {
    this.options = { ...LINEAR_DEFAULTS, ...options };
    this.kind = options.variant;
  }

  async fit(data: TrainingData, opts: FitOptions): Promise<void> {
    const { lookback: L, horizon: H } = opts;
    const n = data.y.length;
    const valFrom = Math.max(L, Math.floor(n * (1 - this.options.validation)));
    this.#scaler = fitScaler(data.y, valFrom);
    const z = scale(data.y, this.#scaler);
    // Train targets end before the validation part starts; validation targets start after.
    const train = slidingWindows(z, L, H, L, valFrom - H + 1);
    const val = slidingWindows(z, L, H, valFrom, n);
    if (train.count < 1) throw new Error(`Too little data: ${n} values give no training window of ${L}+${H} steps.`);
    this.#w = await trainLinear(this.#features(train.x, train.count, L), train, this.#features(val.x, val.count, L), val, this.options, opts);
  }

  predict(h: number, context: TrainingData): Forecast {
    const w = this.#w;
    if (!w) throw new Error('predict() before fit()');
    const L = w.lookback;
    const H = w.horizon;
    const z = scale(context.y.subarray(context.y.length - L), this.#scaler);
    if (z.length < L || z.some((v) => !Number.isFinite(v))) throw new Error(`The last ${L} values must be present to forecast.`);
    const features = this.#features(Float32Array.from(z), 1, L);
    const out = new Float64Array(h);
    const step = predictWindow(w, features);
    for (let k = 0; k < h; k++) out[k] = (k < H ? step[k] : NaN) * this.#scaler.std + this.#scaler.mean;
    return { mean: out };
  }

  serialize(): ModelState {
    if (!this.#w) throw new Error('serialize() before fit()');
    return { kind: this.kind, version: 1, params: { options: this.options, scaler: this.#scaler, ...this.#w } };
  }

  /** Restores a fitted model from `serialize()` output. */
  static fromState(state: ModelState): LinearForecaster {
    const p = state.params as unknown as LinearWeights & { options: LinearOptions; scaler: Scaler };
    const m = new LinearForecaster(p.options);
    m.#scaler = p.scaler;
    m.#w = { lookback: p.lookback, horizon: p.horizon, blocks: p.blocks, wa: p.wa, wb: p.wb, bias: p.bias };
    return m;
  }

  dispose(): void {}

  /**
   * The model's inputs per window: DLinear takes [seasonal | trend]; NLinear takes
   * [x − last] plus the last value carried in a second block so the map can add it back.
   */
  #features(x: Float32Array, count: number, L: number): Float32Array {
    const out = new Float32Array(count * 2 * L);
    const trend = new Float32Array(L);
    for (let k = 0; k < count; k++) {
      const row = k * L;
      const o = k * 2 * L;
      if (this.kind === 'dlinear') {
        movingAverage(x, row, L, this.options.kernel, trend);
        for (let j = 0; j < L; j++) {
          out[o + j] = x[row + j] - trend[j];
          out[o + L + j] = trend[j];
        }
      } else {
        const last = x[row + L - 1];
        for (let j = 0; j < L; j++) out[o + j] = x[row + j] - last;
        out[o + 2 * L - 1] = last;
      }
    }
    return out;
  }
}

/** One window's scaled forecast from its features (pure JS: inference needs no tensors). */
function predictWindow(w: LinearWeights, f: Float32Array): Float64Array {
  const { lookback: L, horizon: H } = w;
  const out = new Float64Array(H);
  for (let h = 0; h < H; h++) {
    let s = w.bias[h];
    for (let j = 0; j < L; j++) s += f[j] * w.wa[j * H + h];
    if (w.blocks === 2) for (let j = 0; j < L; j++) s += f[L + j] * w.wb[j * H + h];
    else s += f[2 * L - 1]; // NLinear adds the last value back
    out[h] = s;
  }
  return out;
}
