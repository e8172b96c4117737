import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { intervalsFor } from '../results/intervals';
import { sheetName } from './sheetname';
import { backtestTable, metricsTable } from './table';
import { DAY, H, RETURNS, SALES, T0, testRun } from './test-run';
import { forecastWorkbook } from './workbook';

const LEVELS = [0.8, 0.95];
const day = (i: number) => new Date(T0 + i * DAY);

function read(bytes: Uint8Array): XLSX.WorkBook {
  return XLSX.read(bytes, { cellDates: true });
}

/** A sheet's cells as rows (dense), undefined where a cell is empty. */
function grid(ws: XLSX.WorkSheet): (XLSX.CellObject | undefined)[][] {
  const range = XLSX.utils.decode_range(ws['!ref'] ?? 'A1');
  const out: (XLSX.CellObject | undefined)[][] = [];
  for (let r = 0; r <= range.e.r; r++) {
    const row: (XLSX.CellObject | undefined)[] = [];
    for (let c = 0; c <= range.e.c; c++) row.push(ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined);
    out.push(row);
  }
  return out;
}

/** A cell's number, asserting it is a number cell; null for an empty cell. */
function n(c: XLSX.CellObject | undefined): number | null {
  if (!c) return null;
  expect(c.t).toBe('n');
  return c.v as number;
}

const bound = (x: number) => (Number.isFinite(x) ? x : null);

describe('forecastWorkbook', () => {
  const run = testRun();
  const bytes = forecastWorkbook(run, LEVELS);
  const wb = read(bytes);

  it('is an xlsx (zip) with a clean, unique sheet per target, then Metrics and Backtest', () => {
    expect(bytes.constructor).toBe(Uint8Array);
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]);
    expect(wb.SheetNames).toEqual(['Sales, "EU"_north', '-returns_2024__Q1_', 'Metrics', 'Backtest']);
  });

  it("lays a target out like Excel's Forecast Sheet, with the best model's forecast and bounds", () => {
    const g = grid(wb.Sheets[wb.SheetNames[0]]);
    expect(g[0].map((c) => c?.v)).toEqual([
      'Timeline',
      'Values',
      'Forecast',
      'Lower Confidence Bound (80%)',
      'Upper Confidence Bound (80%)',
      'Lower Confidence Bound (95%)',
      'Upper Confidence Bound (95%)',
    ]);
    expect(g).toHaveLength(1 + 10 + H);
    const history = run.dataset.history[0];
    for (let i = 0; i < 10; i++) {
      const [t, v, ...rest] = g[1 + i];
      expect(t?.t).toBe('d');
      expect(t?.v).toEqual(day(i));
      expect(n(v)).toBe(Number.isNaN(history[i]) ? null : history[i]);
      // Only the last history row repeats its value in the forecast and bound columns.
      expect(rest.map(n)).toEqual(i === 9 ? [19, 19, 19, 19, 19] : [null, null, null, null, null]);
    }
    const ets = run.targets[0].models[1];
    const iv = intervalsFor(run, run.targets[0], ets, LEVELS);
    for (let k = 0; k < H; k++) {
      const [t, v, f, ...b] = g[11 + k];
      expect(t?.v).toEqual(day(10 + k));
      expect(v).toBeUndefined();
      expect(n(f)).toBe(ets.forecast?.[k]);
      expect(b.map(n)).toEqual([iv[0].lo[k], iv[0].hi[k], iv[1].lo[k], iv[1].hi[k]].map(bound));
    }
    // ets has too few residuals for 95 %: those bounds are empty, the 80 % ones are real numbers.
    expect(Number.isFinite(n(g[11][3]))).toBe(true);
    expect(g[11][5]).toBeUndefined();
  });

  it('shows the second target with its best model (naive, finite bounds)', () => {
    const g = grid(wb.Sheets[wb.SheetNames[1]]);
    const naive = run.targets[1].models[0];
    const iv = intervalsFor(run, run.targets[1], naive, LEVELS);
    expect(g.slice(11).map((r) => r.slice(2).map(n))).toEqual(
      [0, 1, 2].map((k) => [naive.forecast?.[k], iv[0].lo[k], iv[0].hi[k], iv[1].lo[k], iv[1].hi[k]]),
    );
    expect(g.slice(11).every((r) => r.slice(2).every((c) => c?.t === 'n'))).toBe(true);
  });

  it('falls back to the first model with a forecast when the best has none', () => {
    const r = testRun();
    r.targets[0].best = null;
    const g = grid(read(forecastWorkbook(r, LEVELS)).Sheets[wb.SheetNames[0]]);
    expect(g.slice(11).map((row) => n(row[2]))).toEqual([19, 19, 19]);
  });

  it('holds the metrics and backtest tables as numbers, dates and guarded text', () => {
    const m = grid(wb.Sheets.Metrics);
    const table = metricsTable(run);
    expect(m[0].map((c) => c?.v)).toEqual(table.header);
    expect(m).toHaveLength(1 + table.rows.length);
    expect(m[1][0]).toMatchObject({ t: 's', v: SALES });
    expect(m[4][0]).toMatchObject({ t: 's', v: `'${RETURNS}` });
    expect(m[1].slice(2, 5).map(n)).toEqual([0, 1, 1.25]);
    expect(m[1][5]).toBeUndefined(); // NaN MAPE
    expect(m[1][12]).toMatchObject({ t: 's', v: 'done' });

    const b = grid(wb.Sheets.Backtest);
    expect(b).toHaveLength(1 + backtestTable(run).rows.length);
    const [, , fold, cutoff, date, step, actual, forecast, error] = b[2];
    expect(n(fold)).toBe(0);
    expect(cutoff).toMatchObject({ t: 'd', v: day(7) });
    expect(date).toMatchObject({ t: 'd', v: day(8) });
    expect([n(step), n(actual), n(forecast), n(error)]).toEqual([2, null, 18, null]);
  });

  it('writes date-times with a time format for sub-daily data', () => {
    const ws = XLSX.read(forecastWorkbook(testRun('hourly', 3_600_000), LEVELS), { cellNF: true }).Sheets[wb.SheetNames[0]];
    expect(ws.A3).toMatchObject({ t: 'n', z: 'yyyy-mm-dd hh:mm', w: '2024-01-01 01:00' });
    const daily = XLSX.read(bytes, { cellNF: true }).Sheets.Backtest;
    expect(daily.D2).toMatchObject({ t: 'n', z: 'yyyy-mm-dd', w: '2024-01-08' });
  });
});

describe('sheetName', () => {
  it('removes forbidden characters and edge apostrophes, and keeps names at 31 characters', () => {
    const taken = new Set<string>();
    expect(sheetName('a[b]c:d*e?f/g\\h', taken)).toBe('a_b_c_d_e_f_g_h');
    expect(sheetName("'quoted'", taken)).toBe('quoted');
    expect(sheetName('', taken)).toBe('Series');
    expect(sheetName('History', taken)).toBe('History_');
    expect(sheetName('x'.repeat(40), taken)).toBe('x'.repeat(31));
    expect(sheetName('x'.repeat(40), taken)).toBe(`${'x'.repeat(27)} (2)`);
    // A surrogate pair straddling the cut is dropped whole.
    expect(sheetName(`${'y'.repeat(30)}😀`, taken)).toBe('y'.repeat(30));
  });

  it('keeps names unique ignoring case, clear of the fixed sheets', () => {
    const taken = new Set(['metrics', 'backtest']);
    expect(sheetName('Metrics', taken)).toBe('Metrics (2)');
    expect(sheetName('sales', taken)).toBe('sales');
    expect(sheetName('SALES', taken)).toBe('SALES (2)');
    expect(sheetName('Sales', taken)).toBe('Sales (3)');
  });

  it('makes workbooks SheetJS accepts for awkward target names', () => {
    const r = testRun();
    r.targets[0].target = 'metrics';
    r.targets[1].target = 'METRICS';
    expect(read(forecastWorkbook(r, LEVELS)).SheetNames).toEqual(['metrics (2)', 'METRICS (3)', 'Metrics', 'Backtest']);
  });
});
