/**
 * The column builder both parsers feed: decides each column's kind from sample rows, then takes
 * cells one at a time into growable Float64Array columns, counting every cell it cannot use.
 * Nothing here ever holds a row object; a 100,000-column file allocates arrays only for the
 * columns that hold numbers or times, sized from the expected row count.
 */
import { errorCodeOf, isMissingText, parseNumber, shorten, type Cell, type NumberLocale } from './cells';
import { detectDateFormat, parseDate, type DateFormat } from './dates';
import { ImportError, type ColumnKind, type ColumnReport, type Frame, type ImportReport, type Imported } from './frame';
import { list, plural } from './header';

/** Every column's kind and, for time columns read from text, the date format. */
export interface ColumnPlan {
  kinds: ColumnKind[];
  formats: (DateFormat | null)[];
}

/** What the builder needs to know before the first row. */
export interface TableSetup {
  /** Header text per column as found ('' when empty or no header). */
  headers: string[];
  /** Unique display name per column. */
  names: string[];
  plan: ColumnPlan;
  locale: NumberLocale;
  /** Expected number of data rows, to size the columns once (64 when unknown). */
  expectedRows?: number;
  /** Day/month order override for ambiguous date texts found after the sample. */
  dateOrder?: 'dmy' | 'mdy';
  /** Source position of column 0 (reports give absolute sheet columns). */
  firstColumn?: number;
}

/** The parts of the report the parser knows; the builder adds rows, columns and its notes. */
export type ReportBase = Omit<ImportReport, 'rows' | 'columns'>;

const TIME_NAME = /date|time|period|timestamp|datum|fecha|year|month|week/i;
const YEAR_NAME = /^(year|jahr|année|annee|año|ano)$/i;
const MONTH_NAME = /^(month|monat|mois|mes)$/i;

/**
 * Decides each column's kind from the sample rows below the header: 'time' when at least 80% of
 * the non-empty cells are dates (date cells or date texts of one format), 'numeric' when at
 * least half read as numbers, 'empty' when there is no value yet, otherwise 'text'. Missing
 * markers and error cells do not count either way.
 */
export function classifyColumns(rows: readonly (readonly Cell[])[], ncols: number, locale: NumberLocale, dateOrder?: 'dmy' | 'mdy'): ColumnPlan {
  const kinds: ColumnKind[] = new Array<ColumnKind>(ncols);
  const formats: (DateFormat | null)[] = new Array<DateFormat | null>(ncols).fill(null);
  const texts: string[] = [];
  for (let c = 0; c < ncols; c++) {
    let nonEmpty = 0;
    let nums = 0;
    let dates = 0;
    texts.length = 0;
    for (const row of rows) {
      const cell = c < row.length ? row[c] : null;
      if (cell === null || cell === undefined) continue;
      if (typeof cell === 'number') nums++;
      else if (typeof cell === 'string') {
        if (isMissingText(cell) || errorCodeOf(cell) !== null) continue;
        if (Number.isFinite(parseNumber(cell, locale.decimal, locale.thousands))) nums++;
        else texts.push(cell);
      } else if ('date' in cell) dates++;
      else continue;
      nonEmpty++;
    }
    let kind: ColumnKind;
    if (nonEmpty === 0) kind = 'empty';
    else {
      const format = texts.length > 0 ? detectDateFormat(texts, dateOrder) : null;
      let textDates = 0;
      if (format) for (const t of texts) if (Number.isFinite(parseDate(t, format))) textDates++;
      formats[c] = format;
      if (dates + textDates >= 0.8 * nonEmpty) kind = 'time';
      else if (nums >= 0.5 * nonEmpty) kind = 'numeric';
      else kind = 'text';
    }
    kinds[c] = kind;
  }
  return { kinds, formats };
}

const K_EMPTY = 0, K_NUM = 1, K_TIME = 2, K_TEXT = 3;

/** Cell-by-cell column builder; call `row()` before each row's cells, then `finish()`. */
export class TableBuilder {
  /** Data rows taken so far. */
  rows = 0;
  readonly #setup: TableSetup;
  readonly #kind: Uint8Array;
  readonly #data: (Float64Array | null)[];
  readonly #values: Float64Array;
  readonly #invalid: Float64Array;
  readonly #errors: (Record<string, number> | undefined)[];
  readonly #examples: (string[] | undefined)[];
  readonly #formats: (DateFormat | null)[];
  #cap: number;

  constructor(setup: TableSetup) {
    const n = setup.names.length;
    this.#setup = setup;
    this.#cap = Math.max(1, Math.ceil(setup.expectedRows ?? 64));
    this.#kind = new Uint8Array(n);
    this.#data = new Array<Float64Array | null>(n).fill(null);
    this.#values = new Float64Array(n);
    this.#invalid = new Float64Array(n);
    this.#errors = new Array<Record<string, number> | undefined>(n);
    this.#examples = new Array<string[] | undefined>(n);
    this.#formats = setup.plan.formats.slice();
    for (let c = 0; c < n; c++) {
      const k = setup.plan.kinds[c];
      this.#kind[c] = k === 'numeric' ? K_NUM : k === 'time' ? K_TIME : k === 'text' ? K_TEXT : K_EMPTY;
      if (k === 'numeric' || k === 'time') this.#data[c] = new Float64Array(this.#cap).fill(NaN);
    }
  }

  /** Number of columns. */
  get width(): number {
    return this.#kind.length;
  }

  /** Starts a new data row; its cells are missing until set. */
  row(): void {
    if (this.rows === this.#cap) this.#grow();
    this.rows++;
  }

  /** A text cell (every CSV cell; string cells of workbooks). */
  text(c: number, s: string): void {
    const k = this.#kind[c];
    if (k === K_NUM) {
      const v = parseNumber(s, this.#setup.locale.decimal, this.#setup.locale.thousands);
      if (v === v) this.#set(c, v);
      else this.#unreadable(c, s);
    } else if (k === K_TIME) {
      let f = this.#formats[c];
      if (f === null) f = this.#formats[c] = detectDateFormat([s], this.#setup.dateOrder);
      const t = f === null ? NaN : parseDate(s, f);
      if (t === t) this.#set(c, t);
      else this.#unreadable(c, s);
    } else if (k === K_TEXT) {
      if (!isMissingText(s)) {
        const code = errorCodeOf(s);
        if (code === null) this.#values[c]++;
        else this.#error(c, code);
      }
    } else if (!isMissingText(s)) {
      const code = errorCodeOf(s);
      if (code !== null) return this.#error(c, code);
      const v = parseNumber(s, this.#setup.locale.decimal, this.#setup.locale.thousands);
      if (v === v) this.#promote(c, v);
      else {
        this.#kind[c] = K_TEXT;
        this.#values[c]++;
      }
    }
  }

  /** A number cell (workbooks). */
  number(c: number, v: number): void {
    const k = this.#kind[c];
    if (k === K_NUM) this.#set(c, v);
    else if (k === K_TIME) this.#unreadable(c, String(v));
    else if (k === K_TEXT) this.#values[c]++;
    else this.#promote(c, v);
  }

  /** A date cell as epoch ms (workbook numbers with a date format). */
  date(c: number, ms: number): void {
    const k = this.#kind[c];
    if (k === K_TIME && ms === ms) this.#set(c, ms);
    else if (k === K_TIME || k === K_NUM) this.#unreadable(c, ms === ms ? new Date(ms).toISOString().slice(0, 19) : 'invalid date');
    else {
      this.#kind[c] = K_TEXT;
      this.#values[c]++;
    }
  }

  /** A spreadsheet error cell by its code, e.g. '#N/A'. */
  error(c: number, code: string): void {
    this.#error(c, code);
  }

  /**
   * Finishes the table: picks the time axis, copies numeric columns into exact-length arrays
   * and completes the report. Throws ImportError when there is nothing to forecast.
   */
  finish(base: ReportBase): Imported {
    const n = this.rows;
    const { headers, names } = this.#setup;
    const notes = base.notes.slice();
    if (n === 0) {
      throw new ImportError('No data rows found below the header.', 'Check that the right sheet is selected and that the header row setting points at the row of column names.');
    }
    const width = this.width;
    const kinds: ColumnKind[] = Array.from(this.#kind, (k) => (k === K_NUM ? 'numeric' : k === K_TIME ? 'time' : k === K_TEXT ? 'text' : 'empty'));
    let timeCol = -1;
    for (let c = 0; c < width; c++) {
      if (kinds[c] !== 'time') continue;
      if (timeCol < 0 || (!TIME_NAME.test(headers[timeCol]) && TIME_NAME.test(headers[c]))) timeCol = c;
    }
    const extraTime = kinds.map((k, c) => (k === 'time' && c !== timeCol ? `'${names[c]}'` : '')).filter(Boolean);
    let time: Float64Array | null = timeCol >= 0 ? this.#tight(timeCol) : null;
    let timeName = timeCol >= 0 ? names[timeCol] : null;
    if (timeCol >= 0) {
      const f = this.#formats[timeCol];
      notes.push(`Time axis: '${names[timeCol]}'${f ? ` (${f.label})` : ''}.`);
      if (f?.ambiguous) notes.push(`Dates in '${names[timeCol]}' could be day-first or month-first; they were read day-first (${f.label}). Change the date order in the import options if that is wrong.`);
    } else {
      const yearly = this.#yearAxis(kinds);
      if (yearly) [time, timeName] = [yearly.time, names[yearly.col]];
      if (yearly) notes.push(yearly.note);
    }
    if (extraTime.length) notes.push(`Other date columns are not used as series: ${list(extraTime)}.`);
    const frame: Frame = { names: [], cols: [], time: time ?? indexAxis(n), timeName };
    const columns: ColumnReport[] = new Array<ColumnReport>(width);
    const text: string[] = [];
    let empty = 0;
    const bad: string[] = [];
    let badCells = 0;
    const errs: Record<string, number> = {};
    for (let c = 0; c < width; c++) {
      if (kinds[c] === 'numeric') {
        frame.names.push(names[c]);
        frame.cols.push(this.#tight(c));
      } else if (kinds[c] === 'text') text.push(`'${names[c]}'`);
      else if (kinds[c] === 'empty') empty++;
      const errors = this.#errors[c] ?? {};
      let errTotal = 0;
      if (this.#errors[c]) {
        for (const [code, k] of Object.entries(errors)) {
          errTotal += k;
          errs[code] = (errs[code] ?? 0) + k;
        }
      }
      const invalid = this.#invalid[c];
      if (invalid > 0) {
        badCells += invalid;
        bad.push(`'${names[c]}' (${invalid}, e.g. '${this.#examples[c]?.[0] ?? ''}')`);
      }
      columns[c] = {
        index: c + (this.#setup.firstColumn ?? 0), name: names[c], header: headers[c] ?? '', kind: kinds[c], values: this.#values[c],
        missing: n - this.#values[c] - invalid - errTotal, errors, invalid, invalidExamples: this.#examples[c] ?? [],
      };
    }
    if (frame.cols.length === 0) {
      throw new ImportError('No numeric columns found — every column is text or empty. Check the header row and the decimal separator.', 'Forecaster needs at least one column of numbers. If the numbers use a decimal comma, or the column names are on another row, set that in the import options.');
    }
    if (n === 1) {
      throw new ImportError('Only one data row was found — a forecast needs a history of at least two points.', 'Check that the whole table was exported, and that the right sheet and header row are selected.');
    }
    if (time === null) notes.push(`No time column found; rows are numbered 0 to ${n - 1} in file order.`);
    if (text.length) notes.push(`Skipped ${plural(text.length, 'text column', 'text columns')}: ${list(text)}.`);
    if (empty) notes.push(`Skipped ${plural(empty, 'empty column', 'empty columns')}.`);
    if (badCells) notes.push(`${plural(badCells, 'cell', 'cells')} could not be read and ${badCells === 1 ? 'is' : 'are'} treated as missing: ${list(bad, 3)}.`);
    const errList = Object.entries(errs).map(([code, k]) => `${code} ×${k}`);
    if (errList.length) notes.push(`Spreadsheet error cells are treated as missing: ${errList.join(', ')}.`);
    return { frame, report: { ...base, rows: n, columns, notes } };
  }

  /** A numeric 'year' column (integers 1000..3000) as a yearly axis, with a 'month' column if there is one. */
  #yearAxis(kinds: ColumnKind[]): { col: number; time: Float64Array; note: string } | null {
    const { headers, names } = this.#setup;
    const n = this.rows;
    const find = (re: RegExp, lo: number, hi: number) =>
      kinds.findIndex((k, c) => k === 'numeric' && re.test(headers[c].trim()) && this.#allInts(c, lo, hi));
    const yc = find(YEAR_NAME, 1000, 3000);
    if (yc < 0) return null;
    const mc = find(MONTH_NAME, 1, 12);
    const y = this.#data[yc] as Float64Array;
    const m = mc >= 0 ? (this.#data[mc] as Float64Array) : null;
    const time = new Float64Array(n);
    for (let r = 0; r < n; r++) time[r] = y[r] === y[r] ? Date.UTC(y[r], m ? m[r] - 1 : 0, 1) : NaN;
    kinds[yc] = 'time';
    if (mc >= 0) kinds[mc] = 'time';
    const note = m
      ? `Time axis: years in '${names[yc]}' and months in '${names[mc]}' (1st of each month).`
      : `Time axis: years in '${names[yc]}' (1 January of each year).`;
    return { col: yc, time, note };
  }

  /** True when column c holds at least one value and every value is an integer in [lo, hi]. */
  #allInts(c: number, lo: number, hi: number): boolean {
    const d = this.#data[c];
    if (!d || this.#values[c] === 0) return false;
    for (let r = 0; r < this.rows; r++) {
      const v = d[r];
      if (v === v && (v < lo || v > hi || Math.floor(v) !== v)) return false;
    }
    return true;
  }

  /** Column c as an exact-length array (a copy unless it already is one, so transfers are cheap). */
  #tight(c: number): Float64Array {
    const d = this.#data[c] as Float64Array;
    return d.length === this.rows ? d : d.slice(0, this.rows);
  }

  #set(c: number, v: number): void {
    (this.#data[c] as Float64Array)[this.rows - 1] = v;
    this.#values[c]++;
  }

  /** First value of a column that had none in the sample: numbers make it numeric. */
  #promote(c: number, v: number): void {
    this.#kind[c] = K_NUM;
    this.#data[c] = new Float64Array(this.#cap).fill(NaN);
    this.#set(c, v);
  }

  /** A cell that is neither missing nor of the column's kind: error code, or invalid. */
  #unreadable(c: number, s: string): void {
    if (isMissingText(s)) return;
    const code = errorCodeOf(s);
    if (code !== null) return this.#error(c, code);
    this.#invalid[c]++;
    const ex = (this.#examples[c] ??= []);
    if (ex.length < 3) ex.push(shorten(s.trim(), 40));
  }

  #error(c: number, code: string): void {
    const e = (this.#errors[c] ??= {});
    e[code] = (e[code] ?? 0) + 1;
  }

  /** Doubles every allocated column (new slots are NaN = missing). */
  #grow(): void {
    const cap = this.#cap * 2;
    for (let c = 0; c < this.#data.length; c++) {
      const d = this.#data[c];
      if (!d) continue;
      const next = new Float64Array(cap);
      next.set(d);
      next.fill(NaN, d.length);
      this.#data[c] = next;
    }
    this.#cap = cap;
  }
}

/** 0, 1, …, n−1 as the time axis of a file without dates. */
function indexAxis(n: number): Float64Array {
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = i;
  return t;
}
