import { mulberry32, shuffle } from '../common/rng';
import { throwIfAborted, type FitOptions } from '../types';
import type { AdamSchedule, Design } from './train';

/** Adam's constants (PyTorch defaults, as in the reference scripts). */
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPS = 1e-8;
/** Longest stretch of epochs without letting messages (cancel, liveness pings) through. */
const YIELD_EVERY_MS = 50;

/**
 * The same fit as `fitByAdam` (same schedule, initialisation, shuffling and early stopping),
 * in plain TypeScript on preallocated typed arrays. For LTSF-size problems the matrices are
 * tiny, so tfjs's per-op overhead and allocations dominate and make pool workers compete;
 * this loop allocates nothing per step and scales with the cores.
 */
export async function fitByAdamJs(train: Design, val: Design | null, o: AdamSchedule, fit: FitOptions): Promise<Float32Array> {
  const { cols: C, outputs: H } = train;
  const rand = mulberry32(fit.seed);
  const w = new Float64Array(C * H);
  const a = 1 / Math.sqrt(o.fanIn);
  for (let i = 0; i < w.length; i++) w[i] = (rand() * 2 - 1) * Math.fround(a);
  const m = new Float64Array(w.length);
  const v = new Float64Array(w.length);
  const g = new Float64Array(w.length);
  const err = new Float64Array(o.batchSize * H);
  const xb = new Float32Array(o.batchSize * C);
  const order = new Int32Array(train.rows).map((_, i) => i);
  const check = val && val.rows > 0 ? val : train;
  let best = { loss: Infinity, w: w.slice() };
  let stale = 0;
  let t = 0;
  let lastYield = performance.now();
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    throwIfAborted(fit.signal);
    const lr = o.learningRate * 0.5 ** epoch; // LTSF "type1" schedule
    shuffle(order, rand);
    for (let s = 0; s < train.rows; s += o.batchSize) {
      const b = Math.min(o.batchSize, train.rows - s);
      // The batch's rows are copied together first: the two passes below then read memory in order.
      for (let i = 0; i < b; i++) {
        const r = order[s + i];
        // A copy loop, not set(subarray): a subarray per row is a new object, and the garbage
        // it made per job cost the pool's workers scavenges on shared cores.
        for (let j = 0; j < C; j++) xb[i * C + j] = train.x[r * C + j];
        for (let h = 0; h < H; h++) err[i * H + h] = -train.y[r * H + h];
      }
      // err = X_b·W − Y_b
      for (let i = 0; i < b; i++) {
        const xo = i * C;
        const eo = i * H;
        for (let j = 0; j < C; j++) {
          const xv = xb[xo + j];
          if (xv === 0) continue;
          const wo = j * H;
          for (let h = 0; h < H; h++) err[eo + h] += xv * w[wo + h];
        }
      }
      // g = 2/(b·H) · X_bᵀ·err
      g.fill(0);
      const scale = 2 / (b * H);
      for (let i = 0; i < b; i++) {
        const xo = i * C;
        const eo = i * H;
        for (let j = 0; j < C; j++) {
          const xv = xb[xo + j] * scale;
          if (xv === 0) continue;
          const go = j * H;
          for (let h = 0; h < H; h++) g[go + h] += xv * err[eo + h];
        }
      }
      t++;
      const c1 = 1 - BETA1 ** t;
      const c2 = 1 - BETA2 ** t;
      for (let k = 0; k < w.length; k++) {
        m[k] = BETA1 * m[k] + (1 - BETA1) * g[k];
        v[k] = BETA2 * v[k] + (1 - BETA2) * g[k] * g[k];
        w[k] -= (lr * (m[k] / c1)) / (Math.sqrt(v[k] / c2) + EPS);
      }
    }
    const loss = mseOf(check, w);
    fit.onProgress?.({ done: epoch + 1, total: o.epochs, loss });
    if (loss < best.loss - 1e-7) {
      best = { loss, w: w.slice() };
      stale = 0;
    } else if (++stale >= o.patience) {
      break;
    }
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      await yieldToEventLoop(); // lets cancel and liveness messages through
      lastYield = performance.now();
    }
  }
  return Float32Array.from(best.w);
}

/** Mean squared error of X·W against Y over a whole design. */
export function mseOf(d: Design, w: ArrayLike<number>): number {
  const { cols: C, outputs: H } = d;
  const row = new Float64Array(H);
  let sum = 0;
  for (let r = 0; r < d.rows; r++) {
    row.fill(0);
    for (let j = 0; j < C; j++) {
      const xv = d.x[r * C + j];
      if (xv === 0) continue;
      for (let h = 0; h < H; h++) row[h] += xv * w[j * H + h];
    }
    for (let h = 0; h < H; h++) sum += (row[h] - d.y[r * H + h]) ** 2;
  }
  return sum / (d.rows * H);
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
