/**
 * The timeline check-up: how a frame's time axis is spaced, whether it is sorted, which
 * timestamps repeat and which grid steps are missing. Cleaning lives in clean.ts and is
 * re-exported here so callers have one module for the whole check-up.
 */

import type { Frame } from './frame';
import { isRegular, stepsBetween, type Frequency } from './calendar';
import { inferFrequency } from './frequency';

/** Frequency types, time formatting and cleaning, re-exported so the check-up has one entry point. */
export type { Frequency, FrequencyKind } from './calendar';
/** UTC time formatting for messages and attributes. */
export { formatTime, toIsoString } from './calendar';
/** Cleaning: cleanFrame and its options. */
export { cleanFrame, DEFAULT_CLEAN } from './clean';
/** Cleaning option and change types. */
export type { Aggregation, Change, CleanOptions, FillMethod } from './clean';

/** Most entries kept in `duplicates` and `gaps`; the totals stay exact. */
export const LIST_CAP = 1000;

/** A timestamp that occurs on more than one row. */
export interface Duplicate {
  time: number;
  /** Rows carrying this timestamp (≥ 2). */
  count: number;
}

/** A run of missing grid steps between two present times. */
export interface Gap {
  /** Last present time before the gap. */
  from: number;
  /** Next present time. */
  to: number;
  /** Grid steps missing between them. */
  missing: number;
}

/** What checkTimeline found; all counts are exact even where the lists are capped. */
export interface TimelineCheck {
  frequency: Frequency;
  /** Valid times never decrease from row to row (invalid times are ignored). */
  sorted: boolean;
  /** Earliest and latest valid time (NaN when there is none). */
  first: number;
  last: number;
  rows: number;
  /** Rows whose time is NaN (or otherwise not finite). */
  invalidTimes: number;
  /** Timestamps occurring more than once, in time order, at most LIST_CAP entries. */
  duplicates: Duplicate[];
  /** Distinct timestamps that occur more than once (exact, unlike duplicates.length). */
  duplicateTimes: number;
  /** Extra rows beyond the first per duplicated timestamp. */
  duplicateRows: number;
  /** Missing grid steps, in time order, at most LIST_CAP entries. */
  gaps: Gap[];
  /** Number of gaps (exact, unlike gaps.length). */
  gapCount: number;
  /** Total missing grid steps. */
  missingSteps: number;
  /** Rows on a complete grid from first to last (distinct valid times when the axis is irregular). */
  expectedRows: number;
}

/** Sorted distinct finite times of a time column, with the order, invalid and duplicate counts found on the way. */
export interface UniqueTimes {
  unique: Float64Array;
  sorted: boolean;
  invalid: number;
  /** Duplicated timestamps, in time order, at most LIST_CAP entries. */
  duplicates: Duplicate[];
  duplicateTimes: number;
  duplicateRows: number;
}

/** Sorted distinct finite times; a sorted column is deduplicated in one pass without a sort. */
export function uniqueTimes(time: Float64Array): UniqueTimes {
  const n = time.length;
  const v = new Float64Array(n);
  let m = 0;
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const t = time[i];
    if (!Number.isFinite(t)) continue;
    if (m > 0 && t < v[m - 1]) sorted = false;
    v[m++] = t;
  }
  if (!sorted) v.subarray(0, m).sort(); // typed-array sort is numeric and native
  const duplicates: Duplicate[] = [];
  let duplicateTimes = 0;
  let u = 0;
  for (let i = 0; i < m; ) {
    let j = i + 1;
    while (j < m && v[j] === v[i]) j++;
    if (j - i > 1) {
      duplicateTimes++;
      if (duplicates.length < LIST_CAP) duplicates.push({ time: v[i], count: j - i });
    }
    v[u++] = v[i]; // compacts in place: u ≤ i always
    i = j;
  }
  return { unique: v.slice(0, u), sorted, invalid: n - m, duplicates, duplicateTimes, duplicateRows: m - u };
}

/** Checks a frame's time axis: frequency, order, invalid and duplicate times, gaps against the grid. */
export function checkTimeline(frame: Frame): TimelineCheck {
  const rows = frame.time.length;
  if (frame.timeName === null) {
    return {
      frequency: { kind: 'index', stepMs: 1, label: 'row order (no time column)' },
      sorted: true,
      first: rows > 0 ? 0 : NaN,
      last: rows > 0 ? rows - 1 : NaN,
      rows,
      invalidTimes: 0,
      duplicates: [],
      duplicateTimes: 0,
      duplicateRows: 0,
      gaps: [],
      gapCount: 0,
      missingSteps: 0,
      expectedRows: rows,
    };
  }
  const { unique, sorted, invalid, duplicates, duplicateTimes, duplicateRows } = uniqueTimes(frame.time);
  const { frequency } = inferFrequency(unique);
  const gaps: Gap[] = [];
  let gapCount = 0;
  let missingSteps = 0;
  let expectedRows = unique.length;
  if (isRegular(frequency) && unique.length > 0) {
    for (let i = 1; i < unique.length; i++) {
      const k = stepsBetween(unique[i - 1], unique[i], frequency);
      if (k < 2) continue;
      gapCount++;
      missingSteps += k - 1;
      if (gaps.length < LIST_CAP) gaps.push({ from: unique[i - 1], to: unique[i], missing: k - 1 });
    }
    expectedRows = stepsBetween(unique[0], unique[unique.length - 1], frequency) + 1;
  }
  return {
    frequency,
    sorted,
    first: unique.length > 0 ? unique[0] : NaN,
    last: unique.length > 0 ? unique[unique.length - 1] : NaN,
    rows,
    invalidTimes: invalid,
    duplicates,
    duplicateTimes,
    duplicateRows,
    gaps,
    gapCount,
    missingSteps,
    expectedRows,
  };
}
