/**
 * Tabular features for direct multi-horizon forecasting with tree or additive models.
 * A row is a forecast origin t (the last observed step); its features use values up to t
 * only (lags ≥ 1 of the step being forecast), and the calendar of the target step t + h,
 * which is known in advance. Columns are Float64Arrays; NaN marks what is unknown.
 */

/** Which features to build. */
export interface FeatureSpec {
  /** Target lags 1..lags (lag 1 = the value at the origin). */
  lags: number;
  /** Lags 1..driverLags of every driver. */
  driverLags: number;
  /** Rolling mean and std windows ending at the origin. */
  rolling: number[];
  /** Seasonal period in steps (from the check-up); with `seasons`, gives same-phase features. */
  period?: number | null;
  /**
   * Values at the target step's phase in the last `seasons` cycles: y[t + h − (c + j)·period] for
   * j = 0..seasons − 1, where c = ⌈h / period⌉ makes j = 0 the latest such step not after the
   * origin t (minus y[t] in 'change' mode).
   */
  seasons?: number;
  /** Calendar features of the target step (skipped when time is a row index). */
  calendar: boolean;
  /** Holiday dates (epoch ms at UTC midnight); a flag feature when given. */
  holidays?: Float64Array;
  /**
   * 'level' uses values as they are; 'change' uses step changes (y[t−k+1] − y[t−k]) and rolling
   * means relative to the origin, so a model of future changes does not depend on the price level.
   */
  mode?: 'level' | 'change';
}

/** A feature matrix: one column per feature, one row per origin in [first, end). */
export interface FeatureMatrix {
  names: string[];
  cols: Float64Array[];
  /** Series index of each row's origin. */
  origin: Int32Array;
}

const DAY = 86_400_000;

/** Calendar feature names and extractors (UTC), for the target's timestamp. */
const CALENDAR: [string, (d: Date) => number][] = [
  ['hour', (d) => d.getUTCHours()],
  ['day of week', (d) => (d.getUTCDay() + 6) % 7], // Monday = 0
  ['day of month', (d) => d.getUTCDate()],
  ['month', (d) => d.getUTCMonth() + 1],
  ['week of year', isoWeek],
];

/**
 * Builds features for origins `first ≤ t < end` and horizon step `h` (1-based). `target` and
 * `drivers` are full series; `time` gives each step's timestamp, `stepMs` extends it past the
 * end for calendar features of future steps. `name` labels the columns ("naphtha lag 2").
 */
export function buildFeatures(
  name: string,
  target: Float64Array,
  drivers: { name: string; values: Float64Array }[],
  time: Float64Array,
  stepMs: number | null,
  spec: FeatureSpec,
  h: number,
  first: number,
  end: number,
): FeatureMatrix {
  const rows = Math.max(0, end - first);
  const origin = new Int32Array(rows);
  for (let r = 0; r < rows; r++) origin[r] = first + r;
  const names: string[] = [];
  const cols: Float64Array[] = [];
  const add = (label: string, fill: (t: number) => number) => {
    const col = new Float64Array(rows);
    for (let r = 0; r < rows; r++) col[r] = fill(first + r);
    names.push(label);
    cols.push(col);
  };
  const at = (y: Float64Array, i: number) => (i >= 0 && i < y.length ? y[i] : NaN);
  const change = spec.mode === 'change';
  const lag = (y: Float64Array, t: number, k: number) => (change ? at(y, t - k + 1) - at(y, t - k) : at(y, t - k + 1));
  const kind = change ? 'change' : 'lag';
  for (let k = 1; k <= spec.lags; k++) add(`${name} ${kind} ${k + h - 1}`, (t) => lag(target, t, k));
  for (const d of drivers) for (let k = 1; k <= spec.driverLags; k++) add(`${d.name} ${kind} ${k + h - 1}`, (t) => lag(d.values, t, k));
  const p = spec.period ?? 0;
  if (p >= 2 && (spec.seasons ?? 0) > 0) {
    const back = p * Math.ceil(h / p); // the latest same-phase step at or before the origin
    for (let j = 0; j < spec.seasons!; j++) add(`${name} ${j === 0 ? 'last' : `${j + 1} cycles back`} at the same phase${change ? ' vs now' : ''}`, (t) => at(target, t + h - back - j * p) - (change ? at(target, t) : 0));
  }
  for (const w of spec.rolling) {
    add(change ? `${name} mean of last ${w} vs now` : `${name} mean of last ${w}`, (t) => windowStat(target, t, w, false) - (change ? at(target, t) : 0));
    add(`${name} std of last ${w}`, (t) => windowStat(target, t, w, true));
  }
  if (spec.calendar && stepMs !== null) {
    const when = (t: number) => (t + h < time.length ? time[t + h] : time[time.length - 1] + (t + h - time.length + 1) * stepMs);
    const span = time.length > 1 ? time[time.length - 1] - time[0] : 0;
    for (const [label, f] of CALENDAR) {
      if (label === 'hour' && stepMs >= DAY) continue; // constant for daily and coarser data
      if ((label === 'day of week' || label === 'day of month') && stepMs >= 28 * DAY) continue;
      // A yearly position seen once is only a clock: it would learn the trend of that one year.
      if ((label === 'week of year' || label === 'month') && (stepMs >= (label === 'month' ? 365 : 28) * DAY || span < 2 * 365 * DAY)) continue;
      add(label, (t) => f(new Date(when(t))));
    }
    const holidays = spec.holidays;
    if (holidays && holidays.length > 0) {
      const set = new Set(holidays);
      add('holiday', (t) => (set.has(Math.floor(when(t) / DAY) * DAY) ? 1 : 0));
    }
  }
  return { names, cols, origin };
}

/** Mean (or sample std) of the finite values in y(t−w, t]; NaN with fewer than 2 values. */
function windowStat(y: Float64Array, t: number, w: number, std: boolean): number {
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (let i = Math.max(0, t - w + 1); i <= t && i < y.length; i++) {
    const v = y[i];
    if (Number.isFinite(v)) {
      n++;
      sum += v;
      sq += v * v;
    }
  }
  if (n < 2) return n === 1 && !std ? sum : NaN;
  const mean = sum / n;
  return std ? Math.sqrt(Math.max(0, (sq - n * mean * mean) / (n - 1))) : mean;
}

/** ISO 8601 week number (1..53) of a UTC date: the week holding the year's first Thursday is 1. */
function isoWeek(d: Date): number {
  const thursday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7)));
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return Math.floor((thursday.getTime() - yearStart) / (7 * DAY)) + 1;
}
