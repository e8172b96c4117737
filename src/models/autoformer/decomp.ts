/**
 * series_decomp of Autoformer as one time-mixing matrix: the trend is the moving average
 * (kernel k, stride 1) of the window padded by repeating its first and last value (k−1)/2
 * times; the seasonal part is the rest. A matMul by the L×L averaging matrix is cheaper on
 * WASM than padding + avgPool and has the same gradient on every backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { TimeMatrix } from './ops';

/** The L×L matrix (row-major) whose row t averages the k edge-replicated neighbours of t. */
export function movingAverageMatrix(L: number, kernel: number): Float32Array {
  const half = (kernel - 1) >> 1;
  const m = new Float32Array(L * L);
  for (let t = 0; t < L; t++) {
    for (let j = -half; j <= half; j++) m[t * L + Math.min(L - 1, Math.max(0, t + j))] += 1 / kernel;
  }
  return m;
}

/** The averaging matrix of length L as a time-mixing op (owns its tensors). */
export function decompMatrix(L: number, kernel: number): TimeMatrix {
  return new TimeMatrix(movingAverageMatrix(L, kernel), L, L);
}

/** Seasonal and trend parts of x [L, B, d] along time. */
export function decompose(x: tf.Tensor, avg: TimeMatrix): { seasonal: tf.Tensor; trend: tf.Tensor } {
  const trend = avg.apply(x);
  return { seasonal: tf.sub(x, trend), trend };
}
