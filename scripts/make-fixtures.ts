/**
 * Writes the importer test fixtures into test/fixtures/ together with test/fixtures/expected.json,
 * the facts a correct importer + check-up must find in each file.
 *
 *   npm run fixtures          (tsx scripts/make-fixtures.ts)
 *
 * Every value is generated from a seeded PRNG (scripts/rng.ts), so the files are the same on
 * every run. Expected numbers are computed here from the same generated values that are written
 * (never by re-parsing); after writing, each workbook is read back with SheetJS as a self-check.
 *
 * Also exports the helpers shared with scripts/make-sample.ts and re-exports the generators of
 * large inputs (scripts/big-inputs.ts). Importing this module has no side effects.
 */
import * as XLSX from '@e965/xlsx';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng, seedFor } from './rng.ts';
import type { FrequencyKind } from '../src/data/calendar';

export { wideCsv, longCellCsv, writeHugeCsv } from './big-inputs.ts';
export type { HugeCsvInfo } from './big-inputs.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SEED = 42;
export const DAY = 86_400_000;
export const HOUR = 3_600_000;

// ---------------------------------------------------------------------------------------------
// Facts (the expected.json schema)
// ---------------------------------------------------------------------------------------------

/** The check-up's frequency names, as the importer reports them. */
export type Frequency = FrequencyKind;

/** Spreadsheet error codes as SheetJS stores them in `{ t: 'e', v }` cells. */
export const ERROR_CODES = {
  '#NULL!': 0x00,
  '#DIV/0!': 0x07,
  '#VALUE!': 0x0f,
  '#REF!': 0x17,
  '#NAME?': 0x1d,
  '#NUM!': 0x24,
  '#N/A': 0x2a,
} as const;
export type ErrorName = keyof typeof ERROR_CODES;

/** A generated cell: a number, an empty cell (null) or a spreadsheet error cell. */
export type Cell = number | null | { error: ErrorName };

export interface ColumnFacts {
  name: string;
  /** Non-missing numeric values. */
  count: number;
  /** Mean of those values (summed in row order), full precision; null when count is 0. */
  mean: number | null;
  /** Error cells. */
  errors: number;
}

export interface Facts {
  sheets: string[];
  sheet: string | null;
  rows: number;
  series: number;
  timeName: string | null;
  frequency: Frequency;
  first: string | null;
  last: string | null;
  duplicates: number;
  missingSteps: number;
  columns: ColumnFacts[];
  notes: string;
}

export interface BadFacts {
  error: true;
  notes: string;
}

export interface FactsInput {
  sheets: string[];
  sheet: string | null;
  timeName: string | null;
  frequency: Frequency;
  /** Epoch ms (UTC) per data row, in file order; null when there is no time column. */
  times: number[] | null;
  columns: { name: string; cells: Cell[] }[];
  notes: string;
}

export function isError(c: Cell): c is { error: ErrorName } {
  return c !== null && typeof c === 'object';
}

function columnFacts(name: string, cells: Cell[]): ColumnFacts {
  let count = 0;
  let sum = 0;
  let errors = 0;
  for (const c of cells) {
    if (typeof c === 'number') {
      if (!Number.isFinite(c)) throw new Error(`non-finite value in ${name}`);
      count++;
      sum += c;
    } else if (isError(c)) errors++;
  }
  return { name, count, mean: count ? sum / count : null, errors };
}

function isMonthEnd(ms: number): boolean {
  const d = new Date(ms);
  return new Date(ms + DAY).getUTCMonth() !== d.getUTCMonth();
}

/** `ms` moved by `k` months, keeping the day (or the month end when `monthEnd`). */
function addMonths(ms: number, k: number, monthEnd: boolean): number {
  const d = new Date(ms);
  const tod = ms - Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + k;
  if (monthEnd) return Date.UTC(y, m + 1, 0) + tod; // day 0 of next month = last day
  if (d.getUTCDate() > 28) throw new Error('monthly grid anchored after the 28th');
  return Date.UTC(y, m, d.getUTCDate()) + tod;
}

/** The next grid point after `t` for a regular frequency anchored at `anchor`. */
function nextStep(t: number, freq: Frequency, anchor: number): number {
  switch (freq) {
    case 'hourly':
      return t + HOUR;
    case 'daily':
      return t + DAY;
    case 'business-daily': {
      let u = t + DAY;
      while ([0, 6].includes(new Date(u).getUTCDay())) u += DAY;
      return u;
    }
    case 'weekly':
      return t + 7 * DAY;
    case 'monthly':
      return addMonths(t, 1, isMonthEnd(anchor));
    case 'quarterly':
      return addMonths(t, 3, isMonthEnd(anchor));
    case 'yearly':
      return addMonths(t, 12, isMonthEnd(anchor));
    default:
      throw new Error(`no grid for ${freq}`);
  }
}

/** The facts of one table, computed from the generated values. */
export function facts(input: FactsInput): Facts {
  const rows = input.columns[0]?.cells.length ?? input.times?.length ?? 0;
  for (const c of input.columns) {
    if (c.cells.length !== rows) throw new Error(`column ${c.name} has ${c.cells.length} cells, expected ${rows}`);
  }
  let first: string | null = null;
  let last: string | null = null;
  let duplicates = 0;
  let missingSteps = 0;
  if (input.times) {
    const times = input.times;
    if (times.length !== rows) throw new Error('times and columns differ in length');
    const distinct = [...new Set(times)].sort((a, b) => a - b);
    duplicates = times.length - distinct.length;
    const lo = distinct[0];
    const hi = distinct[distinct.length - 1];
    first = new Date(lo).toISOString();
    last = new Date(hi).toISOString();
    if (input.frequency !== 'irregular' && input.frequency !== 'fixed') {
      const grid = new Set<number>();
      for (let t = lo; t <= hi; t = nextStep(t, input.frequency, lo)) grid.add(t);
      for (const t of distinct) {
        if (!grid.has(t)) throw new Error(`${new Date(t).toISOString()} is off the ${input.frequency} grid`);
      }
      missingSteps = grid.size - distinct.length;
    }
  } else if (input.frequency !== 'index') {
    throw new Error('no times but frequency is not index');
  }
  return {
    sheets: input.sheets,
    sheet: input.sheet,
    rows,
    series: input.columns.length,
    timeName: input.timeName,
    frequency: input.frequency,
    first,
    last,
    duplicates,
    missingSteps,
    columns: input.columns.map((c) => columnFacts(c.name, c.cells)),
    notes: input.notes,
  };
}

// ---------------------------------------------------------------------------------------------
// Values, dates and cells
// ---------------------------------------------------------------------------------------------

/** `x` rounded to `dec` decimals, as the double that the text `x.toFixed(dec)` parses to. */
export function round(x: number, dec: number): number {
  const v = Number(x.toFixed(dec));
  return Object.is(v, -0) ? 0 : v;
}

/** UTC midnight of a calendar date (month 1-based). */
export function utc(y: number, m: number, d: number, h = 0, min = 0): number {
  return Date.UTC(y, m - 1, d, h, min);
}

export const pad2 = (n: number): string => String(n).padStart(2, '0');

/** 'YYYY-MM-DD'. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Days between 1970-01-01 and the day 0 of each Excel date system. */
const EPOCH_OFFSET = { 1900: 25569, 1904: 24107 } as const;

/** Excel date serial of a UTC timestamp (1900 system unless `date1904`). Valid after 1900-03-01. */
export function excelSerial(ms: number, date1904 = false): number {
  return ms / DAY + EPOCH_OFFSET[date1904 ? 1904 : 1900];
}

/** UTC timestamp of an Excel date serial. */
export function fromSerial(serial: number, date1904 = false): number {
  return Math.round((serial - EPOCH_OFFSET[date1904 ? 1904 : 1900]) * DAY);
}

/** A date cell: a number serial with a date number format, as Excel stores dates. */
export function dateCell(ms: number, z = 'yyyy-mm-dd', date1904 = false): XLSX.CellObject {
  return { t: 'n', v: excelSerial(ms, date1904), z };
}

/** A worksheet cell for a generated value (null stays an empty cell). */
export function valueCell(c: Cell, z?: string): XLSX.CellObject | null {
  if (c === null) return null;
  if (isError(c)) return { t: 'e', v: ERROR_CODES[c.error], w: c.error };
  return z ? { t: 'n', v: c, z } : { t: 'n', v: c };
}

/** Level + linear trend + sine seasonality + AR(1) noise, rounded to `dec` decimals. */
export function synth(
  rng: Rng,
  n: number,
  o: { level: number; trend?: number; amp?: number; period?: number; phase?: number; phi?: number; sd: number; dec: number },
): number[] {
  const out: number[] = [];
  let e = 0;
  const phi = o.phi ?? 0.7;
  for (let t = 0; t < n; t++) {
    e = phi * e + rng.normal(0, o.sd);
    const season = o.amp ? o.amp * Math.sin((2 * Math.PI * t) / (o.period ?? 12) + (o.phase ?? 0)) : 0;
    out.push(round(o.level + (o.trend ?? 0) * t + season + e, o.dec));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writers
// ---------------------------------------------------------------------------------------------

export interface CsvOptions {
  delim?: string;
  eol?: string;
  bom?: boolean;
  /** Quote every field. */
  quoteAll?: boolean;
  /** Quote every header field. */
  quoteHeader?: boolean;
}

function csvField(s: string, delim: string, quote: boolean): string {
  if (quote || s.includes(delim) || s.includes('"') || /[\r\n]/.test(s)) return '"' + s.replace(/"/g, '""') + '"';
  return s;
}

/** Text table: `pre` lines are written verbatim above the header (title rows, blank lines). */
export function toCsv(header: string[], rows: string[][], o: CsvOptions = {}, pre: string[] = []): string {
  const delim = o.delim ?? ',';
  const eol = o.eol ?? '\n';
  const lines = [
    ...pre,
    header.map((h) => csvField(h, delim, !!(o.quoteAll || o.quoteHeader))).join(delim),
    ...rows.map((r) => r.map((f) => csvField(f, delim, !!o.quoteAll)).join(delim)),
  ];
  return (o.bom ? '\uFEFF' : '') + lines.join(eol) + eol;
}

export function writeOut(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

/** Fixed workbook properties so the bytes do not depend on the clock. */
export function fixedProps(title: string): XLSX.FullProperties {
  const when = new Date(Date.UTC(2024, 0, 1));
  return { Title: title, Author: 'Forecaster scripts', CreatedDate: when, ModifiedDate: when } as XLSX.FullProperties;
}

export function writeWorkbook(wb: XLSX.WorkBook, bookType: XLSX.BookType): Uint8Array {
  const out = XLSX.write(wb, { type: 'buffer', bookType, compression: true }) as Buffer;
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * Self-check: read a written workbook back with SheetJS and compare every data cell with what
 * was generated. Throws on the first difference.
 */
export function checkWorkbook(
  bytes: Uint8Array,
  sheet: string,
  headerRow: number,
  times: number[] | null,
  columns: { name: string; cells: Cell[] }[],
  opts: { timeCol?: number; firstSeriesCol?: number } = {},
): void {
  const wb = XLSX.read(bytes, { type: 'array' });
  const ws = wb.Sheets[sheet];
  if (!ws) throw new Error(`sheet ${sheet} missing on read-back`);
  const date1904 = !!wb.Workbook?.WBProps?.date1904;
  const timeCol = opts.timeCol ?? 0;
  const c0 = opts.firstSeriesCol ?? (times ? 1 : 0);
  const rows = columns[0].cells.length;
  const range = XLSX.utils.decode_range(ws['!ref'] ?? 'A1');
  if (range.e.r !== headerRow + rows) throw new Error(`${sheet}: last row ${range.e.r}, expected ${headerRow + rows}`);
  for (let i = 0; i < rows; i++) {
    const r = headerRow + 1 + i;
    if (times) {
      const tc = ws[XLSX.utils.encode_cell({ r, c: timeCol })] as XLSX.CellObject | undefined;
      let got: number;
      if (tc?.t === 'n') {
        got = fromSerial(tc.v as number, date1904);
        const p = XLSX.SSF.parse_date_code(tc.v as number, { date1904 });
        const d = new Date(times[i]);
        if (p.y !== d.getUTCFullYear() || p.m !== d.getUTCMonth() + 1 || p.d !== d.getUTCDate())
          throw new Error(`${sheet} row ${r}: SSF date ${p.y}-${p.m}-${p.d} != ${d.toISOString()}`);
      } else if (tc?.t === 'd') got = new Date(tc.v as Date | string).getTime();
      else throw new Error(`${sheet} row ${r}: time cell is ${JSON.stringify(tc)}`);
      if (got !== times[i]) throw new Error(`${sheet} row ${r}: time ${new Date(got).toISOString()} != ${new Date(times[i]).toISOString()}`);
    }
    columns.forEach((col, j) => {
      const cell = ws[XLSX.utils.encode_cell({ r, c: c0 + j })] as XLSX.CellObject | undefined;
      const want = col.cells[i];
      const ok =
        want === null
          ? cell === undefined || cell.t === 'z'
          : isError(want)
            ? cell?.t === 'e' && cell.v === ERROR_CODES[want.error]
            : cell?.t === 'n' && cell.v === want;
      if (!ok) throw new Error(`${sheet} row ${r} col ${col.name}: read ${JSON.stringify(cell)}, wrote ${JSON.stringify(want)}`);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// The fixtures
// ---------------------------------------------------------------------------------------------

type Entry = Facts | BadFacts;

interface Table {
  timeName: string | null;
  times: number[] | null;
  columns: { name: string; cells: Cell[] }[];
}

function daysFrom(start: number, n: number, step = DAY): number[] {
  return Array.from({ length: n }, (_, i) => start + i * step);
}

function weekdaysFrom(start: number, n: number): number[] {
  const out: number[] = [];
  for (let t = start; out.length < n; t += DAY) {
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(t);
  }
  return out;
}

function monthsFrom(y: number, m: number, n: number, step: number, monthEnd: boolean): number[] {
  return Array.from({ length: n }, (_, i) => (monthEnd ? Date.UTC(y, m - 1 + i * step + 1, 0) : Date.UTC(y, m - 1 + i * step, 1)));
}

const fmt = (dec: number) => (c: Cell): string => (typeof c === 'number' ? c.toFixed(dec) : '');

/** 1234.5 → "1.234,50" (decimal comma, '.' thousands). */
function fmtDecimalComma(v: number, dec: number): string {
  const s = Math.abs(v).toFixed(dec);
  const [int, frac] = s.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return (v < 0 ? '-' : '') + grouped + (frac ? ',' + frac : '');
}

function factsOf(file: string, t: Table, frequency: Frequency, notes: string, sheet: { sheets: string[]; sheet: string | null } = { sheets: [], sheet: null }): Facts {
  return facts({ ...sheet, timeName: t.timeName, frequency, times: t.times, columns: t.columns, notes });
}

function tableRows(t: Table, timeText: (ms: number) => string, valueText: (c: Cell, j: number) => string): string[][] {
  const n = t.columns[0].cells.length;
  const out: string[][] = [];
  for (let i = 0; i < n; i++) {
    const row: string[] = t.times ? [timeText(t.times[i])] : [];
    t.columns.forEach((c, j) => row.push(valueText(c.cells[i], j)));
    out.push(row);
  }
  return out;
}

function header(t: Table): string[] {
  return [...(t.timeName ? [t.timeName] : []), ...t.columns.map((c) => c.name)];
}

export function makeFixtures(dir = join(ROOT, 'test', 'fixtures')): Record<string, Entry> {
  const expected: Record<string, Entry> = {};
  const rngFor = (file: string) => new Rng(seedFor(SEED, file));
  const put = (file: string, data: string | Uint8Array) => writeOut(join(dir, file), data);

  // --- daily-comma.csv ---------------------------------------------------------------------
  {
    const file = 'daily-comma.csv';
    const rng = rngFor(file);
    const all = daysFrom(utc(2020, 1, 1), 120);
    const gap = new Set([utc(2020, 2, 10), utc(2020, 2, 11)]);
    const times = all.filter((t) => !gap.has(t));
    const n = times.length;
    const t: Table = {
      timeName: 'Date',
      times,
      columns: [
        { name: 'naphtha', cells: synth(rng, n, { level: 512, trend: 0.15, amp: 12, period: 7, sd: 6, dec: 2 }) },
        { name: 'ethylene', cells: synth(rng, n, { level: 930, trend: 0.3, amp: 18, period: 7, sd: 9, dec: 2 }) },
        { name: 'propylene', cells: synth(rng, n, { level: 870, trend: -0.1, amp: 10, period: 30, sd: 8, dec: 2 }) },
      ],
    };
    put(file, toCsv(header(t), tableRows(t, isoDay, fmt(2))));
    expected[file] = factsOf(file, t, 'daily', 'Plain comma CSV, ISO dates (YYYY-MM-DD), LF, 3 series with 2 decimals. One planted gap: 2020-02-10 and 2020-02-11 are absent (missingSteps 2).');
  }

  // --- semicolon-decimal-comma.csv ----------------------------------------------------------
  {
    const file = 'semicolon-decimal-comma.csv';
    const rng = rngFor(file);
    const times = daysFrom(utc(2021, 3, 1), 75);
    const n = times.length;
    const naphtha: Cell[] = synth(rng, n, { level: 1000, amp: 25, period: 7, sd: 20, dec: 2 });
    naphtha[20] = null; // one empty field (";;")
    const t: Table = {
      timeName: 'Datum',
      times,
      columns: [
        { name: 'Naphtha price (EUR/t)', cells: naphtha },
        { name: 'Ethylene; contract (EUR/t)', cells: synth(rng, n, { level: 1180, trend: 1.2, sd: 15, dec: 2 }) },
        { name: 'Cracker spread (EUR/t)', cells: synth(rng, n, { level: 25, amp: 20, period: 14, sd: 18, dec: 2 }) },
      ],
    };
    const dmy = (ms: number) => {
      const d = new Date(ms);
      return `${pad2(d.getUTCDate())}.${pad2(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
    };
    const rows = tableRows(t, dmy, (c) => (typeof c === 'number' ? fmtDecimalComma(c, 2) : ''));
    put(file, toCsv(header(t), rows, { delim: ';', eol: '\r\n', bom: true, quoteHeader: true }));
    expected[file] = factsOf(
      file,
      t,
      'daily',
      `European export: UTF-8 BOM, CRLF, ';' delimiter, decimal comma with '.' thousands (e.g. "1.234,56"; naphtha crosses 1.000 so both "987,65" and "1.012,34" occur; the spread has negatives like "-12,34"), dates dd.mm.yyyy (days > 12 make day-first unambiguous). Header fields are all quoted, contain spaces, and one contains the delimiter: "Ethylene; contract (EUR/t)". One empty field: naphtha on ${dmy(times[20])}.`,
    );
  }

  // --- tab-separated.tsv ------------------------------------------------------------------------
  {
    const file = 'tab-separated.tsv';
    const rng = rngFor(file);
    const times = monthsFrom(2019, 1, 48, 1, false);
    const n = times.length;
    const t: Table = {
      timeName: 'Month',
      times,
      columns: [
        { name: 'Naphtha ($/t)', cells: synth(rng, n, { level: 560, trend: 2, amp: 30, period: 12, sd: 25, dec: 2 }) },
        { name: 'Ethylene ($/t)', cells: synth(rng, n, { level: 1050, trend: 3, amp: 40, period: 12, sd: 35, dec: 2 }) },
        { name: 'Benzene ($/t)', cells: synth(rng, n, { level: 820, trend: 1, amp: 25, period: 12, phase: 1, sd: 30, dec: 2 }) },
      ],
    };
    put(file, toCsv(header(t), tableRows(t, isoDay, fmt(2)), { delim: '\t', quoteAll: true }));
    expected[file] = factsOf(file, t, 'monthly', 'Tab-delimited; every field is quoted, so all numbers are stored as text ("612.35"); monthly month-start dates 2019-01-01 .. 2022-12-01; LF.');
  }

  // --- title-rows.csv ---------------------------------------------------------------------------
  {
    const file = 'title-rows.csv';
    const rng = rngFor(file);
    const times = daysFrom(utc(2022, 1, 3), 104, 7 * DAY);
    const n = times.length;
    const t: Table = {
      timeName: 'Week',
      times,
      columns: [
        { name: 'HDPE demand (kt)', cells: synth(rng, n, { level: 84, trend: 0.05, amp: 6, period: 52, sd: 2.5, dec: 1 }) },
        { name: 'LLDPE demand (kt)', cells: synth(rng, n, { level: 61, trend: 0.03, amp: 4, period: 52, phase: 0.8, sd: 2, dec: 1 }) },
      ],
    };
    const pre = ['Report: Weekly polymer demand (kt)', 'Generated 2024-01-15 by scripts/make-fixtures.ts', ''];
    put(file, toCsv(header(t), tableRows(t, isoDay, fmt(1)), {}, pre));
    expected[file] = factsOf(file, t, 'weekly', 'Two title lines ("Report: …" and "Generated 2024-01-15 …", which itself contains a date) and a blank line above the header (header is the 4th line, 0-based row 3); weekly Monday dates from 2022-01-03; 1 decimal.');
  }

  // --- hourly-dayfirst.csv ----------------------------------------------------------------------
  {
    const file = 'hourly-dayfirst.csv';
    const rng = rngFor(file);
    const grid = daysFrom(utc(2023, 3, 10), 7 * 24, HOUR);
    const n = grid.length;
    const load = synth(rng, n, { level: 450, amp: 80, period: 24, phase: -1.6, sd: 6, dec: 2 });
    const temp = synth(rng, n, { level: 3.5, amp: 4.5, period: 24, phase: -2, sd: 0.6, phi: 0.9, dec: 1 });
    const dupAt = grid.indexOf(utc(2023, 3, 14, 9));
    const times: number[] = [];
    const cLoad: Cell[] = [];
    const cTemp: Cell[] = [];
    for (let i = 0; i < n; i++) {
      times.push(grid[i]);
      cLoad.push(load[i]);
      cTemp.push(temp[i]);
      if (i === dupAt) {
        times.push(grid[i]);
        cLoad.push(round(load[i] + 1.37, 2));
        cTemp.push(round(temp[i] - 0.2, 1));
      }
    }
    const t: Table = {
      timeName: 'Timestamp',
      times,
      columns: [
        { name: 'Load (MW)', cells: cLoad },
        { name: 'Temperature (C)', cells: cTemp },
      ],
    };
    const dmyhm = (ms: number) => {
      const d = new Date(ms);
      return `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
    };
    put(file, toCsv(header(t), tableRows(t, dmyhm, (c, j) => fmt(j === 0 ? 2 : 1)(c))));
    expected[file] = factsOf(file, t, 'hourly', 'Hourly, timestamps dd/mm/yyyy HH:MM (10/03/2023 00:00 .. 16/03/2023 23:00; days 13–16 > 12 make the day-first order unambiguous; read as UTC). One duplicate timestamp: 14/03/2023 09:00 appears twice (consecutive rows, values differ slightly). Negative temperatures occur.');
  }

  // --- no-date.csv ------------------------------------------------------------------------------
  {
    const file = 'no-date.csv';
    const rng = rngFor(file);
    const n = 50;
    const t: Table = {
      timeName: null,
      times: null,
      columns: [
        { name: 'pressure_bar', cells: synth(rng, n, { level: 12.5, sd: 0.3, phi: 0.8, dec: 3 }) },
        { name: 'flow_m3h', cells: synth(rng, n, { level: 340, amp: 15, period: 10, sd: 5, dec: 3 }) },
      ],
    };
    put(file, toCsv(header(t), tableRows(t, isoDay, fmt(3))));
    expected[file] = factsOf(file, t, 'index', 'No time column at all: 2 numeric columns, 50 rows, 3 decimals. The row index becomes the axis (frequency "index", timeName null, first/last null).');
  }

  // --- business-daily.csv -----------------------------------------------------------------------
  {
    const file = 'business-daily.csv';
    const rng = rngFor(file);
    const times = weekdaysFrom(utc(2023, 1, 2), 130);
    const n = times.length;
    const t: Table = {
      timeName: 'Date',
      times,
      columns: [
        { name: 'spread', cells: synth(rng, n, { level: 42, amp: 5, period: 5, sd: 3, dec: 2 }) },
        { name: 'volume', cells: synth(rng, n, { level: 1500, trend: 1, sd: 60, phi: 0.5, dec: 0 }) },
      ],
    };
    put(file, toCsv(header(t), tableRows(t, isoDay, (c, j) => fmt(j === 0 ? 2 : 0)(c))));
    expected[file] = factsOf(file, t, 'business-daily', 'Weekdays only (no Saturdays or Sundays), 2023-01-02 (Mon) .. 2023-06-30 (Fri), 130 rows; weekends are not missing steps (missingSteps 0). volume is whole numbers.');
  }

  // --- multi-sheet.xlsx -------------------------------------------------------------------------
  {
    const file = 'multi-sheet.xlsx';
    const rng = rngFor(file);
    const sheets = ['Notes', 'Monthly', 'Quarterly'];
    const wb = XLSX.utils.book_new();
    wb.Props = fixedProps('Forecaster fixture: multi-sheet');
    const notes = XLSX.utils.aoa_to_sheet([
      ['About this workbook'],
      ['Synthetic fixture written by scripts/make-fixtures.ts (seed 42).'],
      ['Sheet "Monthly": month-end plant output in kt, with a title row, one #N/A and one #DIV/0! cell.'],
      ['Sheet "Quarterly": quarter-start revenue and volume.'],
      ['This sheet holds only text.'],
    ]);
    notes['!cols'] = [{ wch: 90 }];
    XLSX.utils.book_append_sheet(wb, notes, 'Notes');

    const mt = monthsFrom(2019, 1, 60, 1, true);
    const m = mt.length;
    const crackerB: Cell[] = synth(rng, m, { level: 220, trend: 0.4, amp: 12, period: 12, sd: 6, dec: 2 });
    const aromatics: Cell[] = synth(rng, m, { level: 95, amp: 5, period: 12, phase: 2, sd: 3, dec: 2 });
    const polymer: Cell[] = synth(rng, m, { level: 150, trend: 0.6, amp: 8, period: 12, phase: 1, sd: 4, dec: 2 });
    crackerB[10] = { error: '#N/A' };
    aromatics[25] = null;
    polymer[33] = { error: '#DIV/0!' };
    const monthly: Table = {
      timeName: 'Month end',
      times: mt,
      columns: [
        { name: 'Cracker A', cells: synth(rng, m, { level: 310, trend: 0.5, amp: 15, period: 12, sd: 8, dec: 2 }) },
        { name: 'Cracker B', cells: crackerB },
        { name: 'Aromatics unit', cells: aromatics },
        { name: 'Polymer line', cells: polymer },
      ],
    };
    const mRows = [
      ['Monthly plant output (kt) — synthetic'],
      header(monthly),
      ...mt.map((ms, i) => [dateCell(ms, 'yyyy-mm-dd'), ...monthly.columns.map((c) => valueCell(c.cells[i], '0.00'))]),
    ];
    const mws = XLSX.utils.aoa_to_sheet(mRows);
    mws['!cols'] = [{ wch: 12 }, { wch: 11 }, { wch: 11 }, { wch: 15 }, { wch: 13 }];
    XLSX.utils.book_append_sheet(wb, mws, 'Monthly');

    const qt = monthsFrom(2015, 1, 36, 3, false);
    const q = qt.length;
    const quarterly: Table = {
      timeName: 'Quarter',
      times: qt,
      columns: [
        { name: 'Revenue (M$)', cells: synth(rng, q, { level: 480, trend: 4, amp: 30, period: 4, sd: 15, dec: 1 }) },
        { name: 'Volume (kt)', cells: synth(rng, q, { level: 620, trend: 2, amp: 25, period: 4, phase: 1, sd: 12, dec: 1 }) },
      ],
    };
    const qws = XLSX.utils.aoa_to_sheet([header(quarterly), ...qt.map((ms, i) => [dateCell(ms, 'mmm yyyy'), ...quarterly.columns.map((c) => valueCell(c.cells[i]))])]);
    qws['!cols'] = [{ wch: 10 }, { wch: 13 }, { wch: 12 }];
    XLSX.utils.book_append_sheet(wb, qws, 'Quarterly');

    const bytes = writeWorkbook(wb, 'xlsx');
    checkWorkbook(bytes, 'Monthly', 1, mt, monthly.columns);
    checkWorkbook(bytes, 'Quarterly', 0, qt, quarterly.columns);
    put(file, bytes);
    expected[file] = factsOf(
      file,
      monthly,
      'monthly',
      `Three sheets; "Notes" holds only text, so the first sheet with numeric data is "Monthly". "Monthly": a title row above the header (header at 0-based row 1), month-end date cells (serial + format yyyy-mm-dd) 2019-01-31 .. 2023-12-31, 4 series; Cracker B has #N/A on ${isoDay(mt[10])}, Polymer line has #DIV/0! on ${isoDay(mt[33])} (both error cells → missing), Aromatics unit has an empty cell on ${isoDay(mt[25])}. Values carry number format 0.00.`,
      { sheets, sheet: 'Monthly' },
    );
    expected[`${file}#Quarterly`] = factsOf(
      file,
      quarterly,
      'quarterly',
      'Third sheet of multi-sheet.xlsx (select it explicitly): header in row 0, quarter-start date cells (format "mmm yyyy") 2015-01-01 .. 2023-10-01, 2 series, no gaps.',
      { sheets, sheet: 'Quarterly' },
    );
  }

  // --- dates-1904.xlsx --------------------------------------------------------------------------
  {
    const file = 'dates-1904.xlsx';
    const rng = rngFor(file);
    const times = daysFrom(utc(2021, 1, 1), 90);
    const n = times.length;
    const t: Table = {
      timeName: 'Date',
      times,
      columns: [
        { name: 'Brent ($/bbl)', cells: synth(rng, n, { level: 55, trend: 0.1, sd: 0.8, phi: 0.95, dec: 2 }) },
        { name: 'Naphtha ($/t)', cells: synth(rng, n, { level: 480, trend: 0.8, sd: 6, phi: 0.9, dec: 2 }) },
      ],
    };
    const ws = XLSX.utils.aoa_to_sheet([header(t), ...times.map((ms, i) => [dateCell(ms, 'yyyy-mm-dd', true), ...t.columns.map((c) => valueCell(c.cells[i]))])]);
    ws['!cols'] = [{ wch: 12 }, { wch: 13 }, { wch: 13 }];
    const wb = XLSX.utils.book_new();
    wb.Props = fixedProps('Forecaster fixture: 1904 date system');
    XLSX.utils.book_append_sheet(wb, ws, 'Prices');
    wb.Workbook = { ...(wb.Workbook ?? {}), WBProps: { ...(wb.Workbook?.WBProps ?? {}), date1904: true } };
    const bytes = writeWorkbook(wb, 'xlsx');
    const back = XLSX.read(bytes, { type: 'array' });
    if (!back.Workbook?.WBProps?.date1904) throw new Error('date1904 flag lost on read-back');
    checkWorkbook(bytes, 'Prices', 0, times, t.columns);
    put(file, bytes);
    expected[file] = factsOf(
      file,
      t,
      'daily',
      `1904 date system (workbookPr date1904="true"): serial 0 = 1904-01-01, so 2021-01-01 is stored as ${excelSerial(times[0], true)} (it would be ${excelSerial(times[0])} in the 1900 system; reading with the wrong system shifts every date by 1462 days to 2016-12-31). Daily 2021-01-01 .. 2021-03-31, 2 series. NB: SheetJS sheet_to_json converts date cells with the 1900 system regardless of date1904; cell.w and cellDates:true are right.`,
      { sheets: ['Prices'], sheet: 'Prices' },
    );
  }

  // --- merged-header.xlsx -----------------------------------------------------------------------
  {
    const file = 'merged-header.xlsx';
    const rng = rngFor(file);
    const times = daysFrom(utc(2022, 1, 1), 100);
    const n = times.length;
    const cols = [
      { group: 'Feedstocks', name: 'naphtha', o: { level: 720, sd: 8, phi: 0.9, dec: 2 } },
      { group: 'Feedstocks', name: 'ethane', o: { level: 310, sd: 5, phi: 0.9, dec: 2 } },
      { group: 'Products', name: 'ethylene', o: { level: 1150, amp: 10, period: 7, sd: 10, phi: 0.9, dec: 2 } },
      { group: 'Products', name: 'propylene', o: { level: 1020, sd: 9, phi: 0.9, dec: 2 } },
      { group: 'Products', name: 'butadiene', o: { level: 980, sd: 14, phi: 0.85, dec: 2 } },
    ];
    const t: Table = {
      timeName: 'Date',
      times,
      columns: cols.map((c) => ({ name: `${c.group} · ${c.name}`, cells: synth(rng, n, c.o) })),
    };
    const ws = XLSX.utils.aoa_to_sheet([
      [null, 'Feedstocks', null, 'Products', null, null],
      ['Date', ...cols.map((c) => c.name)],
      ...times.map((ms, i) => [dateCell(ms, 'dd/mm/yyyy'), ...t.columns.map((c) => valueCell(c.cells[i]))]),
    ]);
    ws['!merges'] = [
      { s: { r: 0, c: 1 }, e: { r: 0, c: 2 } },
      { s: { r: 0, c: 3 }, e: { r: 0, c: 5 } },
    ];
    ws['!cols'] = [{ wch: 12 }, { wch: 10 }, { wch: 10 }, { wch: 10 }, { wch: 10 }, { wch: 10 }];
    const wb = XLSX.utils.book_new();
    wb.Props = fixedProps('Forecaster fixture: merged group header');
    XLSX.utils.book_append_sheet(wb, ws, 'Cracker');
    const bytes = writeWorkbook(wb, 'xlsx');
    checkWorkbook(bytes, 'Cracker', 1, times, t.columns);
    const back = XLSX.read(bytes, { type: 'array' });
    const merges = (m: XLSX.Range[] | undefined) => (m ?? []).map((r) => XLSX.utils.encode_range(r)).join(' ');
    if (merges(back.Sheets.Cracker['!merges']) !== 'B1:C1 D1:F1') throw new Error('merges lost on read-back: ' + merges(back.Sheets.Cracker['!merges']));
    put(file, bytes);
    expected[file] = factsOf(
      file,
      t,
      'daily',
      'Two header rows: row 0 is a group header with merged cells B1:C1 = "Feedstocks" and D1:F1 = "Products" (A1 empty), row 1 the real header (Date, naphtha, ethane, ethylene, propylene, butadiene). The importer names columns "group · name". Date cells use format dd/mm/yyyy; daily 2022-01-01 .. 2022-04-10.',
      { sheets: ['Cracker'], sheet: 'Cracker' },
    );
  }

  // --- legacy.xls (BIFF8) -----------------------------------------------------------------------
  {
    const file = 'legacy.xls';
    const rng = rngFor(file);
    const times = daysFrom(utc(2018, 1, 1), 80);
    const n = times.length;
    const eth: Cell[] = synth(rng, n, { level: 1210, amp: 15, period: 7, sd: 12, phi: 0.85, dec: 2 });
    eth[47] = { error: '#N/A' };
    const t: Table = {
      timeName: 'Date',
      times,
      columns: [
        { name: 'Ethylene ($/t)', cells: eth },
        { name: 'Propylene ($/t)', cells: synth(rng, n, { level: 1080, amp: 12, period: 7, sd: 10, phi: 0.85, dec: 2 }) },
      ],
    };
    const ws = XLSX.utils.aoa_to_sheet([header(t), ...times.map((ms, i) => [dateCell(ms, 'yyyy-mm-dd'), ...t.columns.map((c) => valueCell(c.cells[i]))])]);
    const wb = XLSX.utils.book_new();
    wb.Props = fixedProps('Forecaster fixture: legacy xls');
    XLSX.utils.book_append_sheet(wb, ws, 'Sheet1');
    const bytes = writeWorkbook(wb, 'biff8');
    checkWorkbook(bytes, 'Sheet1', 0, times, t.columns);
    put(file, bytes);
    expected[file] = factsOf(
      file,
      t,
      'daily',
      `Legacy Excel 97-2003 (BIFF8 in a CFB container), daily 2018-01-01 .. 2018-03-21, date cells with format yyyy-mm-dd, 2 series; one #N/A error cell (BOOLERR record) in Ethylene on ${isoDay(times[47])}.`,
      { sheets: ['Sheet1'], sheet: 'Sheet1' },
    );
  }

  // --- calc.ods ---------------------------------------------------------------------------------
  {
    const file = 'calc.ods';
    const rng = rngFor(file);
    const times = daysFrom(utc(2021, 1, 4), 78, 7 * DAY);
    const n = times.length;
    const aro: Cell[] = synth(rng, n, { level: 32, amp: 3, period: 52, sd: 1.2, dec: 2 });
    aro[30] = null;
    const t: Table = {
      timeName: 'Week',
      times,
      columns: [
        { name: 'Olefins (kt)', cells: synth(rng, n, { level: 118, trend: 0.1, amp: 7, period: 52, sd: 3, dec: 2 }) },
        { name: 'Polymers (kt)', cells: synth(rng, n, { level: 96, trend: 0.05, amp: 5, period: 52, phase: 1, sd: 2.5, dec: 2 }) },
        { name: 'Aromatics (kt)', cells: aro },
      ],
    };
    // ODS: a Date-typed cell is written as office:value-type="date" (what LibreOffice writes).
    // A number cell with a date format would be written as a plain float; see README.
    const ws = XLSX.utils.aoa_to_sheet([header(t), ...times.map((ms, i) => [{ t: 'd', v: new Date(ms) } as XLSX.CellObject, ...t.columns.map((c) => valueCell(c.cells[i]))])]);
    const wb = XLSX.utils.book_new();
    wb.Props = fixedProps('Forecaster fixture: OpenDocument');
    XLSX.utils.book_append_sheet(wb, ws, 'Weekly');
    const bytes = writeWorkbook(wb, 'ods');
    checkWorkbook(bytes, 'Weekly', 0, times, t.columns);
    put(file, bytes);
    expected[file] = factsOf(
      file,
      t,
      'weekly',
      `OpenDocument spreadsheet, weekly Monday dates 2021-01-04 .. 2022-06-27 stored as office:value-type="date" (SheetJS reads them back as serial numbers with a date format, or Date objects with cellDates), 3 series; one empty cell in Aromatics on ${isoDay(times[30])}. No error cells: SheetJS's ODS writer drops error cells entirely.`,
      { sheets: ['Weekly'], sheet: 'Weekly' },
    );
  }

  // --- bad inputs -------------------------------------------------------------------------------
  put('empty.csv', '');
  expected['empty.csv'] = { error: true, notes: 'Zero bytes. Must fail with a clear "file is empty" message.' };

  put('header-only.csv', 'Date,naphtha,ethylene\n');
  expected['header-only.csv'] = { error: true, notes: 'A header line and no data rows. Must fail: no data.' };

  put('one-row.csv', 'Date,naphtha,ethylene\n2024-01-01,512.5,930.25\n');
  expected['one-row.csv'] = { error: true, notes: 'Header plus a single data row. Must fail: at least 2 rows are needed.' };

  {
    const plants = ['Antwerp', 'Rotterdam', 'Ludwigshafen', 'Tarragona', 'Gdansk', 'Marseille', 'Porvoo', 'Sines'];
    const regions = ['BE', 'NL', 'DE', 'ES', 'PL', 'FR', 'FI', 'PT'];
    const status = ['running', 'turnaround', 'running', 'reduced rate', 'running', 'idle', 'running', 'running'];
    const rows = plants.map((p, i) => [p, regions[i], status[i], i % 3 === 0 ? 'no remarks' : `unit ${String.fromCharCode(65 + i)} checked`]);
    put('text-only.csv', toCsv(['Plant', 'Region', 'Status', 'Comment'], rows));
    expected['text-only.csv'] = { error: true, notes: 'Four text columns, 8 rows, no numbers and no dates. Must fail: "no numeric columns".' };
  }

  {
    const g = rngFor('garbage.csv').bytes(4096);
    put('garbage.csv', g);
    expected['garbage.csv'] = { error: true, notes: `4,096 random bytes (seeded, includes NULs). ${describeSheetJs(g)} The importer must reject it (binary content / no numeric columns).` };
    const gx = rngFor('garbage.xlsx').bytes(4096);
    put('garbage.xlsx', gx);
    expected['garbage.xlsx'] = { error: true, notes: `4,096 random bytes with an .xlsx name (not a ZIP). ${describeSheetJs(gx)} The importer must reject it, not show text columns.` };
  }

  {
    // A valid 400-row daily workbook, cut at 60 % of its bytes.
    const rng = rngFor('truncated.xlsx');
    const times = daysFrom(utc(2020, 1, 1), 400);
    const vals = synth(rng, 400, { level: 600, sd: 8, phi: 0.9, dec: 2 });
    const ws = XLSX.utils.aoa_to_sheet([['Date', 'naphtha'], ...times.map((ms, i) => [dateCell(ms), vals[i]])]);
    const wb = XLSX.utils.book_new();
    wb.Props = fixedProps('Forecaster fixture: to be truncated');
    XLSX.utils.book_append_sheet(wb, ws, 'Data');
    const full = writeWorkbook(wb, 'xlsx');
    const cut = full.slice(0, Math.floor(full.length * 0.6));
    put('truncated.xlsx', cut);
    expected['truncated.xlsx'] = { error: true, notes: `First 60 % (${cut.length} of ${full.length} bytes) of a valid xlsx: the ZIP central directory is missing. ${describeSheetJs(cut)} Must fail with a "damaged or incomplete file" message.` };
  }

  {
    const bytes = encryptedContainer(rngFor('password.xlsx'));
    put('password.xlsx', bytes);
    const msg = describeSheetJs(bytes);
    if (!/password|encrypt/i.test(msg)) throw new Error(`password.xlsx: SheetJS message does not mention a password: ${msg}`);
    expected['password.xlsx'] = {
      error: true,
      notes: `An encrypted (password-protected) Office workbook: a CFB container holding EncryptionInfo (Agile encryption, version 4.4, AES-256/SHA-512 XML descriptor) and EncryptedPackage (size header + random bytes). ${msg} The importer must say the file is password-protected and cannot be read.`,
    };
  }

  writeOut(join(dir, 'expected.json'), JSON.stringify(expected, null, 2) + '\n');
  writeOut(join(dir, 'README.md'), fixturesReadme(expected));
  return expected;
}

/** What SheetJS `XLSX.read` does with some bytes, in one sentence (for notes). */
export function describeSheetJs(bytes: Uint8Array): string {
  try {
    const wb = XLSX.read(bytes, { type: 'array' });
    const ws = wb.Sheets[wb.SheetNames[0]];
    let cells = 0;
    let numeric = 0;
    for (const k of Object.keys(ws ?? {})) {
      if (k[0] === '!') continue;
      cells++;
      const c = ws[k] as XLSX.CellObject;
      if (c.t === 'n' || c.t === 'd') numeric++;
    }
    return `SheetJS XLSX.read does not throw: it yields ${wb.SheetNames.length} sheet(s), the first spanning ${ws?.['!ref'] ?? 'nothing'} with ${cells} cells of which ${numeric} numeric.`;
  } catch (e) {
    return `SheetJS XLSX.read throws: "${(e as Error).message}".`;
  }
}

/** An Office "encrypted package" CFB: what Excel writes when a workbook has an open password. */
function encryptedContainer(rng: Rng): Uint8Array {
  const b64 = (n: number) => Buffer.from(rng.bytes(n)).toString('base64');
  const xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' +
    '<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password" xmlns:c="http://schemas.microsoft.com/office/2006/keyEncryptor/certificate">' +
    `<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="${b64(16)}"/>` +
    `<dataIntegrity encryptedHmacKey="${b64(64)}" encryptedHmacValue="${b64(64)}"/>` +
    '<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">' +
    `<p:encryptedKey spinCount="100000" saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="${b64(16)}" encryptedVerifierHashInput="${b64(16)}" encryptedVerifierHashValue="${b64(64)}" encryptedKeyValue="${b64(32)}"/>` +
    '</keyEncryptor></keyEncryptors></encryption>';
  // EncryptionInfo: version 4.4 (Agile), reserved flags 0x40, then the XML descriptor.
  const info = Buffer.concat([Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]), Buffer.from(xml, 'utf8')]);
  // EncryptedPackage: 8-byte little-endian plaintext size, then ciphertext (here random).
  const body = rng.bytes(4096);
  const pkg = Buffer.alloc(8 + body.length);
  pkg.writeUInt32LE(3817, 0);
  Buffer.from(body).copy(pkg, 8);
  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(cfb, 'EncryptionInfo', info);
  XLSX.CFB.utils.cfb_add(cfb, 'EncryptedPackage', pkg);
  const out = XLSX.CFB.write(cfb, { type: 'buffer' }) as Buffer;
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

function fixturesReadme(expected: Record<string, Entry>): string {
  const lines: string[] = [];
  lines.push(
    '# Importer test fixtures',
    '',
    'Generated by `npm run fixtures` (`scripts/make-fixtures.ts`, seeded PRNG in `scripts/rng.ts`, seed 42).',
    'Do not edit by hand: change the script and regenerate. All data is synthetic.',
    '',
    '`expected.json` lists, per file, the facts a correct importer + check-up must find. Keys are file',
    'names; `multi-sheet.xlsx#Quarterly` describes that workbook\'s third sheet (select it explicitly).',
    '',
    '```jsonc',
    '{',
    '  "sheets": ["..."],        // workbook sheet names in order; [] for text files',
    '  "sheet": "name" | null,   // the sheet these facts describe (first sheet with numeric data); null for text',
    '  "rows": 120,              // data rows below the header, as in the file, before any cleaning (duplicates included)',
    '  "series": 3,              // numeric columns',
    '  "timeName": "Date",       // header of the time column, or null',
    '  "frequency": "daily",     // hourly|daily|business-daily|weekly|monthly|quarterly|yearly|fixed|irregular|index',
    '  "first": "…Z", "last": "…Z", // ISO 8601 UTC of the min and max timestamp; null for index',
    '  "duplicates": 0,          // extra rows with a repeated timestamp',
    '  "missingSteps": 0,        // grid steps absent between first and last (weekends are not steps for business-daily)',
    '  "columns": [ { "name": "naphtha", "count": 118, "mean": 512.34, "errors": 0 } ],',
    '                            // count: non-missing numeric values; mean: their mean (row-order sum / count);',
    '                            // errors: spreadsheet error cells (#N/A, #DIV/0!, …), which are missing',
    '  "notes": "what the fixture exercises"',
    '}',
    '```',
    '',
    'Bad inputs have `{ "error": true, "notes": "…" }` only. Compare means with a relative tolerance',
    '(1e-9): the importer may sum in another order.',
    '',
    'Timestamps without a zone are read as UTC. Numbers in CSV files are written with exactly the',
    'decimals they were rounded to, so the parsed double equals the generated one.',
    '',
    '## Files',
    '',
    '| File | Exercises |',
    '| --- | --- |',
  );
  for (const [k, v] of Object.entries(expected)) lines.push(`| \`${k}\` | ${v.notes.replace(/\|/g, '\\|')} |`);
  lines.push(
    '',
    '## Large inputs (not committed)',
    '',
    '`scripts/big-inputs.ts` (re-exported by `scripts/make-fixtures.ts`) generates them on demand; tests',
    'write into `test/.generated/` (git-ignored):',
    '',
    '- `wideCsv(columns, rows): string` — `columns` columns in total: `Date` plus `columns − 1` series `s1…`;',
    '  daily from 2020-01-01. `wideCsv(100_000, 3)` ≈ 2.8 MB with 10^5 columns.',
    '- `longCellCsv(chars): string` — header `Date,value,other`, 6 daily rows from 2024-01-01; the `value`',
    '  cell on 2024-01-03 is `chars` letters (one invalid cell; `value` has 5 numbers, mean 4.1; `other`',
    '  10..15, mean 12.5). `longCellCsv(1_000_000)` gives a 10^6-character cell.',
    '- `writeHugeCsv(path, targetBytes, { series = 24, start = "1900-01-01" })` → `{ bytes, rows, series,',
    '  first, last }` — streams a valid daily CSV of at least `targetBytes` bytes (at most one row more)',
    '  in 8 MB chunks: 200 MiB in ~1–2 s, ≈ 1.19 M rows, dates 1900-01-01 .. 5156-11-10 with the defaults.',
    '',
  );
  return lines.join('\n');
}

function isMain(): boolean {
  const arg = process.argv[1];
  return arg !== undefined && resolve(arg) === fileURLToPath(import.meta.url);
}

if (isMain()) {
  const expected = makeFixtures();
  console.log(`wrote ${Object.keys(expected).length} entries to test/fixtures/expected.json`);
}
