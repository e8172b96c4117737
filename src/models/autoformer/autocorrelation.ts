/**
 * Autoformer's AutoCorrelation, time-major ([L, B, d]):
 *  1. the circular cross-correlation of Q and K at every lag, irfft(rfft(Q)·conj(rfft(K))),
 *     averaged over channels (the reference averages over heads and channels before choosing);
 *  2. the top k = floor(factor·ln L) lags — shared by the batch in training (chosen on the
 *     batch-mean correlation, as the reference does), per sample in inference — weighted by a
 *     softmax of their correlations;
 *  3. time-delay aggregation Σ_i w_i·roll(V, −τ_i). That sum is a circular correlation of V with
 *     a sparse lag kernel, so it is done in the frequency domain too: one transform of V, a
 *     complex product, one inverse — matMuls on WASM instead of k rolled copies of V.
 */
import * as tf from '@tensorflow/tfjs-core';
import { customOp } from './ops';
import type { Spectrum } from './spectrum';

/** Swaps the halves of a stacked spectrum [2F, ...]: (Re; Im) → (Im; Re), negating the new top when asked. */
function swapHalves(z: tf.Tensor, F: number, negateTop: boolean): tf.Tensor {
  const rest = z.shape.slice(1);
  const zero = rest.map(() => 0);
  const re = tf.slice(z, [0, ...zero], [F, ...rest]);
  const im = tf.slice(z, [F, ...zero], [F, ...rest]);
  return tf.concat([negateTop ? tf.neg(im) : im, re], 0);
}

/**
 * mean_c Σ_t q[(t+τ) mod L, b, c]·k[t, b, c] for every lag τ: q, k [L, B, d] → [B, L]
 * (the reference's `mean_value`, as irfft(Σ_c Q̂_c·conj(K̂_c))/d).
 */
export function meanCorrelation(q: tf.Tensor, k: tf.Tensor, spec: Spectrum): tf.Tensor2D {
  const [L, B, d] = q.shape;
  const F = spec.bins;
  const qh = spec.forward(tf.reshape(q, [L, B * d]) as tf.Tensor2D);
  const kh = spec.forward(tf.reshape(k, [L, B * d]) as tf.Tensor2D);
  // Re(Q̂·conj K̂) = Qr·Kr + Qi·Ki; Im = Qi·Kr − Qr·Ki = (Qr, Qi)·(−Ki, Kr).
  // Channels are the innermost axis: summing over them needs no transpose.
  const halfSum = (x: tf.Tensor) => tf.sum(tf.sum(tf.reshape(x, [2, F, B, d]), 3), 0);
  const re = halfSum(tf.mul(qh, kh));
  const im = halfSum(tf.mul(qh, swapHalves(kh, F, true)));
  const corr = spec.inverse(tf.concat([re, im], 0) as tf.Tensor2D);
  return tf.transpose(tf.mul(corr, 1 / d)) as tf.Tensor2D;
}

/**
 * 1 at the k largest entries of each row of x [R, L], 0 elsewhere (more than k only on exact
 * ties). The choice is not differentiable (tfjs has no TopK gradient): it is one op whose
 * gradient is zero, so the tape never reaches topk. The mask compares x with the k-th largest
 * value instead of one-hot coding topk's indices: in tfjs 4.22 WASM's float32 oneHot returns
 * integer bit patterns (1 reads as 1.4e-45). WebGPU's is right (it only looked wrong through dataSync).
 */
function topKMask(k: number): (x: tf.Tensor) => tf.Tensor {
  return customOp(([x]) => {
    const kth = tf.slice(tf.topk(x, k).values, [0, k - 1], [x.shape[0], 1]);
    return { value: tf.cast(tf.greaterEqual(x, kth), 'float32'), gradFunc: () => [tf.zerosLike(x)] };
  });
}

/**
 * Softmax weights of the top-k lags, zero at every other lag: corr [B, L] → [B, L]. In
 * training the lags come from the batch-mean correlation; in inference from each row's own.
 */
export function delayWeights(corr: tf.Tensor2D, k: number, training: boolean): tf.Tensor2D {
  const mask = topKMask(k)(training ? tf.mean(corr, 0, true) : corr);
  // Unselected lags get −1e9: their softmax weight is exactly 0, the selected ones share 1.
  return tf.softmax(tf.add(corr, tf.mul(tf.sub(mask, 1), 1e9))) as tf.Tensor2D;
}

/**
 * out[t, b] = Σ_τ w[b, τ]·v[(t+τ) mod L, b] (the rolled-V sum with the lag weights w [B, L]),
 * computed as irfft(V̂·conj(Ŵ)). v is [L, B, d].
 */
export function aggregate(v: tf.Tensor, w: tf.Tensor2D, spec: Spectrum): tf.Tensor {
  const [L, B, d] = v.shape;
  const F = spec.bins;
  const vh = tf.reshape(spec.forward(tf.reshape(v, [L, B * d]) as tf.Tensor2D), [2 * F, B, d]);
  const wh = spec.forward(tf.transpose(w) as tf.Tensor2D);
  const wr = tf.slice(wh, [0, 0], [F, B]);
  const wi = tf.slice(wh, [F, 0], [F, B]);
  // (Vr + iVi)(wr − iwi) = (Vr·wr + Vi·wi) + i(Vi·wr − Vr·wi).
  const a = tf.reshape(tf.concat([wr, wr], 0), [2 * F, B, 1]);
  const b = tf.reshape(tf.concat([wi, tf.neg(wi)], 0), [2 * F, B, 1]);
  const prod = tf.add(tf.mul(vh, a), tf.mul(swapHalves(vh, F, false), b));
  return tf.reshape(spec.inverse(tf.reshape(prod, [2 * F, B * d]) as tf.Tensor2D), [L, B, d]);
}

/** Keys/values padded with zeros (or cut) to the queries' length, as the reference does. */
export function fitLength(x: tf.Tensor, L: number): tf.Tensor {
  const S = x.shape[0];
  if (S === L) return x;
  if (S > L) return tf.slice(x, 0, L);
  return tf.pad(x, [[0, L - S], ...x.shape.slice(1).map((): [number, number] => [0, 0])]);
}

/** One AutoCorrelation over projected q [L, B, d] and k, v [S, B, d]: [L, B, d]. */
export function autoCorrelation(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, spec: Spectrum, topK: number, training: boolean): tf.Tensor {
  const L = q.shape[0];
  const corr = meanCorrelation(q, fitLength(k, L), spec);
  return aggregate(fitLength(v, L), delayWeights(corr, topK, training), spec);
}
