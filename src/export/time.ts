/** How export files write times: ISO dates, ISO date-times, or row numbers for undated data. */
import type { DatasetInfo } from '../results/types';

/** A point in time (epoch ms, UTC) in an export table; renderers choose text or a spreadsheet date. */
export interface TimeValue {
  time: number;
}

/** How the time column of a run is written. */
export type TimeStyle = 'date' | 'datetime' | 'index';

/** Frequencies whose steps are a day or longer: their times are whole days, so a date says it all. */
const DAILY_OR_COARSER = new Set(['daily', 'business-daily', 'weekly', 'monthly', 'quarterly', 'yearly']);
const DAY = 86_400_000;

/**
 * The time style of a dataset. The frequency may be a kind ('weekly') or a label
 * ('weekly (Mondays)'), so only its first word counts. Other grids (fixed steps, irregular)
 * still get plain dates when every time is a UTC midnight.
 */
export function timeStyle(dataset: DatasetInfo): TimeStyle {
  const kind = dataset.frequency.trim().split(/[\s(]/)[0].toLowerCase();
  if (kind === 'index') return 'index';
  if (DAILY_OR_COARSER.has(kind)) return 'date';
  return allMidnight(dataset.time) && allMidnight(dataset.futureTime) ? 'date' : 'datetime';
}

function allMidnight(t: Float64Array): boolean {
  for (let i = 0; i < t.length; i++) if (Number.isFinite(t[i]) && t[i] % DAY !== 0) return false;
  return true;
}

/** A time for an export table: a row number for undated data, null when missing. */
export function timeCell(t: number | undefined, style: TimeStyle): TimeValue | number | null {
  if (t === undefined || !Number.isFinite(t)) return null;
  return style === 'index' ? t : { time: t };
}

/** Dates within JavaScript's range (toISOString throws outside it). */
const MAX_MS = 8.64e15;

/** `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ` (UTC), or '' when the time is out of range. */
export function isoTime(ms: number, style: TimeStyle): string {
  if (!(Math.abs(ms) <= MAX_MS)) return '';
  const iso = new Date(ms).toISOString();
  return style === 'date' ? iso.slice(0, -14) : `${iso.slice(0, -5)}Z`;
}

/** Excel's 1900 date serial of a UTC time (Excel counts a fictitious 1900-02-29, hence the shift before March 1900). */
export function excelSerial(ms: number): number {
  const days = ms / DAY + 25_569;
  return days < 61 ? days - 1 : days;
}
