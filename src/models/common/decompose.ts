/**
 * Series decomposition of Autoformer/DLinear: the trend is a moving average (kernel k,
 * stride 1) over the window padded by repeating its first and last value (k-1)/2 times;
 * the seasonal part is what is left.
 */

/** Writes the moving-average trend of `x[offset..offset+len)` into `trend[at..at+len)`. */
export function movingAverage(x: ArrayLike<number>, offset: number, len: number, kernel: number, trend: Float32Array | Float64Array, at = 0): void {
  const half = (kernel - 1) >> 1;
  const last = offset + len - 1;
  // Indices outside the window repeat its first or last value (edge-replicated padding).
  let sum = 0;
  for (let j = -half; j <= half; j++) sum += x[Math.min(last, Math.max(offset, offset + j))];
  trend[at] = sum / kernel;
  for (let i = 1; i < len; i++) {
    // Slide the window one step: add the value entering on the right, drop the one leaving on the left.
    sum += x[Math.min(last, offset + i + half)] - x[Math.max(offset, offset + i - half - 1)];
    trend[at + i] = sum / kernel;
  }
}

/** Seasonal and trend parts of a whole series (kernel must be odd). */
export function decompose(x: ArrayLike<number>, kernel = 25): { seasonal: Float64Array; trend: Float64Array } {
  const n = x.length;
  const trend = new Float64Array(n);
  const seasonal = new Float64Array(n);
  if (n === 0) return { seasonal, trend };
  movingAverage(x, 0, n, kernel, trend);
  for (let i = 0; i < n; i++) seasonal[i] = x[i] - trend[i];
  return { seasonal, trend };
}
