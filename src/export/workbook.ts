/**
 * The Excel export, shaped like Excel's Forecast Sheet: one sheet per target with its history
 * and the best model's forecast and bounds, then the Metrics and Backtest tables. Numbers are
 * number cells and times are date-formatted serials, so the workbook charts and sums as is.
 */
import * as XLSX from '@e965/xlsx';
import { intervalsFor } from '../results/intervals';
import type { RunResults, TargetResult } from '../results/types';
import { safeText } from './guard';
import { sheetName } from './sheetname';
import { backtestTable, levelPercent, metricsTable, shownModel, type Cell, type Table } from './table';
import { excelSerial, timeCell, timeStyle, type TimeStyle } from './time';

type XlsxCell = XLSX.CellObject | string | number | null;

const DATE_FORMAT = 'yyyy-mm-dd';
const DATETIME_FORMAT = 'yyyy-mm-dd hh:mm';

/** A cell for aoa_to_sheet: non-finite numbers stay empty (SheetJS would write #VALUE!), times become date serials. */
function xlsxCell(c: Cell, style: TimeStyle): XlsxCell {
  if (c === null) return null;
  if (typeof c === 'number') return Number.isFinite(c) ? c : null;
  if (typeof c === 'string') return safeText(c);
  return { t: 'n', v: excelSerial(c.time), z: style === 'date' ? DATE_FORMAT : DATETIME_FORMAT };
}

function sheetOf(table: Table, style: TimeStyle, widths: number[]): XLSX.WorkSheet {
  const aoa: XlsxCell[][] = [table.header.map(safeText)];
  for (const row of table.rows) aoa.push(row.map((c) => xlsxCell(c, style)));
  const ws = XLSX.utils.aoa_to_sheet(aoa, { dense: true });
  ws['!cols'] = widths.map((wch) => ({ wch }));
  return ws;
}

/** Timeline | Values | Forecast | bounds per level, for the target's shown model. */
function forecastSheetTable(run: RunResults, target: TargetResult, index: number, levels: readonly number[], style: TimeStyle): Table {
  const header = ['Timeline', 'Values', 'Forecast'];
  for (const level of levels) {
    const pct = levelPercent(level);
    header.push(`Lower Confidence Bound (${pct}%)`, `Upper Confidence Bound (${pct}%)`);
  }
  const { time, futureTime } = run.dataset;
  const history = run.dataset.history[index] ?? new Float64Array(0);
  const model = shownModel(target);
  const rows: Cell[][] = [];
  for (let i = 0; i < time.length; i++) rows.push([timeCell(time[i], style), i < history.length ? history[i] : NaN]);
  if (model?.forecast) {
    // Like Excel, the last actual also starts the forecast and bound lines, so the chart lines join.
    const last = rows.at(-1);
    if (last) for (let j = 0; j < 1 + 2 * levels.length; j++) last.push(last[1]);
    const f = model.forecast;
    const intervals = intervalsFor(run, target, model, levels);
    for (let k = 0; k < f.length; k++) {
      const row: Cell[] = [timeCell(futureTime[k], style), null, f[k]];
      for (const iv of intervals) row.push(iv.lo[k], iv.hi[k]);
      rows.push(row);
    }
  }
  return { header, rows };
}

/**
 * The run as an .xlsx workbook: a forecast sheet per target (best model, else the first with
 * a forecast; history only when none has one), then Metrics and Backtest.
 */
export function forecastWorkbook(run: RunResults, levels: readonly number[]): Uint8Array<ArrayBuffer> {
  const wb = XLSX.utils.book_new();
  // Once per workbook: it may scan the whole time axis.
  const style = timeStyle(run.dataset);
  const timeWidth = style === 'datetime' ? 17 : 12;
  // The fixed sheets claim their names first, so a target called 'Metrics' gets 'Metrics (2)'.
  const taken = new Set(['metrics', 'backtest']);
  run.targets.forEach((target, i) => {
    const table = forecastSheetTable(run, target, i, levels, style);
    const widths = table.header.map((h, j) => (j === 0 ? timeWidth : Math.max(12, h.length + 2)));
    XLSX.utils.book_append_sheet(wb, sheetOf(table, style, widths), sheetName(target.target, taken));
  });
  const metrics = metricsTable(run);
  XLSX.utils.book_append_sheet(wb, sheetOf(metrics, style, metrics.header.map((_, j) => (j < 2 ? 16 : 10))), 'Metrics');
  const backtest = backtestTable(run);
  const btWidths = backtest.header.map((h, j) => (j < 2 ? 16 : h.endsWith('date') ? timeWidth : 10));
  XLSX.utils.book_append_sheet(wb, sheetOf(backtest, style, btWidths), 'Backtest');
  // type 'buffer' gives the zip bytes directly (a Uint8Array in browsers, a Buffer under Node);
  // type 'array' goes through a binary string and takes twice as long (measured, 200k rows).
  const out: unknown = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true });
  return bytesOf(out);
}

/** A plain Uint8Array of SheetJS output (copying a Node Buffer, which may sit in a shared pool). */
function bytesOf(out: unknown): Uint8Array<ArrayBuffer> {
  if (out instanceof ArrayBuffer) return new Uint8Array(out);
  if (out instanceof Uint8Array && out.constructor === Uint8Array && out.buffer instanceof ArrayBuffer) return out as Uint8Array<ArrayBuffer>;
  if (out instanceof Uint8Array) return new Uint8Array(out);
  throw new Error('SheetJS returned no bytes');
}
