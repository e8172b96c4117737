/**
 * Cleaning a frame's time axis, in a fixed order: drop rows with an invalid time, stable-sort
 * by time, merge duplicate timestamps, insert rows for missing grid steps, fill missing values.
 * Every step that changes anything reports a Change; the input frame is never mutated.
 */

import type { Frame } from './frame';
import { formatTime, gridAdvance, isRegular, stepsBetween, type Frequency, type FrequencyKind } from './calendar';
import { fillColumn, type FillMethod } from './fill';
import { stableOrder } from './sort';
import type { TimelineCheck } from './timeline';

/** Fill methods, re-exported with the other cleaning options. */
export type { FillMethod } from './fill';

/** How values of rows sharing a timestamp are merged (NaN ignored; all-NaN stays NaN). */
export type Aggregation = 'mean' | 'sum' | 'min' | 'max' | 'median' | 'first' | 'last';

/** The user's cleaning choices. */
export interface CleanOptions {
  aggregate: Aggregation;
  /** Add NaN rows for missing steps of a regular grid (then filled like any missing value). */
  insertMissing: boolean;
  fill: FillMethod;
}

/** Defaults: average duplicates, complete the grid, interpolate linearly. */
export const DEFAULT_CLEAN: CleanOptions = { aggregate: 'mean', insertMissing: true, fill: 'linear' };

/** One thing cleaning did to the data, in plain language. */
export interface Change {
  kind: 'dropped-invalid-time' | 'sorted' | 'aggregated' | 'inserted' | 'filled';
  /** The series concerned, or null for changes to whole rows. */
  column: string | null;
  /** Rows dropped / moved / merged / inserted, or values filled. */
  count: number;
  message: string;
}

/** Inserting missing steps never grows a frame past max(this, 10 × its rows); beyond that it is skipped and said so. */
export const MAX_INSERTED_ROWS = 5_000_000;

const AGG_WORDS: Record<Aggregation, string> = {
  mean: 'mean',
  sum: 'sum',
  min: 'minimum',
  max: 'maximum',
  median: 'median',
  first: 'first value',
  last: 'last value',
};

const STEP_WORDS: Partial<Record<FrequencyKind, [string, string]>> = {
  hourly: ['hour', 'hours'],
  daily: ['date', 'dates'],
  'business-daily': ['business day', 'business days'],
  weekly: ['week', 'weeks'],
  monthly: ['month', 'months'],
  quarterly: ['quarter', 'quarters'],
  yearly: ['year', 'years'],
};

/** "1 row" / "3 rows", with thousands separators. */
function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** Aggregates col over rows order[s..e) ignoring NaN; `scratch` holds median candidates. */
function aggregate(col: Float64Array, order: Uint32Array, s: number, e: number, how: Aggregation, scratch: Float64Array): number {
  let n = 0;
  let acc = how === 'min' ? Infinity : how === 'max' ? -Infinity : 0;
  let pick = NaN;
  for (let j = s; j < e; j++) {
    const v = col[order[j]];
    if (v !== v) continue; // NaN
    if (how === 'mean' || how === 'sum') acc += v;
    else if (how === 'min') acc = v < acc ? v : acc;
    else if (how === 'max') acc = v > acc ? v : acc;
    else if (how === 'median') scratch[n] = v;
    else if (how === 'last' || n === 0) pick = v; // 'first' keeps the first non-NaN in row order
    n++;
  }
  if (n === 0) return NaN;
  if (how === 'mean') return acc / n;
  if (how === 'first' || how === 'last') return pick;
  if (how === 'median') {
    const sorted = scratch.subarray(0, n).sort();
    return n % 2 === 1 ? sorted[n >> 1] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
  return acc;
}

/** Lists a few example times for a message: "2024-03-05, 2024-03-07 and 3 more". */
function examples(times: number[], total: number, f: Frequency): string {
  const shown = times.map((t) => formatTime(t, f)).join(', ');
  return total > times.length ? `${shown} and ${(total - times.length).toLocaleString('en-US')} more` : shown;
}

/** Valid rows in stable time order, grouped by distinct time: order[start[g]..start[g+1]) share uniq[g]. */
function groupRows(time: Float64Array) {
  const n = time.length;
  let m = 0;
  let sorted = true;
  let prev = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = time[i];
    if (!Number.isFinite(t)) continue;
    if (t < prev) sorted = false;
    prev = t;
    m++;
  }
  const valid = new Uint32Array(m);
  for (let i = 0, j = 0; i < n; i++) if (Number.isFinite(time[i])) valid[j++] = i;
  let order = valid;
  let moved = 0;
  if (!sorted) {
    const keys = new Float64Array(m);
    for (let j = 0; j < m; j++) keys[j] = time[valid[j]];
    const perm = stableOrder(keys);
    order = new Uint32Array(m);
    for (let j = 0; j < m; j++) {
      order[j] = valid[perm[j]];
      if (order[j] !== valid[j]) moved++;
    }
  }
  // Group equal times: order[start[g]..start[g+1]) all carry uniq[g].
  const uniqAll = new Float64Array(m);
  const startAll = new Uint32Array(m + 1);
  let u = 0;
  for (let j = 0; j < m; j++) {
    const t = time[order[j]];
    if (u === 0 || t !== uniqAll[u - 1]) {
      startAll[u] = j;
      uniqAll[u++] = t;
    }
  }
  startAll[u] = m;
  return { order, uniq: uniqAll.slice(0, u), start: startAll.slice(0, u + 1), dropped: n - m, moved };
}

/** Adds NaN rows for missing grid steps; null when nothing is missing or the result would be too large. */
function insertMissing(uniq: Float64Array, cols: Float64Array[], f: Frequency, changes: Change[]) {
  const u = uniq.length;
  const steps = new Float64Array(u);
  let missing = 0;
  for (let i = 1; i < u; i++) {
    steps[i] = stepsBetween(uniq[i - 1], uniq[i], f);
    if (steps[i] > 1) missing += steps[i] - 1;
  }
  if (missing === 0) return null;
  const words = STEP_WORDS[f.kind] ?? ['time step', 'time steps'];
  const total = u + missing;
  if (total > Math.max(MAX_INSERTED_ROWS, 10 * u)) {
    const message = `Did not insert ${count(missing, `missing ${words[0]}`, `missing ${words[1]}`)}: the table would grow to ${count(total, 'row')}`;
    changes.push({ kind: 'inserted', column: null, count: 0, message });
    return null;
  }
  const time = new Float64Array(total);
  const src = new Int32Array(total).fill(-1); // source row per output row, -1 for inserted ones
  let pos = 0;
  for (let i = 0; i < u; i++) {
    for (let k = 1; k < steps[i]; k++) time[pos++] = gridAdvance(uniq[i - 1], k, f);
    src[pos] = i;
    time[pos++] = uniq[i];
  }
  const out = cols.map((c) => {
    const o = new Float64Array(total);
    for (let p = 0; p < total; p++) o[p] = src[p] < 0 ? NaN : c[src[p]];
    return o;
  });
  const grid = f.kind === 'fixed' ? `to keep one row ${f.label}` : `on the ${f.kind === 'business-daily' ? 'business-day' : f.kind} grid`;
  const message = `Inserted ${count(missing, `missing ${words[0]}`, `missing ${words[1]}`)} ${grid}`;
  changes.push({ kind: 'inserted', column: null, count: missing, message });
  return { time, cols: out };
}

/** Merges rows sharing a timestamp column by column; returns one column per distinct time. */
function mergeDuplicates(frame: Frame, g: ReturnType<typeof groupRows>, how: Aggregation, f: Frequency, changes: Change[]) {
  const { order, uniq, start } = g;
  const u = uniq.length;
  let merged = 0;
  let widest = 1;
  const shown: number[] = [];
  let dupTimes = 0;
  for (let k = 0; k < u; k++) {
    const size = start[k + 1] - start[k];
    if (size < 2) continue;
    merged += size;
    dupTimes++;
    widest = Math.max(widest, size);
    if (shown.length < 3) shown.push(uniq[k]);
  }
  const scratch = new Float64Array(widest);
  const cols = frame.cols.map((col) => {
    const out = new Float64Array(u);
    for (let k = 0; k < u; k++) {
      const s = start[k];
      out[k] = start[k + 1] - s === 1 ? col[order[s]] : aggregate(col, order, s, start[k + 1], how, scratch);
    }
    return out;
  });
  if (merged > 0) {
    const message = `Merged ${count(merged, 'row')} with duplicate timestamps (${examples(shown, dupTimes, f)}) into their ${AGG_WORDS[how]}`;
    changes.push({ kind: 'aggregated', column: null, count: merged, message });
  }
  return cols;
}

const FILL_WORDS: Record<FillMethod, string> = {
  linear: 'by linear interpolation',
  previous: 'by carrying the previous value forward',
  zero: 'with 0',
  none: '',
};
const LEFT_WORDS: Record<FillMethod, string> = {
  linear: 'at the start or end (no value on one side to interpolate from)',
  previous: 'before the first value',
  zero: '',
  none: '',
};

/**
 * Cleans a frame in order: drop invalid times, stable sort, merge duplicates, insert missing
 * grid steps (regular frequencies only), fill. Index frames are only filled.
 */
export function cleanFrame(frame: Frame, check: TimelineCheck, opts: CleanOptions): { frame: Frame; changes: Change[] } {
  const changes: Change[] = [];
  const f = check.frequency;
  let time: Float64Array;
  let cols: Float64Array[];
  if (frame.timeName === null || f.kind === 'index') {
    time = frame.time.slice();
    cols = frame.cols.map((c) => c.slice());
  } else {
    const g = groupRows(frame.time);
    if (g.dropped > 0) {
      changes.push({ kind: 'dropped-invalid-time', column: null, count: g.dropped, message: `Dropped ${count(g.dropped, 'row')} with a missing or unreadable time` });
    }
    if (g.moved > 0) {
      changes.push({ kind: 'sorted', column: null, count: g.moved, message: `Sorted the rows by time (${count(g.moved, 'row was', 'rows were')} out of order)` });
    }
    time = g.uniq;
    cols = mergeDuplicates(frame, g, opts.aggregate, f, changes);
    const grown = opts.insertMissing && isRegular(f) ? insertMissing(time, cols, f, changes) : null;
    if (grown) ({ time, cols } = grown);
  }
  if (opts.fill !== 'none') {
    frame.names.forEach((name, c) => {
      const { filled, left } = fillColumn(cols[c], opts.fill, time);
      if (filled === 0) return;
      const rest = left > 0 ? `; ${count(left, 'value')} left missing ${LEFT_WORDS[opts.fill]}` : '';
      const message = `Filled ${count(filled, 'missing value')} in '${name}' ${FILL_WORDS[opts.fill]}${rest}`;
      changes.push({ kind: 'filled', column: name, count: filled, message });
    });
  }
  return { frame: { names: frame.names.slice(), cols, time, timeName: frame.timeName }, changes };
}
