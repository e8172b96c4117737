/** Additive ETS state-space recursions (error, trend none/additive/damped, season none/additive). */

/** Smoothing parameters: level α, trend β, season γ, damping φ (φ = 1 undamped). */
export interface EtsParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

/** States before the first value: level, trend, and one seasonal index per position t mod m. */
export interface EtsInit {
  level: number;
  trend: number;
  season: Float64Array;
}

/** Which components a variant has. */
export interface EtsShape {
  trend: boolean;
  season: boolean;
}

/** Running state after a filter pass (season indexed by t mod m). */
export interface EtsRun {
  level: number;
  trend: number;
  season: Float64Array;
  /** Sum of squared one-step errors and how many values it covers. */
  sse: number;
  count: number;
}

/** Runs the recursions over y; a missing value skips the update and carries the forecast forward. */
export function filter(y: ArrayLike<number>, p: EtsParams, init: EtsInit, shape: EtsShape): EtsRun {
  const m = shape.season ? init.season.length : 0;
  const season = shape.season ? init.season.slice() : new Float64Array(0);
  const phi = shape.trend ? p.phi : 0;
  let level = init.level;
  let trend = shape.trend ? init.trend : 0;
  let sse = 0;
  let count = 0;
  for (let t = 0; t < y.length; t++) {
    const s = m ? season[t % m] : 0;
    const base = level + phi * trend;
    const e = y[t] - (base + s);
    // Missing value: no error to learn from; the states move as the forecast says.
    const err = Number.isFinite(e) ? e : 0;
    if (Number.isFinite(e)) {
      sse += e * e;
      count++;
    }
    level = base + p.alpha * err;
    trend = phi * trend + p.beta * err;
    if (m) season[t % m] = s + p.gamma * err;
  }
  return { level, trend, season, sse, count };
}

/** Forecasts h steps after a series of length n ended in `run`. */
export function project(run: EtsRun, n: number, h: number, phi: number, shape: EtsShape): Float64Array {
  const m = shape.season ? run.season.length : 0;
  const out = new Float64Array(h);
  let damp = 0;
  let pk = 1;
  for (let k = 0; k < h; k++) {
    // Σ φ^j for j = 1..k+1: the damped trend's cumulative reach.
    if (shape.trend) {
      pk *= phi;
      damp += pk;
    }
    out[k] = run.level + damp * run.trend + (m ? run.season[(n + k) % m] : 0);
  }
  return out;
}

/** Initial states by classic decomposition of the first seasons, then a line through the deseasonalised start. */
export function initialStates(y: ArrayLike<number>, m: number, shape: EtsShape): EtsInit {
  const n = y.length;
  const season = new Float64Array(shape.season ? m : 0);
  if (shape.season) {
    // Centred moving average (2×m when m is even) over the first few seasons, then mean detrended value per position.
    const K = Math.min(n, 4 * m);
    const half = Math.floor(m / 2);
    const sum = new Float64Array(m);
    const cnt = new Float64Array(m);
    for (let t = half; t + half < K; t++) {
      let ma = 0;
      for (let j = -half; j <= half; j++) {
        const w = m % 2 === 0 && Math.abs(j) === half ? 0.5 : 1;
        ma += w * y[t + j];
      }
      const d = y[t] - ma / m;
      if (Number.isFinite(d)) {
        sum[t % m] += d;
        cnt[t % m]++;
      }
    }
    let mean = 0;
    for (let j = 0; j < m; j++) {
      season[j] = cnt[j] ? sum[j] / cnt[j] : 0;
      mean += season[j] / m;
    }
    for (let j = 0; j < m; j++) season[j] -= mean;
  }
  // Least-squares line through the first deseasonalised values (at least 10, or two seasons).
  const L = Math.min(n, Math.max(10, 2 * m));
  let st = 0;
  let sz = 0;
  let stt = 0;
  let stz = 0;
  let c = 0;
  for (let t = 0; t < L; t++) {
    const z = y[t] - (shape.season ? season[t % m] : 0);
    if (!Number.isFinite(z)) continue;
    st += t;
    sz += z;
    stt += t * t;
    stz += t * z;
    c++;
  }
  // Nothing observed: NaN states make every forecast NaN rather than a made-up zero.
  if (c === 0) return { level: NaN, trend: 0, season };
  const den = c * stt - st * st;
  const slope = shape.trend && c >= 2 && den > 0 ? (c * stz - st * sz) / den : 0;
  const intercept = (sz - slope * st) / c;
  // The states sit one step before the first value.
  return { level: intercept - slope, trend: slope, season };
}
