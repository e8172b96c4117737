/**
 * Per-series quick analysis: summary statistics and the dominant seasonal period, found from
 * the autocorrelation function (ACF) of the detrended series.
 *
 * Why detrend by removing a line (plus a long moving average) and not by first differences:
 * differencing scales a cycle of period P by 2·sin(π/P), so a yearly cycle on daily data
 * shrinks ~60× and drowns in the (√2-amplified) noise, while a weekly one survives; removing
 * a line keeps both. The moving average (half-width = longest lag searched) then removes the
 * slow wandering that a line cannot, which otherwise keeps the ACF high everywhere and hides
 * e.g. the daily cycle of ETTh1's LULL. Slowly decaying ACFs (random walks) are kept from
 * producing false periods by the prominence rule.
 */

import { DAY, type Frequency, type FrequencyKind } from './calendar';
import type { Frame } from './frame';
import { autocovarianceSums } from './fft';
import { fillColumn } from './fill';

/** Summary of one series. */
export interface SeriesProfile {
  name: string;
  /** Non-missing values. */
  count: number;
  missing: number;
  /** NaN when count is 0. */
  min: number;
  max: number;
  mean: number;
  /** Sample standard deviation (n − 1); NaN when count < 2. */
  std: number;
  /** All non-missing values are equal, or there are fewer than 2 of them. */
  constant: boolean;
  /** Dominant cycle length in rows (steps), or null when none is clear. */
  seasonalPeriod: number | null;
  /** ACF at seasonalPeriod, 0..1 (0 when there is none). */
  seasonalStrength: number;
}

/**
 * ACF level a seasonal peak must reach. White noise stays within ±2/√n of 0, which is below 0.3
 * for n ≥ 45; 0.3 also means the cycle explains a real share of the variance, not a ripple.
 */
export const ACF_THRESHOLD = 0.3;
/** A peak must rise this far above the lowest ACF value at shorter lags, so slow decays do not count. */
export const ACF_PROMINENCE = 0.1;
/** The ACF uses at most the last this-many points, which bounds the cost per column. */
export const ACF_MAX_POINTS = 10_000;
/** A period P needs n ≥ 2·P + this many points. */
const MARGIN = 10;
/** A natural period wins when its ACF is at least this share of the best peak's. */
const NATURAL_SHARE = 0.9;
/** A multiple of a shorter candidate only wins when its ACF exceeds the shorter one's by more than this. */
const CLEARLY_STRONGER = 0.1;

/** Longest lag searched, per frequency (0 = no search: steps of irregular axes are not comparable). */
const MAX_LAG: Record<FrequencyKind, number> = {
  hourly: 170,
  daily: 370,
  'business-daily': 265,
  weekly: 60,
  monthly: 24,
  quarterly: 8,
  yearly: 20,
  fixed: 400,
  index: 400,
  irregular: 0,
};

const NATURAL: Partial<Record<FrequencyKind, number[]>> = {
  hourly: [24, 168],
  daily: [7, 365],
  'business-daily': [5, 260],
  weekly: [52],
  monthly: [12],
  quarterly: [4],
};

/** Natural periods of a frequency; a sub-daily fixed step gets the day (e.g. 96 for 15 minutes). */
function naturalPeriods(f: Frequency): number[] {
  if (f.kind === 'fixed' && f.stepMs > 0 && f.stepMs < DAY && DAY % f.stepMs === 0) return [DAY / f.stepMs];
  return NATURAL[f.kind] ?? [];
}

/** Last ≤ ACF_MAX_POINTS values without leading/trailing NaN, interior NaN interpolated linearly (for the ACF only). */
function recent(col: Float64Array): Float64Array | null {
  let e = col.length;
  while (e > 0 && col[e - 1] !== col[e - 1]) e--;
  let s = Math.max(0, e - ACF_MAX_POINTS);
  while (s < e && col[s] !== col[s]) s++;
  if (e - s < 2 * 2 + MARGIN) return null;
  const x = col.slice(s, e);
  fillColumn(x, 'linear');
  return x;
}

/**
 * Detrends x in place: subtracts the least-squares line, then a centred moving average of
 * half-width h (a high-pass that keeps cycles of ≤ h steps almost whole: 98% of a 365-step
 * cycle survives h = 370), then re-centres on 0.
 */
function detrend(x: Float64Array, h: number): void {
  const n = x.length;
  const c = (n - 1) / 2; // centred abscissa, so intercept and slope decouple
  let sy = 0;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sy += x[i];
    sxy += (i - c) * x[i];
    sxx += (i - c) * (i - c);
  }
  const a = sy / n;
  const b = sxy / sxx;
  for (let i = 0; i < n; i++) x[i] -= a + b * (i - c);
  const cum = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cum[i + 1] = cum[i] + x[i];
  let mean = 0;
  for (let i = 0; i < n; i++) {
    const lo = i > h ? i - h : 0; // the window is truncated at both ends
    const hi = i + h + 1 < n ? i + h + 1 : n;
    x[i] -= (cum[hi] - cum[lo]) / (hi - lo);
    mean += x[i];
  }
  mean /= n;
  for (let i = 0; i < n; i++) x[i] -= mean;
}

/** Biased ACF r[0..maxLag] (divided by n·variance, which damps long lags with few pairs); all zero for a flat x. */
function acf(x: Float64Array, maxLag: number): Float64Array {
  const r = autocovarianceSums(x, maxLag);
  const c0 = r[0];
  // A flat residual (c0 ≈ 0 up to rounding) has no correlation structure.
  if (!(c0 > 1e-12 * x.length)) return new Float64Array(maxLag + 1);
  for (let k = 0; k <= maxLag; k++) r[k] /= c0;
  return r;
}

/** Peaks this close to a natural period P are read as P: none below 24 (7 must stay 7), 2% above (±7 for 365). */
function snapTolerance(p: number): number {
  return p < 24 ? 0 : Math.max(1, Math.round(0.02 * p));
}

/** The lag p is close to a whole multiple (≥ 2) of q. */
function isMultiple(p: number, q: number): boolean {
  const m = Math.round(p / q);
  return m >= 2 && Math.abs(p - m * q) <= Math.max(1, 0.02 * p);
}

/**
 * Seasonal period from the ACF. Candidates: local maxima at lags 2..L with r ≥ ACF_THRESHOLD
 * and prominence ≥ ACF_PROMINENCE. Start from the highest; a natural period of the frequency
 * (a peak within 2% of it, snapped to it) replaces it when its r ≥ 90% of the best; then, while
 * the pick is a multiple of a shorter candidate that it does not beat by more than 0.1, the
 * shorter one is taken. A series that wanders (a stochastic trend, like a price or a
 * temperature) can hide its cycle from the ACF of its levels: then the first differences are
 * searched too.
 */
export function seasonality(col: Float64Array, frequency: Frequency): { period: number | null; strength: number } {
  const x = recent(col);
  if (!x) return { period: null, strength: 0 };
  const levels = seasonalityOf(x.slice(), frequency, ACF_THRESHOLD);
  if (levels.period !== null) return levels;
  const d = new Float64Array(x.length - 1);
  for (let i = 0; i < d.length; i++) d[i] = x[i + 1] - x[i];
  // Differences are noisier and their seasonal peak lower: a lower bar (four standard errors of a
  // white-noise ACF), but only the calendar's own cycles (a day of hours, a week of days…) count.
  return seasonalityOf(d, frequency, Math.max(0.1, 4 / Math.sqrt(d.length)), true);
}

function seasonalityOf(x: Float64Array, frequency: Frequency, threshold: number, naturalOnly = false): { period: number | null; strength: number } {
  const none = { period: null, strength: 0 };
  const maxLag = Math.min(MAX_LAG[frequency.kind], Math.floor((x.length - MARGIN) / 2));
  if (maxLag < 2) return none;
  detrend(x, maxLag);
  const r = acf(x, Math.min(maxLag + 1, x.length - 1));
  const cands: number[] = [];
  let low = r[1];
  for (let k = 2; k <= maxLag; k++) {
    low = Math.min(low, r[k]);
    const peak = r[k] >= r[k - 1] && (k + 1 >= r.length || r[k] > r[k + 1]);
    if (peak && r[k] >= threshold && r[k] - low >= ACF_PROMINENCE) cands.push(k);
  }
  if (cands.length === 0) return none;
  // Snap peaks near a natural period onto it (a noisy yearly peak may sit at 362 or 368).
  const natural = naturalPeriods(frequency);
  const snapped = cands.map((k) => natural.find((p) => p <= maxLag && Math.abs(k - p) <= snapTolerance(p)) ?? k).filter((k) => !naturalOnly || natural.includes(k));
  if (snapped.length === 0) return none;
  const score = (k: number) => r[k];
  let best = snapped.reduce((a, b) => (score(b) > score(a) ? b : a));
  const top = score(best);
  const nat = snapped.filter((k) => natural.includes(k) && score(k) >= NATURAL_SHARE * top);
  if (nat.length > 0) best = nat.reduce((a, b) => (score(b) > score(a) ? b : a));
  for (;;) {
    const shorter = snapped.filter((q) => q < best && isMultiple(best, q) && score(best) - score(q) <= CLEARLY_STRONGER);
    if (shorter.length === 0) break;
    best = shorter.reduce((a, b) => (score(b) > score(a) ? b : a));
  }
  return { period: best, strength: Math.min(1, Math.max(0, score(best))) };
}

/** Statistics and seasonal period of one column; `frequency` sets which periods are searched. */
export function profileColumn(name: string, col: Float64Array, frequency: Frequency): SeriesProfile {
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v !== v) continue;
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = count > 0 ? sum / count : NaN;
  let ss = 0;
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v === v) ss += (v - mean) * (v - mean); // second pass: no cancellation on large offsets
  }
  const constant = count < 2 || min === max;
  const season = constant ? { period: null, strength: 0 } : seasonality(col, frequency);
  return {
    name,
    count,
    missing: col.length - count,
    min: count > 0 ? min : NaN,
    max: count > 0 ? max : NaN,
    mean,
    std: count > 1 ? Math.sqrt(ss / (count - 1)) : NaN,
    constant,
    seasonalPeriod: season.period,
    seasonalStrength: season.strength,
  };
}

/** Profiles every series of a frame; pass a cleaned frame so that rows are evenly spaced steps. */
export function profileFrame(frame: Frame, frequency: Frequency): SeriesProfile[] {
  return frame.names.map((name, c) => profileColumn(name, frame.cols[c], frequency));
}
