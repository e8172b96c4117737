/** Z-scoring and sliding windows over one series, on typed arrays. */

/** Train-only standardisation; a constant or empty series scales by 1 so nothing divides by 0. */
export interface Scaler {
  mean: number;
  std: number;
}

/** Mean and std of the finite values of y[0..end). */
export function fitScaler(y: Float64Array, end = y.length): Scaler {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < end; i++) {
    if (Number.isFinite(y[i])) {
      sum += y[i];
      n++;
    }
  }
  const mean = n ? sum / n : 0;
  let ss = 0;
  for (let i = 0; i < end; i++) if (Number.isFinite(y[i])) ss += (y[i] - mean) ** 2;
  const std = n > 1 ? Math.sqrt(ss / n) : 0;
  return { mean, std: std > 1e-12 ? std : 1 };
}

/** (y - mean) / std as a new array. */
export function scale(y: Float64Array, s: Scaler): Float64Array {
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = (y[i] - s.mean) / s.std;
  return out;
}

/** Input/target windows, row-major: x is count × lookback, y is count × horizon. */
export interface Windows {
  x: Float32Array;
  y: Float32Array;
  /** Index in the series of each window's first target step. */
  origin: Int32Array;
  count: number;
  lookback: number;
  horizon: number;
}

/** Every window whose first target step t lies in [from, to) and holds no missing value. */
export function slidingWindows(z: Float64Array, lookback: number, horizon: number, from: number, to: number, alloc: (n: number) => Float32Array = (n) => new Float32Array(n)): Windows {
  const lo = Math.max(from, lookback);
  const hi = Math.min(to, z.length - horizon + 1);
  const ok = new Int32Array(Math.max(0, hi - lo));
  let count = 0;
  // A prefix count of missing values makes each window's check O(1).
  const bad = new Int32Array(z.length + 1);
  for (let i = 0; i < z.length; i++) bad[i + 1] = bad[i] + (Number.isFinite(z[i]) ? 0 : 1);
  for (let t = lo; t < hi; t++) if (bad[t + horizon] - bad[t - lookback] === 0) ok[count++] = t;
  const x = alloc(count * lookback);
  const y = alloc(count * horizon);
  for (let k = 0; k < count; k++) {
    const t = ok[k];
    for (let j = 0; j < lookback; j++) x[k * lookback + j] = z[t - lookback + j];
    for (let j = 0; j < horizon; j++) y[k * horizon + j] = z[t + j];
  }
  return { x, y, origin: ok.slice(0, count), count, lookback, horizon };
}
