/**
 * Training windows over z-scored channels, written time-major into reusable typed arrays and
 * uploaded as small tensors per batch (slicing or gathering a big tensor on WASM copies it all).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NetInputs } from './model';
import { MARKS } from './time-features';

/** Series the windows are cut from. */
export interface SeriesSet {
  /** z-scored channels of equal length n (the target alone, or several). */
  channels: ArrayLike<number>[];
  /** n × MARKS time features. */
  marks: Float32Array;
}

/** The window layout: x = [t−lookback, t), decoder marks [t−labelLen, t+horizon), y = [t, t+horizon). */
export interface WindowShape {
  lookback: number;
  labelLen: number;
  horizon: number;
}

/** Host arrays of one batch (time-major). */
export interface HostBatch {
  size: number;
  xEnc: Float32Array;
  marksEnc: Float32Array;
  marksDec: Float32Array;
  y: Float32Array;
}

/** First target indices t of every window in [from, to) whose input and target are all finite. */
export function windowOrigins(set: SeriesSet, shape: WindowShape, from: number, to: number): Int32Array {
  const n = set.channels[0]?.length ?? 0;
  const { lookback: L, horizon: H } = shape;
  const bad = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) bad[i + 1] = bad[i] + (set.channels.every((c) => Number.isFinite(c[i])) ? 0 : 1);
  const out: number[] = [];
  for (let t = Math.max(from, L); t < Math.min(to, n - H + 1); t++) if (bad[t + H] - bad[t - L] === 0) out.push(t);
  return Int32Array.from(out);
}

/** Allocates the arrays of a batch of `size` windows. */
export function hostBatch(size: number, shape: WindowShape, channels: number): HostBatch {
  const { lookback: L, labelLen: lab, horizon: H } = shape;
  return {
    size,
    xEnc: new Float32Array(L * size * channels),
    marksEnc: new Float32Array(L * size * MARKS),
    marksDec: new Float32Array((lab + H) * size * MARKS),
    y: new Float32Array(H * size * channels),
  };
}

/** Writes the windows starting at `origins[order[from + b]]` into slot b of the batch (time-major). */
export function fillBatch(set: SeriesSet, shape: WindowShape, origins: Int32Array, order: ArrayLike<number>, from: number, out: HostBatch): void {
  const { lookback: L, labelLen: lab, horizon: H } = shape;
  const C = set.channels.length;
  const B = out.size;
  for (let b = 0; b < B; b++) {
    const t0 = origins[order[from + b]];
    for (let c = 0; c < C; c++) {
      const ch = set.channels[c];
      for (let i = 0; i < L; i++) out.xEnc[(i * B + b) * C + c] = ch[t0 - L + i];
      for (let i = 0; i < H; i++) out.y[(i * B + b) * C + c] = ch[t0 + i];
    }
    for (let i = 0; i < L; i++) out.marksEnc.set(set.marks.subarray((t0 - L + i) * MARKS, (t0 - L + i + 1) * MARKS), (i * B + b) * MARKS);
    for (let i = 0; i < lab + H; i++) out.marksDec.set(set.marks.subarray((t0 - lab + i) * MARKS, (t0 - lab + i + 1) * MARKS), (i * B + b) * MARKS);
  }
}

/** The batch as tensors (the caller's tidy frees them). */
export function batchTensors(h: HostBatch, shape: WindowShape, channels: number): { inputs: NetInputs; y: tf.Tensor } {
  const { lookback: L, labelLen: lab, horizon: H } = shape;
  const B = h.size;
  return {
    inputs: {
      xEnc: tf.tensor3d(h.xEnc, [L, B, channels]),
      marksEnc: tf.tensor3d(h.marksEnc, [L, B, MARKS]),
      marksDec: tf.tensor3d(h.marksDec, [lab + H, B, MARKS]),
    },
    y: tf.tensor3d(h.y, [H, B, channels]),
  };
}
