/**
 * Channel-shared DLinear/NLinear (the reference's `individual=False`): one map fitted on the
 * windows of several z-scored channels pooled together. Ridge never materialises the design:
 * the Gram matrix of the raw (L+H)-windows is built by a lag recursion in O(N·(L+H) + (L+H)²)
 * per channel and mapped through the (linear) feature transform. Adam reuses `fitByAdamJs`.
 */
import type { FitOptions } from '../types';
import { slidingWindows } from '../common/windows';
import { fitByAdamJs } from './adam';
import { featureWidth, targetOffset, writeFeatures, type LinearVariant } from './features';
import { fitRidge, RIDGE_GRID, type Normal, type RidgeFit } from './ridge';
import type { AdamSchedule, Design } from './train';

/** The shape of a shared map. */
export interface SharedSpec {
  variant: LinearVariant;
  /** DLinear's moving-average kernel (25 in the reference). */
  kernel: number;
  lookback: number;
  horizon: number;
}

/** Windows whose first target row t lies in [from, to), as `slidingWindows` and `targetRange` use. */
export type TargetRange = [number, number];

/**
 * Σ zzᵀ and Σ z over the raw windows z = series[s, s+M), s ∈ [a, b], by the lag recursion
 * G[i+1][j+1] = G[i][j] − z[a+i]z[a+j] + z[b+1+i]z[b+1+j]; added into `g` and `m`.
 */
function addWindowGram(z: Float64Array, M: number, a: number, b: number, g: Float64Array, m: Float64Array): void {
  const gc = new Float64Array(M * M);
  for (let j = 0; j < M; j++) {
    let s = 0;
    for (let t = a; t <= b; t++) s += z[t] * z[t + j];
    gc[j] = s;
  }
  for (let i = 0; i + 1 < M; i++) {
    for (let j = i; j + 1 < M; j++) gc[(i + 1) * M + j + 1] = gc[i * M + j] - z[a + i] * z[a + j] + z[b + 1 + i] * z[b + 1 + j];
  }
  for (let i = 0; i < M; i++) for (let j = i; j < M; j++) g[i * M + j] += gc[i * M + j];
  let sum = 0;
  for (let t = a; t <= b; t++) sum += z[t];
  for (let i = 0; i < M; i++) {
    m[i] += sum;
    sum += z[b + 1 + i] - z[a + i];
  }
}

/** The feature map P (F × M) and target map Q (H × M) as dense matrices over a raw window of M = L + H. */
function transforms(spec: SharedSpec): { p: Float64Array; q: Float64Array; F: number; M: number } {
  const { variant, kernel, lookback: L, horizon: H } = spec;
  const M = L + H;
  const F = featureWidth(variant, L) - 1;
  const p = new Float64Array(F * M);
  const e = new Float64Array(L);
  const col = new Float64Array(F + 1);
  for (let k = 0; k < L; k++) {
    e.fill(0);
    e[k] = 1;
    writeFeatures(variant, kernel, e, 0, L, col, 0);
    for (let i = 0; i < F; i++) p[i * M + k] = col[i];
  }
  const q = new Float64Array(H * M);
  for (let h = 0; h < H; h++) {
    q[h * M + L + h] = 1;
    if (variant === 'nlinear') q[h * M + L - 1] -= 1;
  }
  return { p, q, F, M };
}

/** The normal equations of the pooled windows of every channel, without materialising them. */
export function sharedNormal(spec: SharedSpec, channels: Float64Array[], range: TargetRange): Normal {
  const { lookback: L, horizon: H } = spec;
  const { p, q, F, M } = transforms(spec);
  const g = new Float64Array(M * M);
  const m = new Float64Array(M);
  let rows = 0;
  for (const z of channels) {
    const a = Math.max(0, range[0] - L);
    const b = Math.min(range[1], z.length - H + 1) - 1 - L;
    if (b < a) continue;
    for (let t = a; t < b + M; t++) if (!Number.isFinite(z[t])) throw new Error('sharedNormal: the series must have no missing values.');
    addWindowGram(z, M, a, b, g, m);
    rows += b - a + 1;
  }
  for (let i = 0; i < M; i++) for (let j = 0; j < i; j++) g[i * M + j] = g[j * M + i];
  const C = F + 1;
  const xtx = new Float64Array(C * C);
  const xty = new Float64Array(C * H);
  const pg = matmul(p, g, F, M, M);
  const qg = matmul(q, g, H, M, M);
  // [P z; 1]·[P z; 1]ᵀ summed: P G Pᵀ, P m, rows — and against targets Q z: P G Qᵀ, Q m.
  for (let i = 0; i < F; i++) {
    for (let j = i; j < F; j++) xtx[i * C + j] = xtx[j * C + i] = dot(pg, i * M, p, j * M, M);
    for (let h = 0; h < H; h++) xty[i * H + h] = dot(pg, i * M, q, h * M, M);
    xtx[i * C + F] = xtx[F * C + i] = dot(p, i * M, m, 0, M);
  }
  xtx[F * C + F] = rows;
  let yty = 0;
  for (let h = 0; h < H; h++) {
    xty[F * H + h] = dot(q, h * M, m, 0, M);
    yty += dot(qg, h * M, q, h * M, M);
  }
  return { xtx, xty, yty, rows, cols: C, outputs: H };
}

/** Every channel's windows as one materialised design (features and targets), for Adam. */
export function pooledDesign(spec: SharedSpec, channels: Float64Array[], range: TargetRange): Design {
  const { variant, kernel, lookback: L, horizon: H } = spec;
  const C = featureWidth(variant, L);
  const parts = channels.map((z) => slidingWindows(z, L, H, range[0], range[1]));
  const rows = parts.reduce((s, w) => s + w.count, 0);
  const x = new Float32Array(rows * C);
  const y = new Float32Array(rows * H);
  let r = 0;
  for (const w of parts) {
    for (let k = 0; k < w.count; k++, r++) {
      writeFeatures(variant, kernel, w.x, k * L, L, x, r * C);
      const base = targetOffset(variant, w.x, k * L, L);
      for (let h = 0; h < H; h++) y[r * H + h] = w.y[k * H + h] - base;
    }
  }
  return { x, y, rows, cols: C, outputs: H };
}

/** One shared map by ridge, λ chosen on the validation windows. */
export function fitSharedRidge(spec: SharedSpec, channels: Float64Array[], train: TargetRange, val: TargetRange | null, grid: readonly number[] = RIDGE_GRID): RidgeFit {
  return fitRidge(sharedNormal(spec, channels, train), val ? sharedNormal(spec, channels, val) : null, grid);
}

/**
 * One shared map by Adam (the reference recipe: lr halved each epoch, early stopping on
 * validation). `batchSize` counts time windows, as the reference loader does: each of its
 * batches holds every channel of those windows, so a step averages batchSize × channels rows.
 */
export async function fitSharedAdam(spec: SharedSpec, channels: Float64Array[], train: TargetRange, val: TargetRange | null, schedule: Omit<AdamSchedule, 'fanIn'>, fit: FitOptions): Promise<Float32Array> {
  const t = pooledDesign(spec, channels, train);
  const v = val ? pooledDesign(spec, channels, val) : null;
  return fitByAdamJs(t, v, { ...schedule, batchSize: schedule.batchSize * Math.max(1, channels.length), fanIn: spec.lookback }, fit);
}

/** Predicts z[t, t+H) from z[t−L, t) with a shared map; `feat` is scratch of featureWidth entries. */
export function predictWindow(spec: SharedSpec, weights: ArrayLike<number>, z: ArrayLike<number>, t: number, out: Float64Array, feat: Float64Array): void {
  const { variant, kernel, lookback: L, horizon: H } = spec;
  writeFeatures(variant, kernel, z, t - L, L, feat, 0);
  out.fill(targetOffset(variant, z, t - L, L));
  for (let j = 0; j < feat.length; j++) {
    const f = feat[j];
    if (f === 0) continue;
    for (let h = 0; h < H; h++) out[h] += f * weights[j * H + h];
  }
}

function matmul(a: Float64Array, b: Float64Array, n: number, k: number, m: number): Float64Array {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < k; l++) {
      const v = a[i * k + l];
      if (v === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j] += v * b[l * m + j];
    }
  }
  return out;
}

function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[ao + i] * b[bo + i];
  return s;
}
