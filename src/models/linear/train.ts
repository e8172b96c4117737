import * as tf from '@tensorflow/tfjs-core';
import { mulberry32, shuffle } from '../common/rng';
import { throwIfAborted, type FitOptions } from '../types';
import type { Windows } from '../common/windows';
import { registerGradients } from '../tfjs/runtime';
import type { LinearOptions } from './linear';

/** Fitted weights as plain arrays (row-major lookback × horizon). */
export interface LinearWeights {
  lookback: number;
  horizon: number;
  /** 2 for DLinear (seasonal and trend maps), 1 for NLinear. */
  blocks: 1 | 2;
  wa: Float32Array;
  wb: Float32Array;
  bias: Float32Array;
}

/** Uniform(−1/√L, 1/√L), PyTorch's nn.Linear initialisation, from a seeded stream. */
function initWeights(n: number, L: number, rand: () => number): Float32Array {
  const a = 1 / Math.sqrt(L);
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) w[i] = (rand() * 2 - 1) * a;
  return w;
}

/**
 * Adam on MSE with the reference schedule: lr halved every epoch, early stopping on the
 * validation loss (patience), best weights restored. Every step runs in tf.tidy, losses are
 * read asynchronously once per epoch, and every tensor is disposed before returning.
 */
export async function trainLinear(features: Float32Array, train: Windows, valFeatures: Float32Array, val: Windows, o: LinearOptions, fit: FitOptions): Promise<LinearWeights> {
  const L = train.lookback;
  const H = train.horizon;
  await registerGradients();
  const blocks: 1 | 2 = o.variant === 'dlinear' ? 2 : 1;
  const rand = mulberry32(fit.seed);
  // Inside tidy: a variable shares its initial tensor's data, and tidy frees the initial tensor.
  const wa = tf.tidy(() => tf.variable(tf.tensor2d(initWeights(L * H, L, rand), [L, H])));
  const wb = tf.tidy(() => tf.variable(tf.tensor2d(blocks === 2 ? initWeights(L * H, L, rand) : new Float32Array(L * H), [L, H]), blocks === 2));
  const bias = tf.tidy(() => tf.variable(tf.tensor1d(initWeights(H, L, rand))));
  const vars = blocks === 2 ? [wa, wb, bias] : [wa, bias];
  const data = tf.tidy(() => {
    const f = tf.tensor2d(features, [train.count, 2 * L]);
    return { a: tf.slice(f, [0, 0], [-1, L]), b: tf.slice(f, [0, L], [-1, L]), y: tf.tensor2d(train.y, [train.count, H]) };
  });
  const valData = val.count > 0 ? tf.tidy(() => {
    const f = tf.tensor2d(valFeatures, [val.count, 2 * L]);
    return { a: tf.slice(f, [0, 0], [-1, L]), b: tf.slice(f, [0, L], [-1, L]), y: tf.tensor2d(val.y, [val.count, H]) };
  }) : null;
  const forward = (a: tf.Tensor2D, b: tf.Tensor2D) => {
    const main = tf.add(tf.matMul(a, wa), bias);
    // NLinear: b holds the last value in its final column; add it back to every step.
    return blocks === 2 ? tf.add(main, tf.matMul(b, wb)) : tf.add(main, tf.slice(b, [0, L - 1], [-1, 1]));
  };
  const optimizer = tf.train.adam(o.learningRate);
  const order = new Int32Array(train.count).map((_, i) => i);
  let best = { loss: Infinity, weights: null as tf.Tensor[] | null };
  let stale = 0;
  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      throwIfAborted(fit.signal);
      // LTSF "type1" schedule; tfjs reads the (protected) field on every step.
      (optimizer as unknown as { learningRate: number }).learningRate = o.learningRate * 0.5 ** epoch;
      shuffle(order, rand);
      let sum = tf.scalar(0);
      let batches = 0;
      for (let s = 0; s < train.count; s += o.batchSize) {
        const next = tf.tidy(() => {
          const idx = tf.tensor1d(order.subarray(s, Math.min(s + o.batchSize, train.count)), 'int32');
          const a = tf.gather(data.a, idx);
          const b = tf.gather(data.b, idx);
          const y = tf.gather(data.y, idx);
          const loss = optimizer.minimize(() => tf.losses.meanSquaredError(y, forward(a, b)) as tf.Scalar, true, vars)!;
          return tf.add(sum, loss);
        });
        sum.dispose();
        sum = next as tf.Scalar;
        batches++;
      }
      const trainLoss = (await sum.data())[0] / batches;
      sum.dispose();
      const loss = valData ? (await validationLoss(valData, forward)) : trainLoss;
      fit.onProgress?.({ done: epoch + 1, total: o.epochs, loss });
      if (loss < best.loss - 1e-7) {
        best.weights?.forEach((t) => t.dispose());
        best = { loss, weights: vars.map((v) => tf.clone(v)) };
        stale = 0;
      } else if (++stale >= o.patience) {
        break;
      }
    }
    const final = best.weights ?? vars;
    const [a, b, c] = await Promise.all(final.map((t) => t.data() as Promise<Float32Array>));
    return blocks === 2 ? { lookback: L, horizon: H, blocks, wa: a, wb: b, bias: c } : { lookback: L, horizon: H, blocks, wa: a, wb: new Float32Array(0), bias: b };
  } finally {
    best.weights?.forEach((t) => t.dispose());
    optimizer.dispose();
    tf.dispose([wa, wb, bias, data.a, data.b, data.y]);
    if (valData) tf.dispose([valData.a, valData.b, valData.y]);
  }
}

/** Mean squared error over all validation windows, read without blocking. */
async function validationLoss(v: { a: tf.Tensor2D; b: tf.Tensor2D; y: tf.Tensor2D }, forward: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor): Promise<number> {
  const t = tf.tidy(() => tf.losses.meanSquaredError(v.y, forward(v.a, v.b)));
  const value = (await t.data())[0];
  t.dispose();
  return value;
}
