/**
 * Autoformer as a Forecaster: univariate — the target alone; drivers are ignored (the
 * reference's multivariate mode would have to forecast them too, and the bench's channel
 * setting covers that use) — z-scored on the training part and trained in tfjs on whatever
 * backend the worker started. The fitted model holds plain arrays only: no tensor outlives
 * fit() or predict().
 */
import { fitScaler, scale, type Scaler } from '../common/windows';
import type { FitOptions, Forecast, Forecaster, ModelState, TrainingData } from '../types';
import * as tf from '@tensorflow/tfjs-core';
import { windowOrigins, type SeriesSet } from './batches';
import { architecture, resolveOptions, type Architecture, type AutoformerOptions } from './config';
import { weightTensors } from './infer';
import { AutoformerNet } from './model';
import { initWeights, type Weights } from './params';
import { futureFeatures, MARKS, timeFeatures } from './time-features';
import { trainAutoformer, type TrainReport } from './train';

interface Fitted {
  arch: Architecture;
  weights: Weights;
  scaler: Scaler;
  report: TrainReport;
}

export class AutoformerForecaster implements Forecaster {
  readonly kind = 'autoformer';
  readonly options: AutoformerOptions;
  #fitted: Fitted | null = null;

  constructor(options: Partial<AutoformerOptions> = {}) {
    this.options = resolveOptions(options);
  }

  /** Epoch log of the last fit (or of the restored one). */
  get report(): TrainReport | null {
    return this.#fitted?.report ?? null;
  }

  async fit(data: TrainingData, opts: FitOptions): Promise<void> {
    const { lookback: L, horizon: H } = opts;
    const arch = architecture(this.options, 1, L, H);
    const n = data.y.length;
    // The latest share of the series is held out for early stopping, and the scaler never sees it.
    const valFrom = Math.max(L, Math.floor(n * (1 - this.options.validation)));
    const scaler = fitScaler(data.y, valFrom);
    const set: SeriesSet = { channels: [scale(data.y, scaler)], marks: timeFeatures(data.time) };
    const shape = { lookback: L, labelLen: arch.labelLen, horizon: H };
    const train = windowOrigins(set, shape, L, valFrom - H + 1);
    const val = windowOrigins(set, shape, valFrom, n);
    if (train.length < 1) throw new Error(`Too little data: ${n} values give no training window of ${L}+${H} steps.`);
    const net = new AutoformerNet(arch, this.options.spectral);
    try {
      const { weights, report } = await trainAutoformer(net, initWeights(arch, opts.seed), { set, train, val }, this.options, opts);
      this.#fitted = { arch, weights, scaler, report };
    } finally {
      net.dispose();
    }
  }

  async predict(h: number, context: TrainingData): Promise<Forecast> {
    const f = this.#fitted;
    if (!f) throw new Error('predict() before fit()');
    const { lookback: L, labelLen: lab, horizon: H } = f.arch;
    const n = context.y.length;
    const z = scale(context.y.subarray(Math.max(0, n - L)), f.scaler);
    if (z.length < L || z.some((v) => !Number.isFinite(v))) throw new Error(`The last ${L} values must be present to forecast.`);
    const times = context.time.subarray(n - L);
    const marksEnc = timeFeatures(times);
    const marksDec = new Float32Array((lab + H) * MARKS);
    marksDec.set(marksEnc.subarray((L - lab) * MARKS));
    marksDec.set(futureFeatures(times, H), lab * MARKS);
    const net = new AutoformerNet(f.arch, this.options.spectral);
    let values: Float32Array;
    try {
      const y = tf.tidy(() => {
        const inputs = { xEnc: tf.tensor3d(Float32Array.from(z), [L, 1, 1]), marksEnc: tf.tensor3d(marksEnc, [L, 1, MARKS]), marksDec: tf.tensor3d(marksDec, [lab + H, 1, MARKS]) };
        return net.forward(weightTensors(net, f.weights), inputs, { training: false });
      });
      // Never dataSync: WebGPU's synchronous read goes through a canvas and corrupted forecasts
      // by up to 28 % under SwiftShader; the asynchronous read is exact.
      try {
        values = (await y.data()) as Float32Array;
      } finally {
        y.dispose();
      }
    } finally {
      net.dispose();
    }
    const out = new Float64Array(h).fill(NaN);
    for (let k = 0; k < Math.min(h, H); k++) out[k] = values[k] * f.scaler.std + f.scaler.mean;
    return { mean: out };
  }

  serialize(): ModelState {
    const f = this.#fitted;
    if (!f) throw new Error('serialize() before fit()');
    return { kind: this.kind, version: 1, params: { options: { ...this.options }, arch: { ...f.arch }, weights: { ...f.weights }, scaler: { ...f.scaler }, report: f.report } };
  }

  /** Restores a fitted model from `serialize()` output. */
  static fromState(state: ModelState): AutoformerForecaster {
    const p = state.params as unknown as { options: AutoformerOptions } & Fitted;
    const m = new AutoformerForecaster(p.options);
    m.#fitted = { arch: p.arch, weights: p.weights, scaler: p.scaler, report: p.report };
    return m;
  }

  /** Nothing to free: weights are plain arrays between calls. */
  dispose(): void {}
}
