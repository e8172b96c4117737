/**
 * Trains an Autoformer the reference's way: Adam, MSE, lr halved after every epoch from the second (type1),
 * early stopping on the validation MSE (patience) with the best weights restored. Each step
 * runs in one tf.tidy; losses are read asynchronously once per epoch; the loop yields to the
 * event loop now and then so a worker still hears its cancel message.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Mulberry32, shuffle } from '../common/rng';
import { registerGradients } from '../tfjs/runtime';
import { throwIfAborted, type FitOptions } from '../types';
import { batchTensors, fillBatch, hostBatch, type SeriesSet, type WindowShape } from './batches';
import type { AutoformerSchedule } from './config';
import { windowsMse } from './infer';
import type { AutoformerNet } from './model';
import { paramSpecs, type Weights } from './params';

/** One epoch's record. */
export interface EpochLog {
  epoch: number;
  trainLoss: number;
  valLoss: number;
  seconds: number;
}

/** What the training saw. */
export interface TrainReport {
  epochs: EpochLog[];
  bestEpoch: number;
  bestLoss: number;
}

/** Windows to learn from and to stop on (first target indices into the set). */
export interface TrainWindows {
  set: SeriesSet;
  train: Int32Array;
  /** Early-stopping windows; the training windows are used when this is empty. */
  val: Int32Array;
}

type Fit = Pick<FitOptions, 'seed' | 'signal' | 'onProgress'> & { onEpoch?: (e: EpochLog) => void };

/** How often the loop lets other tasks (a cancel message) run. */
const YIELD_EVERY_MS = 100;

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Trains from `init` and returns the best weights (by validation MSE) as plain arrays; frees every tensor it made. */
export async function trainAutoformer(net: AutoformerNet, init: Weights, w: TrainWindows, o: AutoformerSchedule, fit: Fit): Promise<{ weights: Weights; report: TrainReport }> {
  await registerGradients();
  const a = net.arch;
  const shape: WindowShape = { lookback: a.lookback, labelLen: a.labelLen, horizon: a.horizon };
  if (w.train.length === 0) throw new Error('No training window.');
  const check = w.val.length > 0 ? w.val : w.train;
  // A second stream for shuffling and dropout, so the weights' seed stream stays independent.
  const rand = new Mulberry32((fit.seed ^ 0x5bd1e995) >>> 0);
  net.prepare();
  const specs = paramSpecs(a);
  const vars = tf.tidy(() => Object.fromEntries(specs.map(({ name, shape: s }) => [name, tf.variable(tf.tensor(init[name], s))])));
  const varList = Object.values(vars);
  const optimizer = tf.train.adam(o.learningRate);
  const order = Int32Array.from(w.train, (_, i) => i);
  const steps = Math.ceil(w.train.length / o.batchSize);
  const total = o.epochs * steps;
  let full = hostBatch(o.batchSize, shape, a.channels);
  let best: { loss: number; epoch: number; values: tf.Tensor[] | null } = { loss: Infinity, epoch: 0, values: null };
  const report: TrainReport = { epochs: [], bestEpoch: 0, bestLoss: Infinity };
  let lastVal: number | undefined;
  let stale = 0;
  let lastYield = performance.now();
  // Per-step losses of the running epoch (freed even when the fit is cancelled mid-epoch).
  let losses: tf.Scalar[] = [];
  const mode = { training: true, seed: () => Math.floor(rand.next() * 2 ** 31) };
  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      throwIfAborted(fit.signal);
      const t0 = performance.now();
      // type1 as the reference calls it (adjust_learning_rate(epoch + 1) after each epoch):
      // epochs 1 and 2 at the full rate, then halved per epoch. tfjs reads the field every step.
      (optimizer as unknown as { learningRate: number }).learningRate = o.learningRate * 0.5 ** Math.max(0, epoch - 1);
      shuffle(order, rand);
      losses = [];
      for (let s = 0; s < steps; s++) {
        const from = s * o.batchSize;
        const size = Math.min(o.batchSize, w.train.length - from);
        const host = size === full.size ? full : (full = hostBatch(size, shape, a.channels));
        fillBatch(w.set, shape, w.train, order, from, host);
        const loss = tf.tidy(() => {
          const { inputs, y } = batchTensors(host, shape, a.channels);
          return optimizer.minimize(() => tf.mean(tf.squaredDifference(net.forward(vars, inputs, mode), y)) as tf.Scalar, true, varList)!;
        });
        losses.push(loss);
        fit.onProgress?.({ done: epoch * steps + s + 1, total, loss: lastVal });
        if (performance.now() - lastYield > YIELD_EVERY_MS) {
          await tick();
          lastYield = performance.now();
          throwIfAborted(fit.signal);
        }
      }
      const trainLoss = await meanOf(losses);
      tf.dispose(losses);
      losses = [];
      const valLoss = await windowsMse(net, vars, w.set, check, o.batchSize);
      lastVal = valLoss;
      const log = { epoch: epoch + 1, trainLoss, valLoss, seconds: (performance.now() - t0) / 1000 };
      report.epochs.push(log);
      fit.onEpoch?.(log);
      fit.onProgress?.({ done: (epoch + 1) * steps, total, loss: valLoss });
      if (valLoss < best.loss) {
        if (best.values) tf.dispose(best.values);
        best = { loss: valLoss, epoch: epoch + 1, values: varList.map((v) => tf.clone(v)) };
        stale = 0;
      } else if (++stale >= o.patience) {
        break;
      }
    }
    if (!best.values) throw new Error('Autoformer training diverged: the validation loss was never finite.');
    report.bestEpoch = best.epoch;
    report.bestLoss = best.loss;
    const arrays = await Promise.all(best.values.map((t) => t.data() as Promise<Float32Array>));
    const weights: Weights = {};
    // Copies: a backend may reuse the buffer it handed out once the tensor is freed.
    specs.forEach(({ name }, i) => (weights[name] = arrays[i].slice()));
    return { weights, report };
  } finally {
    tf.dispose(losses);
    if (best.values) tf.dispose(best.values);
    optimizer.dispose();
    tf.dispose(varList);
  }
}

/** Mean of scalar tensors, read in one go. */
async function meanOf(xs: tf.Scalar[]): Promise<number> {
  if (xs.length === 0) return NaN;
  const sum = tf.tidy(() => tf.addN(xs));
  const v = (await sum.data())[0];
  sum.dispose();
  return v / xs.length;
}
