import * as tf from '@tensorflow/tfjs-core';
import { Mulberry32, shuffle } from '../common/rng';
import { registerGradients } from '../tfjs/runtime';
import { throwIfAborted, type FitOptions } from '../types';

/** A regression problem: `rows` inputs of `cols` features (row-major) and `outputs` targets each. */
export interface Design {
  x: Float32Array;
  y: Float32Array;
  rows: number;
  cols: number;
  outputs: number;
}

/** Adam with the LTSF reference schedule. */
export interface AdamSchedule {
  epochs: number;
  learningRate: number;
  batchSize: number;
  patience: number;
  /** Fan-in of the initialisation: weights start uniform in ±1/√fanIn (PyTorch nn.Linear). */
  fanIn: number;
}

/**
 * Fits W (cols × outputs) to minimise the MSE of X·W against Y with Adam: lr halved every
 * epoch, early stopping on the validation loss (patience), best weights restored. The
 * gradient 2/(b·h)·Xᵀ(XW − Y) is written out, so one step is a handful of tensor ops: on a
 * worker pool the per-op allocations, not the arithmetic, are what compete for the cores.
 * Losses are read asynchronously once per epoch; every tensor is freed before returning.
 */
export async function fitByAdam(train: Design, val: Design | null, o: AdamSchedule, fit: FitOptions): Promise<Float32Array> {
  await registerGradients();
  const { cols, outputs } = train;
  const rand = new Mulberry32(fit.seed);
  const init = new Float32Array(cols * outputs);
  const a = 1 / Math.sqrt(o.fanIn);
  for (let i = 0; i < init.length; i++) init[i] = (rand.next() * 2 - 1) * a;
  // Inside tidy: a variable shares its initial tensor's data, and tidy frees the initial tensor.
  const w = tf.tidy(() => tf.variable(tf.tensor2d(init, [cols, outputs])));
  // Losses are measured on the validation windows, or on the training ones when there are none.
  const check = val && val.rows > 0 ? val : train;
  const xv = tf.tensor2d(check.x, [check.rows, cols]);
  const yv = tf.tensor2d(check.y, [check.rows, outputs]);
  const optimizer = tf.train.adam(o.learningRate);
  const order = new Int32Array(train.rows).map((_, i) => i);
  // The epoch's shuffled copy lives in JS memory and each batch is uploaded as a small tensor:
  // slicing or gathering a big tensor on the WASM backend copies all of it out of the heap.
  const xs = new Float32Array(train.x.length);
  const ys = new Float32Array(train.y.length);
  const xt = new Float32Array(o.batchSize * cols);
  let best: { loss: number; w: tf.Tensor | null } = { loss: Infinity, w: null };
  let stale = 0;
  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      throwIfAborted(fit.signal);
      // LTSF "type1" schedule; tfjs reads the (protected) field on every step.
      (optimizer as unknown as { learningRate: number }).learningRate = o.learningRate * 0.5 ** epoch;
      shuffle(order, rand);
      for (let k = 0; k < train.rows; k++) {
        const r = order[k];
        xs.set(train.x.subarray(r * cols, (r + 1) * cols), k * cols);
        ys.set(train.y.subarray(r * outputs, (r + 1) * outputs), k * outputs);
      }
      for (let s = 0; s < train.rows; s += o.batchSize) {
        const b = Math.min(o.batchSize, train.rows - s);
        const batch = xs.subarray(s * cols, (s + b) * cols);
        // Xᵀ is built here too: the WASM matMul with transposeA is ~7× slower than a plain one.
        for (let i = 0; i < b; i++) for (let j = 0; j < cols; j++) xt[j * b + i] = batch[i * cols + j];
        tf.tidy(() => {
          const err = tf.sub(tf.matMul(tf.tensor2d(batch, [b, cols]), w), tf.tensor2d(ys.subarray(s * outputs, (s + b) * outputs), [b, outputs]));
          const grad = tf.mul(tf.matMul(tf.tensor2d(xt.subarray(0, b * cols), [cols, b]), err), 2 / (b * outputs));
          optimizer.applyGradients([{ name: w.name, tensor: grad }]);
        });
      }
      const loss = await mse(xv, yv, w);
      fit.onProgress?.({ done: epoch + 1, total: o.epochs, loss });
      if (loss < best.loss - 1e-7) {
        best.w?.dispose();
        best = { loss, w: tf.clone(w) };
        stale = 0;
      } else if (++stale >= o.patience) {
        break;
      }
    }
    return (await (best.w ?? w).data()) as Float32Array;
  } finally {
    best.w?.dispose();
    optimizer.dispose();
    tf.dispose([w, xv, yv]);
  }
}

/** Mean squared error of X·W against Y, read without blocking. */
async function mse(x: tf.Tensor2D, y: tf.Tensor2D, w: tf.Variable): Promise<number> {
  const t = tf.tidy(() => tf.mean(tf.squaredDifference(tf.matMul(x, w as tf.Tensor2D), y)));
  const value = (await t.data())[0];
  t.dispose();
  return value;
}
