/**
 * Frequency inference: which grid a set of timestamps sits on. The most common step proposes
 * candidates (calendar months, business days, a fixed step); each candidate is scored by the
 * share of consecutive steps that are exactly one grid step; the best one wins if ≥ 60% agree.
 */

import {
  DAY,
  HOUR,
  MINUTE,
  MONTH,
  WEEK,
  daysInMonth,
  describeStep,
  gridAdvance,
  weekday,
  ymd,
  type Frequency,
  type FrequencyKind,
} from './calendar';

/** Share of steps that must be exactly one grid step for a frequency to count as regular. */
export const MIN_AGREEMENT = 0.6;
/** Steps sampled to find the most common step (the agreement score still uses every step). */
const MODE_SAMPLE = 65_536;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'];

/** A frequency plus the share of steps that matched it (1 for index frames). */
export interface Inferred {
  frequency: Frequency;
  agreement: number;
}

/** Steps compare with a tolerance: half a second for steps ≥ 1 minute (spreadsheet float noise), else exact to the ms. */
function tolerance(step: number): number {
  return step >= MINUTE ? 500 : 0.5;
}

/** Bucket key for counting steps, rounded like the tolerance so jittered steps pool together. */
function stepKey(d: number): number {
  return d >= MINUTE ? Math.round(d / 1000) * 1000 : Math.round(d);
}

/** Most common step among (a sample of) the consecutive differences; ties go to the shorter step. */
function modeStep(u: Float64Array): number {
  const n = u.length - 1;
  const stride = Math.max(1, Math.floor(n / MODE_SAMPLE));
  const counts = new Map<number, number>();
  let best = NaN;
  let bestCount = 0;
  for (let i = 0; i < n; i += stride) {
    const k = stepKey(u[i + 1] - u[i]);
    const c = (counts.get(k) ?? 0) + 1;
    counts.set(k, c);
    if (c > bestCount || (c === bestCount && k < best)) {
      best = k;
      bestCount = c;
    }
  }
  return best;
}

/** Share of consecutive steps that land exactly one grid step further. */
function agreement(u: Float64Array, f: Frequency): number {
  const tol = tolerance(Math.min(f.stepMs, DAY));
  let ok = 0;
  if (f.kind === 'monthly' || f.kind === 'quarterly' || f.kind === 'yearly' || f.kind === 'business-daily') {
    for (let i = 1; i < u.length; i++) if (Math.abs(u[i] - gridAdvance(u[i - 1], 1, f)) <= tol) ok++;
  } else {
    // Fixed steps: a tight loop without calendar calls, so a million rows stay cheap.
    const s = f.stepMs;
    for (let i = 1; i < u.length; i++) if (Math.abs(u[i] - u[i - 1] - s) <= tol) ok++;
  }
  return ok / (u.length - 1);
}

/** A fixed-step frequency, named hourly/daily/weekly when the step is exactly that. */
function fixed(step: number, u: Float64Array): Frequency {
  if (step === HOUR) return { kind: 'hourly', stepMs: step, label: 'hourly' };
  if (step === DAY) return { kind: 'daily', stepMs: step, label: 'daily' };
  if (step === WEEK) return { kind: 'weekly', stepMs: step, label: `weekly (${WEEKDAYS[weekday(u[0])]})` };
  return { kind: 'fixed', stepMs: step, label: `every ${describeStep(step)}` };
}

/** A month-stepped frequency anchored where most timestamps sit: the month end or a fixed day. */
function calendar(kind: FrequencyKind, months: number, u: Float64Array): Frequency {
  const dayCounts = new Uint32Array(32);
  let ends = 0;
  let mid = 0;
  for (let i = 0; i < u.length; i++) {
    const [y, m, d] = ymd(u[i]);
    dayCounts[d]++;
    if (d === daysInMonth(y, m)) ends++;
    if (i === u.length >> 1) mid = m;
  }
  let day = 1;
  for (let d = 2; d <= 31; d++) if (dayCounts[d] > dayCounts[day]) day = d;
  // Month ends (28..31) beat a single fixed day whenever they cover at least as many rows.
  const end = day >= 28 && ends >= dayCounts[day];
  const stepMs = MONTH * months;
  let where: string;
  if (months === 12) where = end ? (mid === 11 ? 'year end' : `end of ${MONTHS[mid]}`) : mid === 0 && day === 1 ? 'year start' : `${MONTHS[mid]} ${day}`;
  else if (end) where = months === 3 && mid % 3 === 2 ? 'quarter end' : 'month end';
  else where = day !== 1 ? `day ${day}` : months === 3 && mid % 3 === 0 ? 'quarter start' : 'month start';
  const label = `${kind} (${where})`;
  return end ? { kind, stepMs, label, anchor: 'end' } : { kind, stepMs, label, anchor: 'start', day };
}

/** Business days: daily steps, Fri→Mon jumps, and no Saturday or Sunday anywhere. */
function looksBusinessDaily(u: Float64Array): boolean {
  let friToMon = 0;
  for (let i = 0; i < u.length; i++) {
    const wd = weekday(u[i]);
    if (wd >= 5) return false;
    if (i > 0 && wd === 0 && weekday(u[i - 1]) === 4 && Math.abs(u[i] - u[i - 1] - 3 * DAY) < DAY / 2) friToMon++;
  }
  return friToMon > 0;
}

/**
 * Infers the grid of sorted, unique, finite timestamps. Fewer than 3 timestamps, or a best
 * candidate that fewer than 60% of steps agree with, gives 'irregular' with a label that says why.
 */
export function inferFrequency(u: Float64Array): Inferred {
  if (u.length < 3) {
    const label = `irregular (${u.length} valid timestamp${u.length === 1 ? '' : 's'}; at least 3 are needed)`;
    return { frequency: { kind: 'irregular', stepMs: u.length === 2 ? u[1] - u[0] : 0, label }, agreement: 0 };
  }
  const mode = modeStep(u);
  const candidates: Frequency[] = [];
  if (mode >= 27 * DAY && mode <= 32 * DAY) candidates.push(calendar('monthly', 1, u));
  if (mode >= 88 * DAY && mode <= 93 * DAY) candidates.push(calendar('quarterly', 3, u));
  if (mode >= 364 * DAY && mode <= 367 * DAY) candidates.push(calendar('yearly', 12, u));
  if (mode === DAY && looksBusinessDaily(u)) {
    candidates.push({ kind: 'business-daily', stepMs: DAY, label: 'business days (Mon–Fri)' });
  }
  candidates.push(fixed(mode, u));

  let best = candidates[0];
  let bestScore = -1;
  for (const c of candidates) {
    const score = agreement(u, c);
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  if (bestScore < MIN_AGREEMENT) {
    const pct = Math.round(bestScore * 100);
    const words = describeStep(mode);
    const calendarGrid = best.kind === 'business-daily' || best.stepMs !== mode;
    const grid = calendarGrid ? `on the ${best.label} grid` : `${/^\d/.test(words) ? words : `1 ${words}`} apart`;
    const label = `irregular (only ${pct}% of steps are ${grid})`;
    return { frequency: { kind: 'irregular', stepMs: mode, label }, agreement: bestScore };
  }
  return { frequency: best, agreement: bestScore };
}
