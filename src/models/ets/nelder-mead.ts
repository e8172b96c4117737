/** Nelder–Mead simplex minimiser: derivative-free, for the few smoothing parameters of ETS. */

/** Options of `nelderMead`. */
export interface NelderMeadOptions {
  /** Initial simplex edge length per coordinate (default 0.5). */
  step?: number;
  /** Most function evaluations (default 200·dimension). */
  maxEvals?: number;
  /** Stops when the simplex's values differ by less than this, relative (default 1e-10). */
  tol?: number;
}

/** Minimises f from x0; returns the best point and its value. */
export function nelderMead(f: (x: Float64Array) => number, x0: Float64Array, opts: NelderMeadOptions = {}): { x: Float64Array; fx: number } {
  const d = x0.length;
  const step = opts.step ?? 0.5;
  const maxEvals = opts.maxEvals ?? 200 * Math.max(1, d);
  const tol = opts.tol ?? 1e-10;
  // Non-finite values (a diverging filter) rank last instead of poisoning comparisons.
  const g = (x: Float64Array) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Number.MAX_VALUE;
  };
  const pts: Float64Array[] = [x0.slice()];
  for (let i = 0; i < d; i++) {
    const p = x0.slice();
    p[i] += step;
    pts.push(p);
  }
  const val = pts.map(g);
  let evals = d + 1;
  if (d === 0) return { x: x0.slice(), fx: val[0] };
  const order = Int32Array.from({ length: d + 1 }, (_, i) => i);
  const centroid = new Float64Array(d);
  const at = (c: number, worst: Float64Array) => {
    const p = new Float64Array(d);
    for (let j = 0; j < d; j++) p[j] = centroid[j] + c * (worst[j] - centroid[j]);
    return p;
  };
  while (evals < maxEvals) {
    order.sort((a, b) => val[a] - val[b]);
    const best = order[0];
    const worst = order[d];
    const second = order[d - 1];
    if (Math.abs(val[worst] - val[best]) <= tol * (Math.abs(val[best]) + 1e-300)) break;
    centroid.fill(0);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) centroid[j] += pts[order[i]][j] / d;
    const xr = at(-1, pts[worst]);
    const fr = g(xr);
    evals++;
    if (fr < val[best]) {
      const xe = at(-2, pts[worst]);
      const fe = g(xe);
      evals++;
      [pts[worst], val[worst]] = fe < fr ? [xe, fe] : [xr, fr];
    } else if (fr < val[second]) {
      [pts[worst], val[worst]] = [xr, fr];
    } else {
      // Contract towards the better of the reflected and the worst point.
      const outside = fr < val[worst];
      const xc = at(outside ? -0.5 : 0.5, pts[worst]);
      const fc = g(xc);
      evals++;
      if (fc < (outside ? fr : val[worst])) {
        [pts[worst], val[worst]] = [xc, fc];
      } else {
        for (let i = 1; i <= d; i++) {
          const k = order[i];
          for (let j = 0; j < d; j++) pts[k][j] = pts[best][j] + 0.5 * (pts[k][j] - pts[best][j]);
          val[k] = g(pts[k]);
          evals++;
        }
      }
    }
  }
  let b = 0;
  for (let i = 1; i <= d; i++) if (val[i] < val[b]) b = i;
  return { x: pts[b], fx: val[b] };
}
