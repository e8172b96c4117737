/**
 * Exact ridge least squares for the linear models: X·W ≈ Y with the last column of X the
 * bias (unpenalised). Works on the normal equations (XᵀX, XᵀY, ΣY², n) accumulated in
 * Float64, so a fit never needs X itself, and any λ's validation MSE is read off the
 * validation windows' normal equations without predicting them.
 */
import type { Design } from './train';

/** Sufficient statistics of a regression design; the bias is column `cols − 1`. */
export interface Normal {
  /** XᵀX, cols × cols, row-major (symmetric). */
  xtx: Float64Array;
  /** XᵀY, cols × outputs, row-major. */
  xty: Float64Array;
  /** Σ of every squared target. */
  yty: number;
  rows: number;
  cols: number;
  outputs: number;
}

/** Ridge strengths tried, relative to the mean diagonal of XᵀX (features only). */
export const RIDGE_GRID = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100];

/** An empty accumulator. */
export function emptyNormal(cols: number, outputs: number): Normal {
  return { xtx: new Float64Array(cols * cols), xty: new Float64Array(cols * outputs), yty: 0, rows: 0, cols, outputs };
}

/** Adds one row (x: cols features, y: outputs targets) to the accumulator (upper triangle only; see `finishNormal`). */
export function addRow(n: Normal, x: ArrayLike<number>, xo: number, y: ArrayLike<number>, yo: number): void {
  const { cols: C, outputs: H, xtx, xty } = n;
  for (let i = 0; i < C; i++) {
    const xi = x[xo + i];
    if (xi === 0) continue;
    const r = i * C;
    for (let j = i; j < C; j++) xtx[r + j] += xi * x[xo + j];
    const o = i * H;
    for (let h = 0; h < H; h++) xty[o + h] += xi * y[yo + h];
  }
  for (let h = 0; h < H; h++) n.yty += y[yo + h] * y[yo + h];
  n.rows++;
}

/** Mirrors the upper triangle of XᵀX into the lower one, after the last `addRow`. */
export function finishNormal(n: Normal): Normal {
  const C = n.cols;
  for (let i = 0; i < C; i++) for (let j = 0; j < i; j++) n.xtx[i * C + j] = n.xtx[j * C + i];
  return n;
}

/** The normal equations of a materialised design. */
export function normalOfDesign(d: Design): Normal {
  const n = emptyNormal(d.cols, d.outputs);
  for (let r = 0; r < d.rows; r++) addRow(n, d.x, r * d.cols, d.y, r * d.outputs);
  return finishNormal(n);
}

/** W = (XᵀX + λ·I')⁻¹ XᵀY by Cholesky, I' the identity without the bias entry; null if not positive definite. */
export function solveRidge(n: Normal, lambda: number): Float64Array | null {
  const { cols: C, outputs: H } = n;
  const a = Float64Array.from(n.xtx);
  for (let i = 0; i < C - 1; i++) a[i * C + i] += lambda;
  // In-place Cholesky: the lower triangle of `a` becomes L with A = L·Lᵀ.
  for (let j = 0; j < C; j++) {
    const rj = j * C;
    let d = a[rj + j];
    for (let k = 0; k < j; k++) d -= a[rj + k] * a[rj + k];
    if (!(d > 1e-12 * (Math.abs(a[rj + j]) + 1e-300))) return null;
    d = Math.sqrt(d);
    a[rj + j] = d;
    for (let i = j + 1; i < C; i++) {
      const ri = i * C;
      let s = a[ri + j];
      for (let k = 0; k < j; k++) s -= a[ri + k] * a[rj + k];
      a[ri + j] = s / d;
    }
  }
  // Forward then back substitution, all H right-hand sides at once (row-major C × H).
  const w = Float64Array.from(n.xty);
  for (let i = 0; i < C; i++) {
    const ri = i * C;
    for (let k = 0; k < i; k++) {
      const l = a[ri + k];
      if (l === 0) continue;
      for (let h = 0; h < H; h++) w[i * H + h] -= l * w[k * H + h];
    }
    for (let h = 0; h < H; h++) w[i * H + h] /= a[ri + i];
  }
  for (let i = C - 1; i >= 0; i--) {
    for (let k = i + 1; k < C; k++) {
      const l = a[k * C + i];
      if (l === 0) continue;
      for (let h = 0; h < H; h++) w[i * H + h] -= l * w[k * H + h];
    }
    for (let h = 0; h < H; h++) w[i * H + h] /= a[i * C + i];
  }
  return w;
}

/** MSE of X·W against Y over the rows summarised by `n`: (tr WᵀAW − 2 tr WᵀB + ΣY²) / (rows·outputs). */
export function normalMse(n: Normal, w: ArrayLike<number>): number {
  const { cols: C, outputs: H } = n;
  const aw = new Float64Array(H);
  let quad = 0;
  let cross = 0;
  for (let i = 0; i < C; i++) {
    aw.fill(0);
    for (let j = 0; j < C; j++) {
      const v = n.xtx[i * C + j];
      if (v === 0) continue;
      for (let h = 0; h < H; h++) aw[h] += v * w[j * H + h];
    }
    for (let h = 0; h < H; h++) {
      quad += w[i * H + h] * aw[h];
      cross += w[i * H + h] * n.xty[i * H + h];
    }
  }
  return Math.max(0, quad - 2 * cross + n.yty) / (n.rows * H);
}

/** A ridge fit: weights (cols × outputs, bias last row), the chosen λ and its validation MSE. */
export interface RidgeFit {
  weights: Float64Array;
  lambda: number;
  /** Validation MSE at the chosen λ (training MSE when there was no validation set). */
  loss: number;
}

/**
 * Solves for each λ = g · mean diag(XᵀX) over `grid` and keeps the one with the lowest MSE
 * on the validation rows; without them, the smallest λ that solves (a light, stabilising ridge).
 */
export function fitRidge(train: Normal, val: Normal | null, grid: readonly number[] = RIDGE_GRID): RidgeFit {
  const C = train.cols;
  let trace = 0;
  for (let i = 0; i < C - 1; i++) trace += train.xtx[i * C + i];
  const unit = C > 1 ? trace / (C - 1) || 1 : 1;
  const check = val && val.rows > 0 ? val : null;
  let best: RidgeFit | null = null;
  for (const g of [...grid].sort((a, b) => a - b)) {
    const w = solveRidge(train, g * unit);
    if (!w) continue;
    if (!check) return { weights: w, lambda: g * unit, loss: normalMse(train, w) };
    const loss = normalMse(check, w);
    if (!best || loss < best.loss) best = { weights: w, lambda: g * unit, loss };
  }
  if (!best) throw new Error('Ridge: the normal equations are not positive definite for any λ of the grid.');
  return best;
}
