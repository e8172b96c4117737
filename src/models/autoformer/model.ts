/**
 * The Autoformer network (thuml/Autoformer models/Autoformer.py, layers/Autoformer_EncDec.py),
 * written time-major: inputs are [L, B, C], marks [L, B, 4], the output [horizon, B, C].
 * Constant matrices (moving averages, DFT bases) live in the network and are freed by dispose().
 */
import * as tf from '@tensorflow/tfjs-core';
import { autoCorrelation } from './autocorrelation';
import { topK, type Architecture, type SpectralPath } from './config';
import { decompMatrix, decompose } from './decomp';
import { activate, dropout, linear, rollTime, seasonalLayerNorm, type TimeMatrix } from './ops';
import { makeSpectrum, type Spectrum } from './spectrum';

/** Parameter tensors by name (variables while training, plain tensors when forecasting). */
export type ParamTensors = Record<string, tf.Tensor>;

/** One batch, time-major. */
export interface NetInputs {
  /** [lookback, B, C] */
  xEnc: tf.Tensor;
  /** [lookback, B, 4] */
  marksEnc: tf.Tensor;
  /** [labelLen + horizon, B, 4] */
  marksDec: tf.Tensor;
}

/** Training uses batch-shared delays and dropout (seeded per site); inference per-sample delays. */
export interface RunMode {
  training: boolean;
  /** Next dropout seed (training only). */
  seed?: () => number;
}

/** Rows [from, from+len) along time. */
function timeSlice(x: tf.Tensor, from: number, len: number): tf.Tensor {
  const rest = x.shape.slice(1);
  return tf.slice(x, [from, ...rest.map(() => 0)], [len, ...rest]);
}

export class AutoformerNet {
  readonly #avg = new Map<number, TimeMatrix>();
  readonly #spec = new Map<number, Spectrum>();

  constructor(
    readonly arch: Architecture,
    readonly spectral: SpectralPath = 'auto',
  ) {}

  /** The decoder's length: label steps plus the horizon. */
  get decoderLength(): number {
    return this.arch.labelLen + this.arch.horizon;
  }

  /** Forecast [horizon, B, C] (z-scored) for a batch. */
  forward(p: ParamTensors, inp: NetInputs, mode: RunMode): tf.Tensor {
    const a = this.arch;
    const [Le, B, C] = inp.xEnc.shape;
    const { labelLen: lab, horizon: H } = a;
    const drop = (x: tf.Tensor) => dropout(x, a.dropout, mode.training && mode.seed ? mode.seed() : null);
    // Decoder inputs: the last label steps of the input's seasonal/trend parts, then zeros/its mean.
    const init = decompose(inp.xEnc, this.#decomp(Le));
    const mean = tf.mean(inp.xEnc, 0, true);
    const trendInit = tf.concat([timeSlice(init.trend, Le - lab, lab), tf.tile(mean, [H, 1, 1])], 0);
    const seasonalInit = tf.concat([timeSlice(init.seasonal, Le - lab, lab), tf.zeros([H, B, C])], 0);

    let enc = drop(this.#embed(inp.xEnc, inp.marksEnc, p, 'encEmb'));
    for (let i = 0; i < a.eLayers; i++) enc = this.#encoderLayer(enc, p, `enc${i}`, mode, drop);
    enc = seasonalLayerNorm(enc, p['encNorm.g'], p['encNorm.b']);

    let x = drop(this.#embed(seasonalInit, inp.marksDec, p, 'decEmb'));
    let trend = trendInit;
    for (let i = 0; i < a.dLayers; i++) {
      const out = this.#decoderLayer(x, enc, p, `dec${i}`, mode, drop);
      x = out.x;
      trend = tf.add(trend, out.trend);
    }
    const seasonal = linear(seasonalLayerNorm(x, p['decNorm.g'], p['decNorm.b']), p['proj.w'], p['proj.b']);
    return timeSlice(tf.add(trend, seasonal), lab, H);
  }

  /** Frees the constant matrices. */
  dispose(): void {
    for (const m of this.#avg.values()) m.dispose();
    for (const s of this.#spec.values()) s.dispose();
    this.#avg.clear();
    this.#spec.clear();
  }

  /** Creates every constant for both lengths now (outside any tidy that would free them). */
  prepare(): void {
    for (const L of [this.arch.lookback, this.decoderLength]) {
      this.#decomp(L);
      this.#spectrum(L);
    }
  }

  #decomp(L: number): TimeMatrix {
    let m = this.#avg.get(L);
    if (!m) this.#avg.set(L, (m = decompMatrix(L, this.arch.movingAvg)));
    return m;
  }

  #spectrum(L: number): Spectrum {
    let s = this.#spec.get(L);
    if (!s) this.#spec.set(L, (s = makeSpectrum(L, this.spectral)));
    return s;
  }

  /** Token conv (k=3, circular) plus the timeF linear, as one matMul over [x(t−1), x(t), x(t+1), marks]. */
  #embed(x: tf.Tensor, marks: tf.Tensor, p: ParamTensors, name: string): tf.Tensor {
    const input = tf.concat([rollTime(x, 1), x, rollTime(x, -1), marks], 2);
    return linear(input, tf.concat([p[`${name}.token`], p[`${name}.time`]], 0));
  }

  #attention(xq: tf.Tensor, xkv: tf.Tensor, p: ParamTensors, name: string, mode: RunMode): tf.Tensor {
    const L = xq.shape[0];
    const q = linear(xq, p[`${name}.q.w`], p[`${name}.q.b`]);
    const k = linear(xkv, p[`${name}.k.w`], p[`${name}.k.b`]);
    const v = linear(xkv, p[`${name}.v.w`], p[`${name}.v.b`]);
    const out = autoCorrelation(q, k, v, this.#spectrum(L), topK(this.arch.factor, L), mode.training);
    return linear(out, p[`${name}.o.w`], p[`${name}.o.b`]);
  }

  /** Conv1d(d → d_ff, k=1) → activation → Conv1d(d_ff → d), both without bias. */
  #ffn(x: tf.Tensor, p: ParamTensors, name: string, drop: (x: tf.Tensor) => tf.Tensor): tf.Tensor {
    const h = drop(activate(linear(x, p[`${name}.ff1`]), this.arch.activation));
    return drop(linear(h, p[`${name}.ff2`]));
  }

  #encoderLayer(x: tf.Tensor, p: ParamTensors, name: string, mode: RunMode, drop: (x: tf.Tensor) => tf.Tensor): tf.Tensor {
    const avg = this.#decomp(x.shape[0]);
    const s1 = decompose(tf.add(x, drop(this.#attention(x, x, p, `${name}.attn`, mode))), avg).seasonal;
    return decompose(tf.add(s1, this.#ffn(s1, p, name, drop)), avg).seasonal;
  }

  #decoderLayer(x: tf.Tensor, cross: tf.Tensor, p: ParamTensors, name: string, mode: RunMode, drop: (x: tf.Tensor) => tf.Tensor): { x: tf.Tensor; trend: tf.Tensor } {
    const avg = this.#decomp(x.shape[0]);
    const d1 = decompose(tf.add(x, drop(this.#attention(x, x, p, `${name}.self`, mode))), avg);
    const d2 = decompose(tf.add(d1.seasonal, drop(this.#attention(d1.seasonal, cross, p, `${name}.cross`, mode))), avg);
    const d3 = decompose(tf.add(d2.seasonal, this.#ffn(d2.seasonal, p, name, drop)), avg);
    return { x: d3.seasonal, trend: this.#trendProjection(tf.add(tf.add(d1.trend, d2.trend), d3.trend), p[`${name}.trend`]) };
  }

  /** Conv1d(d → C, k=3, circular, no bias): project each tap, then shift the small outputs. */
  #trendProjection(t: tf.Tensor, w: tf.Tensor): tf.Tensor {
    const [L, B] = t.shape;
    const C = this.arch.channels;
    const z = linear(t, w);
    const tap = (j: number) => tf.slice(z, [0, 0, j * C], [L, B, C]);
    return tf.add(tf.add(rollTime(tap(0), 1), tap(1)), rollTime(tap(2), -1));
  }
}
