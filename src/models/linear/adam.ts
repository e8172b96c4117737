import { Mulberry32, shuffle } from '../common/rng';
import { throwIfAborted, type FitOptions } from '../types';
import type { AdamSchedule, Design } from './train';

/** Adam's constants (PyTorch defaults, as in the reference scripts). */
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPS = 1e-8;
/** Longest stretch of epochs without letting messages (cancel, liveness pings) through. */
const YIELD_EVERY_MS = 50;

/** Adam's weights, moments and per-step work arrays, allocated once per fit. */
interface AdamState {
  w: Float64Array;
  m: Float64Array;
  v: Float64Array;
  g: Float64Array;
  err: Float64Array;
  xb: Float32Array;
  order: Int32Array;
  rand: Mulberry32;
  /** Steps taken (Adam's bias correction). */
  t: number;
}

/**
 * The same fit as `fitByAdam` (same schedule, initialisation, shuffling and early stopping),
 * in plain TypeScript on preallocated typed arrays. For LTSF-size problems the matrices are
 * tiny, so tfjs's per-op overhead and allocations dominate and make pool workers compete;
 * this loop allocates nothing per step and scales with the cores. The loops live in plain
 * functions called once per epoch and batch: V8 optimises those whole, where the loops of an
 * async function run on on-stack replacement that is thrown away at every loop exit.
 */
export async function fitByAdamJs(train: Design, val: Design | null, o: AdamSchedule, fit: FitOptions): Promise<Float32Array> {
  const { cols: C, outputs: H } = train;
  const rand = new Mulberry32(fit.seed);
  const w = new Float64Array(C * H);
  const a = 1 / Math.sqrt(o.fanIn);
  for (let i = 0; i < w.length; i++) w[i] = (rand.next() * 2 - 1) * Math.fround(a);
  const s: AdamState = {
    w,
    m: new Float64Array(w.length),
    v: new Float64Array(w.length),
    g: new Float64Array(w.length),
    err: new Float64Array(o.batchSize * H),
    xb: new Float32Array(o.batchSize * C),
    order: new Int32Array(train.rows).map((_, i) => i),
    rand,
    t: 0,
  };
  const check = val && val.rows > 0 ? val : train;
  const best = { loss: Infinity, w: w.slice() };
  let stale = 0;
  let lastYield = performance.now();
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    throwIfAborted(fit.signal);
    trainEpoch(train, s, o.learningRate * 0.5 ** epoch, o.batchSize); // LTSF "type1" schedule
    const loss = mseOf(check, w);
    fit.onProgress?.({ done: epoch + 1, total: o.epochs, loss });
    if (loss < best.loss - 1e-7) {
      best.loss = loss;
      best.w.set(w);
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

/** One epoch: the rows in a new random order, one Adam step per batch. */
function trainEpoch(train: Design, s: AdamState, lr: number, batchSize: number): void {
  shuffle(s.order, s.rand);
  for (let start = 0; start < train.rows; start += batchSize) adamStep(train, s, start, Math.min(batchSize, train.rows - start), lr);
}

/** One Adam step on the b rows at `order[start..]`. */
function adamStep(train: Design, s: AdamState, start: number, b: number, lr: number): void {
  const { cols: C, outputs: H } = train;
  const { w, m, v, g, err, xb, order } = s;
  // The batch's rows are copied together first: the two passes below then read memory in order.
  for (let i = 0; i < b; i++) {
    const r = order[start + i];
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
  s.t++;
  const c1 = 1 - BETA1 ** s.t;
  const c2 = 1 - BETA2 ** s.t;
  for (let k = 0; k < w.length; k++) {
    m[k] = BETA1 * m[k] + (1 - BETA1) * g[k];
    v[k] = BETA2 * v[k] + (1 - BETA2) * g[k] * g[k];
    w[k] -= (lr * (m[k] / c1)) / (Math.sqrt(v[k] / c2) + EPS);
  }
}

/** Mean squared error of X·W against Y over a whole design. */
export function mseOf(d: Design, w: ArrayLike<number>): number {
  const row = new Float64Array(d.outputs);
  let sum = 0;
  for (let r = 0; r < d.rows; r++) sum = addRowSquaredError(d, w, r, row, sum);
  return sum / (d.rows * d.outputs);
}

/** `sum` + Σₕ (X_r·W − Y_r)ₕ² for row r (a function of its own, so V8 optimises it whole; see `fitByAdamJs`). */
function addRowSquaredError(d: Design, w: ArrayLike<number>, r: number, row: Float64Array, sum: number): number {
  const { cols: C, outputs: H } = d;
  row.fill(0);
  for (let j = 0; j < C; j++) {
    const xv = d.x[r * C + j];
    if (xv === 0) continue;
    for (let h = 0; h < H; h++) row[h] += xv * w[j * H + h];
  }
  for (let h = 0; h < H; h++) sum += (row[h] - d.y[r * H + h]) ** 2;
  return sum;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
