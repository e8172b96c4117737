/**
 * UTC calendar arithmetic for time grids: the frequency types, stepping a grid by fixed
 * milliseconds, business days or calendar months, and formatting times for messages.
 * Everything is UTC: the importer stores epoch milliseconds in UTC, so there is no DST here.
 */

/** How the rows of a frame are spaced in time (used as `data-frequency` by the UI). */
export type FrequencyKind =
  | 'hourly'
  | 'daily'
  | 'business-daily'
  | 'weekly'
  | 'monthly'
  | 'quarterly'
  | 'yearly'
  | 'fixed'
  | 'irregular'
  | 'index';

/** The inferred spacing of a time axis. */
export interface Frequency {
  kind: FrequencyKind;
  /** Nominal step in ms; months, quarters and years use calendar stepping, this is their mean length. */
  stepMs: number;
  /** Plain-language description, e.g. "daily", "every 15 minutes", "monthly (month end)". */
  label: string;
  /** Monthly/quarterly/yearly: the grid sits on a fixed day of the month ('start') or on the month end. */
  anchor?: 'start' | 'end';
  /** Day of month of a 'start'-anchored calendar grid (1 = month start). */
  day?: number;
}

/** One second in ms. */
export const SECOND = 1000;
/** One minute in ms. */
export const MINUTE = 60 * SECOND;
/** One hour in ms. */
export const HOUR = 60 * MINUTE;
/** One day in ms. */
export const DAY = 24 * HOUR;
/** One week in ms. */
export const WEEK = 7 * DAY;
/** Mean Gregorian month in ms (nominal step of monthly grids). */
export const MONTH = Math.round((365.2425 * DAY) / 12);

/** Calendar months per step of a calendar frequency, or 0 for fixed-length steps. */
export function monthsPerStep(kind: FrequencyKind): number {
  return kind === 'monthly' ? 1 : kind === 'quarterly' ? 3 : kind === 'yearly' ? 12 : 0;
}

/** True when the frequency defines a grid (rows can be inserted and gaps counted). */
export function isRegular(f: Frequency): boolean {
  return f.kind !== 'irregular' && f.kind !== 'index';
}

/** Milliseconds since the start of the UTC day (0 ≤ result < DAY, also for negative times). */
export function timeOfDay(t: number): number {
  return t - Math.floor(t / DAY) * DAY;
}

/** Weekday of a UTC time, Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday). */
export function weekday(t: number): number {
  const d = Math.floor(t / DAY) + 3;
  return d - Math.floor(d / 7) * 7;
}

/** Ordinal of a time's day among weekdays; a Saturday or Sunday counts as the following Monday. */
export function businessIndex(t: number): number {
  const d = Math.floor(t / DAY) + 3; // days since Monday 1969-12-29
  const w = Math.floor(d / 7);
  return 5 * w + Math.min(d - 7 * w, 5);
}

/** Start of the business day with a given ordinal (inverse of businessIndex on weekdays). */
function businessDay(b: number): number {
  const w = Math.floor(b / 5);
  return (7 * w + (b - 5 * w) - 3) * DAY;
}

/** True for leap years of the proleptic Gregorian calendar. */
function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Number of days of month `m` (0-based) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  return m === 1 && isLeap(y) ? 29 : MONTH_DAYS[m];
}

/** UTC year, 0-based month and day of month of a time. */
export function ymd(t: number): [number, number, number] {
  const d = new Date(t);
  return [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
}

/** Months since year 0 of a time (year·12 + month). */
export function monthIndex(t: number): number {
  const d = new Date(t);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** Epoch ms of a UTC date; month may overflow; years 0–99 are not shifted to 19xx as Date.UTC does. */
function utcDate(y: number, m: number, day: number): number {
  y += Math.floor(m / 12);
  m -= Math.floor(m / 12) * 12;
  if (y >= 0 && y < 100) {
    const d = new Date(Date.UTC(2000, m, day)); // 2000 is a leap year, so Feb 29 survives setUTCFullYear when valid
    d.setUTCFullYear(y);
    return d.getTime();
  }
  return Date.UTC(y, m, day);
}

/** The month-stepped time `months` after `t`, placed on the grid's anchor day, keeping t's time of day. */
function addMonths(t: number, months: number, f: Frequency): number {
  const [y, m0] = ymd(t);
  const m = m0 + months;
  const yy = y + Math.floor(m / 12);
  const mm = m - Math.floor(m / 12) * 12;
  const dim = daysInMonth(yy, mm);
  const day = f.anchor === 'end' ? dim : Math.min(f.day ?? 1, dim);
  return utcDate(yy, mm, day) + timeOfDay(t);
}

/** The time `k` grid steps after `t` (k ≥ 0); only meaningful for regular frequencies. */
export function gridAdvance(t: number, k: number, f: Frequency): number {
  const mps = monthsPerStep(f.kind);
  if (mps > 0) return addMonths(t, k * mps, f);
  if (f.kind === 'business-daily') return businessDay(businessIndex(t) + k) + timeOfDay(t);
  return t + k * f.stepMs;
}

/** Whole grid steps from `a` to `b` (b ≥ a); off-grid times round to the nearest step. */
export function stepsBetween(a: number, b: number, f: Frequency): number {
  const mps = monthsPerStep(f.kind);
  if (mps > 0) return Math.round((monthIndex(b) - monthIndex(a)) / mps);
  if (f.kind === 'business-daily') return businessIndex(b) - businessIndex(a);
  return Math.round((b - a) / f.stepMs);
}

/** A step length in words: "15 minutes", "day", "2 weeks". */
export function describeStep(ms: number): string {
  const units: [number, string][] = [
    [WEEK, 'week'],
    [DAY, 'day'],
    [HOUR, 'hour'],
    [MINUTE, 'minute'],
    [SECOND, 'second'],
  ];
  for (const [u, name] of units) {
    if (ms >= u && ms % u === 0) return ms === u ? name : `${ms / u} ${name}s`;
  }
  return ms === 1 ? 'millisecond' : `${+ms.toPrecision(6)} milliseconds`;
}

/** Full ISO 8601 UTC string of a time, or 'invalid time' when it cannot be represented. */
export function toIsoString(ms: number): string {
  // Date covers ±8.64e15 ms; outside that toISOString would throw.
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : 'invalid time';
}

/**
 * A short time for messages: '2024-03-05' for daily and coarser grids, '2024-03-05 14:00'
 * for sub-daily ones (seconds added when present), '#12' for row indices.
 */
export function formatTime(ms: number, frequency: Frequency): string {
  if (frequency.kind === 'index') return Number.isFinite(ms) ? `#${ms}` : 'invalid row';
  const iso = toIsoString(ms);
  if (iso === 'invalid time') return iso;
  const tIdx = iso.indexOf('T');
  const date = iso.slice(0, tIdx);
  const tod = timeOfDay(ms);
  const subDaily = frequency.kind === 'hourly' || (frequency.kind !== 'irregular' && frequency.stepMs < DAY);
  if (!subDaily && (tod === 0 || frequency.kind !== 'irregular')) return date;
  const showSeconds = tod % MINUTE !== 0 || (frequency.kind === 'fixed' && frequency.stepMs < MINUTE);
  const showMs = tod % SECOND !== 0;
  return `${date} ${iso.slice(tIdx + 1, showMs ? tIdx + 13 : showSeconds ? tIdx + 9 : tIdx + 6)}`;
}
