/**
 * Min/max decimation: one (min, max) pair per pixel column keeps every spike visible
 * while drawing at most 2·width points, whatever the series length.
 */
export interface Envelope {
  /** Per pixel column: the smallest value (NaN when the bucket has no value). */
  min: Float64Array;
  /** Per pixel column: the largest value. */
  max: Float64Array;
  /** Smallest and largest finite value overall. */
  lo: number;
  hi: number;
}

/** Reduces a column to `width` buckets of min/max, skipping NaN. */
export function envelope(values: Float64Array, width: number): Envelope {
  const w = Math.max(1, Math.min(width, values.length || 1));
  const min = new Float64Array(w).fill(NaN);
  const max = new Float64Array(w).fill(NaN);
  let lo = Infinity;
  let hi = -Infinity;
  const n = values.length;
  for (let b = 0; b < w; b++) {
    const start = Math.floor((b * n) / w);
    const end = Math.floor(((b + 1) * n) / w);
    let mn = Infinity;
    let mx = -Infinity;
    for (let i = start; i < end; i++) {
      const v = values[i];
      if (v < mn) mn = v; // NaN compares false, so it is skipped
      if (v > mx) mx = v;
    }
    if (mn <= mx) {
      min[b] = mn;
      max[b] = mx;
      if (mn < lo) lo = mn;
      if (mx > hi) hi = mx;
    }
  }
  return { min, max, lo, hi };
}
