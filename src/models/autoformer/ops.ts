/**
 * Differentiable building blocks that train on every backend (cpu, wasm, webgpu). Tensors are
 * time-major, [time, batch, channels]: every mixing along time is then one plain 2-D matMul
 * by a constant matrix, and every mixing along channels one matMul over [time·batch, channels].
 * Gradients of the matMuls are written out with explicit transposes: WASM's matMul with a
 * transposed operand is 4–6× slower than a plain one, and its batched matMul slower still.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The forward value of a custom op and its gradients (one per input). */
interface CustomResult {
  value: tf.Tensor;
  gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[];
}

/**
 * An op with a hand-written gradient (tf.customGrad with plain types): the ops inside `f` are
 * not taped, so the backward pass runs exactly the ops `gradFunc` names.
 */
export function customOp(f: (inputs: tf.Tensor[], save: tf.GradSaveFunc) => CustomResult): (...inputs: tf.Tensor[]) => tf.Tensor {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => f(args.slice(0, -1) as tf.Tensor[], args[args.length - 1] as tf.GradSaveFunc));
}

const t2 = (x: tf.Tensor) => x as tf.Tensor2D;

const matMulNoBias = customOp(([x, w], save) => {
  save([x, w]);
  return {
    value: tf.matMul(t2(x), t2(w)),
    gradFunc: (dy, [xs, ws]) => [tf.matMul(t2(dy), tf.transpose(t2(ws))), tf.matMul(tf.transpose(t2(xs)), t2(dy))],
  };
});

const matMulBias = customOp(([x, w, b], save) => {
  save([x, w]);
  return {
    value: tf.fused.matMul({ a: t2(x), b: t2(w), bias: b }),
    // The bias gradient as 1ᵀ·dy: a column sum by tf.sum transposes dy first.
    gradFunc: (dy, [xs, ws]) => [tf.matMul(t2(dy), tf.transpose(t2(ws))), tf.matMul(tf.transpose(t2(xs)), t2(dy)), tf.reshape(tf.matMul(tf.ones([1, dy.shape[0]]), t2(dy)), [dy.shape[1]!])],
  };
});

/** x [..., in] · w [in, out] (+ b [out]) over the last axis. */
export function linear(x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor): tf.Tensor {
  const shape = x.shape;
  const inDim = shape[shape.length - 1];
  const outDim = w.shape[1]!;
  const x2 = tf.reshape(x, [x.size / inDim, inDim]) as tf.Tensor2D;
  const y = b ? matMulBias(x2, w, b) : matMulNoBias(x2, w);
  return tf.reshape(y, [...shape.slice(0, -1), outDim]);
}

/** A constant matrix applied along time: y [rows, ...] = M [rows, L] · x [L, ...]. Owns its tensors (free them with dispose). */
export class TimeMatrix {
  readonly m: tf.Tensor2D;
  readonly mt: tf.Tensor2D;
  readonly #op: (x: tf.Tensor) => tf.Tensor;

  constructor(values: Float32Array, rows: number, cols: number) {
    // Kept: a network may build its constants lazily inside a tidy; dispose() frees them.
    this.m = tf.keep(tf.tensor2d(values, [rows, cols]));
    this.mt = tf.keep(tf.transpose(this.m));
    const m = this.m;
    const mt = this.mt;
    this.#op = customOp(([x]) => ({ value: tf.matMul(m, t2(x)), gradFunc: (dy) => [tf.matMul(mt, t2(dy))] }));
  }

  get rows(): number {
    return this.m.shape[0];
  }

  /** Applies the matrix to x [L, ...rest] → [rows, ...rest]. */
  apply(x: tf.Tensor): tf.Tensor {
    const [L, ...rest] = x.shape;
    const y = this.#op(tf.reshape(x, [L, x.size / L]));
    return tf.reshape(y, [this.rows, ...rest]);
  }

  dispose(): void {
    tf.dispose([this.m, this.mt]);
  }
}

/** x[t − shift] with wrap-around, along time (axis 0): the circular padding of a conv. */
export function rollTime(x: tf.Tensor, shift: number): tf.Tensor {
  const L = x.shape[0];
  const s = ((shift % L) + L) % L;
  if (s === 0) return x;
  const rest = x.shape.slice(1);
  const zero = rest.map(() => 0);
  return tf.concat([tf.slice(x, [L - s, ...zero], [s, ...rest]), tf.slice(x, [0, ...zero], [L - s, ...rest])], 0);
}

/** GELU (exact, erf form, as torch's default) or ReLU. */
export function activate(x: tf.Tensor, kind: 'gelu' | 'relu'): tf.Tensor {
  if (kind === 'relu') return tf.relu(x);
  const phi = tf.add(tf.mul(tf.erf(tf.mul(x, Math.SQRT1_2)), 0.5), 0.5);
  return tf.mul(x, phi);
}

/**
 * The reference's my_Layernorm: LayerNorm over channels, minus its mean over time (the
 * seasonal part should have none). x is [L, B, d].
 */
export function seasonalLayerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  const xh = tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), gamma), beta);
  return tf.sub(xh, tf.mean(xh, 0, true));
}

/** Inverted dropout with an explicit seed (training only): the same seeds give the same masks. */
export function dropout(x: tf.Tensor, rate: number, seed: number | null): tf.Tensor {
  if (rate <= 0 || seed === null) return x;
  return tf.dropout(x, rate, undefined, seed);
}
