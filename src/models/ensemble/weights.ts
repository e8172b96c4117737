/**
 * Ensemble weights: non-negative, summing to one, minimising the squared error of the
 * weighted combination on out-of-sample (backtest) forecasts.
 */

/** Options of `ensembleWeights`. */
export interface WeightOptions {
  /** Fewest rows where every model and the actual are finite; below it the weights are equal (default 3·models). */
  minPoints?: number;
}

/** Simplex-constrained least-squares weights, one per model (equal weights when there is too little data). */
export function ensembleWeights(forecasts: readonly Float64Array[], actual: Float64Array, opts: WeightOptions = {}): Float64Array {
  const m = forecasts.length;
  const equal = new Float64Array(m).fill(1 / Math.max(1, m));
  if (m <= 1) return equal;
  // Gram matrix and right-hand side over the rows where everything is known.
  const G = new Float64Array(m * m);
  const b = new Float64Array(m);
  let rows = 0;
  let scale = 0;
  for (let t = 0; t < actual.length; t++) {
    const y = actual[t];
    if (!Number.isFinite(y)) continue;
    let ok = true;
    for (let i = 0; i < m && ok; i++) ok = t < forecasts[i].length && Number.isFinite(forecasts[i][t]);
    if (!ok) continue;
    rows++;
    scale += y * y;
    for (let i = 0; i < m; i++) {
      const fi = forecasts[i][t];
      b[i] += fi * y;
      for (let j = 0; j <= i; j++) G[i * m + j] += fi * forecasts[j][t];
    }
  }
  if (rows < (opts.minPoints ?? 3 * m) || !(scale > 0)) return equal;
  for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) G[j * m + i] = G[i * m + j];
  const G0 = G.slice();
  const b0 = b.slice();
  // The sum-to-one constraint as a heavily weighted extra row λ·Σw = λ, then NNLS, then normalise.
  const lambda2 = 1e6 * scale;
  for (let i = 0; i < m; i++) {
    b[i] += lambda2;
    for (let j = 0; j < m; j++) G[i * m + j] += lambda2;
  }
  const w = nnls(G, b, m);
  let sum = 0;
  for (let i = 0; i < m; i++) sum += w[i];
  if (!(sum > 0)) return equal;
  for (let i = 0; i < m; i++) w[i] /= sum;
  return polish(G0, b0, m, w);
}

/** Exact equality-constrained solve on the support the NNLS found (KKT system); kept only if still ≥ 0. */
function polish(G: Float64Array, b: Float64Array, m: number, w: Float64Array): Float64Array {
  const idx: number[] = [];
  for (let i = 0; i < m; i++) if (w[i] > 0) idx.push(i);
  const k = idx.length;
  const K = new Float64Array((k + 1) * (k + 1));
  const r = new Float64Array(k + 1);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) K[i * (k + 1) + j] = G[idx[i] * m + idx[j]];
    K[i * (k + 1) + k] = 1;
    K[k * (k + 1) + i] = 1;
    r[i] = b[idx[i]];
  }
  r[k] = 1;
  const x = solvePassive(K, r, k + 1, new Uint8Array(k + 1).fill(1));
  for (let i = 0; i < k; i++) if (!(x[i] >= 0)) return w;
  const out = new Float64Array(m);
  for (let i = 0; i < k; i++) out[idx[i]] = x[i];
  return out;
}

/** Lawson–Hanson active-set NNLS in normal-equation form: min wᵀGw − 2bᵀw subject to w ≥ 0. */
export function nnls(G: Float64Array, b: Float64Array, m: number): Float64Array {
  const w = new Float64Array(m);
  const passive = new Uint8Array(m);
  const grad = new Float64Array(m);
  let tol = 0;
  for (let i = 0; i < m; i++) tol = Math.max(tol, Math.abs(b[i]));
  tol *= 1e-12;
  for (let outer = 0; outer < 3 * m; outer++) {
    // Negative half-gradient b − Gw: positive entries can still lower the objective.
    let best = -1;
    for (let i = 0; i < m; i++) {
      let g = b[i];
      for (let j = 0; j < m; j++) g -= G[i * m + j] * w[j];
      grad[i] = g;
      if (!passive[i] && g > tol && (best < 0 || g > grad[best])) best = i;
    }
    if (best < 0) break;
    passive[best] = 1;
    for (let inner = 0; inner < 3 * m; inner++) {
      const s = solvePassive(G, b, m, passive);
      let alpha = 1;
      for (let i = 0; i < m; i++) if (passive[i] && s[i] <= 0) alpha = Math.min(alpha, w[i] / (w[i] - s[i]));
      for (let i = 0; i < m; i++) w[i] += alpha * (s[i] - w[i]);
      if (alpha === 1) break;
      // Variables that hit zero leave the passive set.
      for (let i = 0; i < m; i++) if (passive[i] && w[i] <= 1e-15) {
        passive[i] = 0;
        w[i] = 0;
      }
    }
  }
  return w;
}

/** Solves G_PP s_P = b_P by Gaussian elimination with partial pivoting; s is 0 off the passive set. */
function solvePassive(G: Float64Array, b: Float64Array, m: number, passive: Uint8Array): Float64Array {
  const idx: number[] = [];
  for (let i = 0; i < m; i++) if (passive[i]) idx.push(i);
  const k = idx.length;
  const A = new Float64Array(k * (k + 1));
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < k; c++) A[r * (k + 1) + c] = G[idx[r] * m + idx[c]];
    A[r * (k + 1) + k] = b[idx[r]];
    // A whisker of ridge keeps collinear forecasts solvable.
    A[r * (k + 1) + r] *= 1 + 1e-12;
  }
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(A[r * (k + 1) + c]) > Math.abs(A[p * (k + 1) + c])) p = r;
    if (p !== c) for (let j = 0; j <= k; j++) [A[c * (k + 1) + j], A[p * (k + 1) + j]] = [A[p * (k + 1) + j], A[c * (k + 1) + j]];
    const d = A[c * (k + 1) + c] || 1e-300;
    for (let r = c + 1; r < k; r++) {
      const f = A[r * (k + 1) + c] / d;
      if (f !== 0) for (let j = c; j <= k; j++) A[r * (k + 1) + j] -= f * A[c * (k + 1) + j];
    }
  }
  const s = new Float64Array(m);
  const x = new Float64Array(k);
  for (let r = k - 1; r >= 0; r--) {
    let v = A[r * (k + 1) + k];
    for (let j = r + 1; j < k; j++) v -= A[r * (k + 1) + j] * x[j];
    x[r] = v / (A[r * (k + 1) + r] || 1e-300);
  }
  for (let r = 0; r < k; r++) s[idx[r]] = x[r];
  return s;
}

/** Weighted sum of forecasts; a missing forecast drops out and the other weights are rescaled. */
export function combine(forecasts: readonly Float64Array[], weights: Float64Array): Float64Array {
  let h = 0;
  for (const f of forecasts) h = Math.max(h, f.length);
  const out = new Float64Array(h);
  for (let t = 0; t < h; t++) {
    let sum = 0;
    let wsum = 0;
    for (let i = 0; i < forecasts.length; i++) {
      const v = t < forecasts[i].length ? forecasts[i][t] : NaN;
      if (Number.isFinite(v) && weights[i] > 0) {
        sum += weights[i] * v;
        wsum += weights[i];
      }
    }
    out[t] = wsum > 0 ? sum / wsum : NaN;
  }
  return out;
}
