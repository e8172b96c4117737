/**
 * CSV exports of a run (RFC 4180: quoted fields, CRLF line ends; '.' decimals; ISO times).
 * Text is guarded against formula injection before quoting; non-finite numbers are empty.
 */
import type { RunResults } from '../results/types';
import { safeText } from './guard';
import { backtestTable, forecastTable, metricsTable, type Cell, type Table } from './table';
import { isoTime, timeStyle, type TimeStyle } from './time';

/** Byte-order mark a caller may prepend so Excel reads the file as UTF-8 (it assumes ANSI otherwise). */
export const CSV_BOM = '\uFEFF';

/** Characters that force a field into quotes. */
const NEEDS_QUOTES = /[",\r\n]/;

/** A text field, guarded, then quoted (inner quotes doubled) when it holds a separator. */
export function csvText(s: string): string {
  const t = safeText(s);
  return NEEDS_QUOTES.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
}

function field(c: Cell, style: TimeStyle): string {
  if (c === null) return '';
  if (typeof c === 'number') return Number.isFinite(c) ? String(c) : '';
  if (typeof c === 'string') return csvText(c);
  return isoTime(c.time, style);
}

/** A table as CSV text, every line ending in CRLF. */
export function toCsv(table: Table, style: TimeStyle): string {
  const lines = [table.header.map(csvText).join(',')];
  for (const row of table.rows) {
    let line = '';
    for (let j = 0; j < row.length; j++) line += (j ? ',' : '') + field(row[j], style);
    lines.push(line);
  }
  return lines.join('\r\n') + '\r\n';
}

/** Final forecasts of every model with a forecast, with interval bounds per level. */
export function forecastsCsv(run: RunResults, levels: readonly number[]): string {
  return toCsv(forecastTable(run, levels), timeStyle(run.dataset));
}

/** Backtest metrics per target and model. */
export function metricsCsv(run: RunResults): string {
  return toCsv(metricsTable(run), timeStyle(run.dataset));
}

/** Every backtest forecast point next to its actual. */
export function backtestCsv(run: RunResults): string {
  return toCsv(backtestTable(run), timeStyle(run.dataset));
}
