/**
 * Filling missing values (NaN) in one column, in place. Edge rule, precisely:
 * - 'linear': interior runs are interpolated linearly in x (time, or row index without x);
 *   leading and trailing runs stay NaN, because there is nothing on one side to interpolate from.
 * - 'previous': each NaN takes the last value before it, so trailing runs are filled too;
 *   leading runs stay NaN.
 * - 'zero': every NaN becomes 0.  - 'none': nothing changes.
 */

/** How missing values are filled after cleaning the time axis. */
export type FillMethod = 'linear' | 'previous' | 'zero' | 'none';

/** What fillColumn did: values filled, and values still missing afterwards. */
export interface FillResult {
  filled: number;
  left: number;
}

/** Fills the NaNs of `col` in place by `method`; `x` (same length) weights linear interpolation. */
export function fillColumn(col: Float64Array, method: FillMethod, x?: Float64Array): FillResult {
  const n = col.length;
  let missing = 0;
  for (let i = 0; i < n; i++) if (col[i] !== col[i]) missing++;
  if (missing === 0 || method === 'none') return { filled: 0, left: missing };
  let filled = 0;
  if (method === 'zero') {
    for (let i = 0; i < n; i++) if (col[i] !== col[i]) col[i] = 0;
    filled = missing;
  } else if (method === 'previous') {
    let last = NaN;
    for (let i = 0; i < n; i++) {
      if (col[i] === col[i]) last = col[i];
      else if (last === last) {
        col[i] = last;
        filled++;
      }
    }
  } else {
    let prev = -1;
    for (let i = 0; i < n; i++) {
      if (col[i] !== col[i]) continue;
      if (prev >= 0 && i - prev > 1) {
        const y0 = col[prev];
        const dy = col[i] - y0;
        const x0 = x ? x[prev] : prev;
        const dx = (x ? x[i] : i) - x0;
        for (let j = prev + 1; j < i; j++) col[j] = y0 + (dy * ((x ? x[j] : j) - x0)) / dx;
        filled += i - prev - 1;
      }
      prev = i;
    }
  }
  return { filled, left: missing - filled };
}
