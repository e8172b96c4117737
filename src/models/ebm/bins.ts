/**
 * Quantile binning of one numeric feature. Bin 0 holds missing values (NaN); bin k ≥ 1 holds
 * values in [cuts[k−2], cuts[k−1]), so a feature with c cuts has c + 2 bins. Values outside the
 * training range fall into the edge bins. Features are binned once and shared by every term.
 */

/** Bin indices of one column: bytes when there are at most 256 bins, else 16-bit. */
export type BinIndex = Uint8Array | Uint16Array;

/** One binned feature: its cut points, its bin column and the number of bins (cuts + 2). */
export interface Binned {
  cuts: Float64Array;
  bins: BinIndex;
  nBins: number;
}

/**
 * Cut points for at most `maxBins` bins (missing bin included): midpoints between distinct
 * values when they are few, else midpoints at evenly spaced ranks of the distinct values.
 */
export function quantileCuts(x: Float64Array, maxBins: number): Float64Array {
  const finite: number[] = [];
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) finite.push(x[i]);
  const sorted = Float64Array.from(finite).sort();
  // Distinct values, in place.
  let d = 0;
  for (let i = 0; i < sorted.length; i++) if (d === 0 || sorted[i] !== sorted[d - 1]) sorted[d++] = sorted[i];
  const maxCuts = Math.max(0, maxBins - 2);
  if (d - 1 <= maxCuts) {
    const cuts = new Float64Array(Math.max(0, d - 1));
    for (let k = 1; k < d; k++) cuts[k - 1] = (sorted[k - 1] + sorted[k]) / 2;
    return cuts;
  }
  const cuts: number[] = [];
  for (let k = 1; k <= maxCuts; k++) {
    // Rank of the first distinct value right of the k-th cut; never 0, never past the end.
    const j = Math.min(d - 1, Math.max(1, Math.round((k * d) / (maxCuts + 1))));
    const c = (sorted[j - 1] + sorted[j]) / 2;
    if (cuts.length === 0 || c > cuts[cuts.length - 1]) cuts.push(c);
  }
  return Float64Array.from(cuts);
}

/** The bin of one value: 0 for NaN, else 1 + the number of cuts ≤ x (binary search). */
export function binValue(cuts: Float64Array, x: number): number {
  if (Number.isNaN(x)) return 0;
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

/** Bins a whole column with given cuts. */
export function binColumn(x: Float64Array, cuts: Float64Array): BinIndex {
  const out = cuts.length + 2 <= 256 ? new Uint8Array(x.length) : new Uint16Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = binValue(cuts, x[i]);
  return out;
}

/** Quantile cuts plus the bin column of a feature. */
export function binFeature(x: Float64Array, maxBins: number): Binned {
  const cuts = quantileCuts(x, maxBins);
  return { cuts, bins: binColumn(x, cuts), nBins: cuts.length + 2 };
}

/** Bin counts of a column (length nBins). */
export function binCounts(bins: BinIndex, nBins: number): Float64Array {
  const c = new Float64Array(nBins);
  for (let i = 0; i < bins.length; i++) c[bins[i]]++;
  return c;
}
